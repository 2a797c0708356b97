// npm run bench [-- --quick] [-- <scenario> …]: runs the scenarios, prints a table and one JSON line per
// figure, and writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/daemon.js';
import { machine, type Figure } from './lib/stats.js';
import { admission } from './scenarios/admission.js';
import { apis } from './scenarios/apis.js';
import { baseline } from './scenarios/baseline.js';
import { cli } from './scenarios/cli.js';
import { coldStart } from './scenarios/cold-start.js';
import { crds } from './scenarios/crds.js';
import { memory } from './scenarios/memory.js';
import { metricsCardinality } from './scenarios/metrics.js';
import { mounts } from './scenarios/mounts.js';
import { throughput } from './scenarios/throughput.js';
import type { BenchContext, Scenario } from './scenarios/types.js';
import { watchFanout } from './scenarios/watch-fanout.js';
import { workspaces } from './scenarios/workspaces.js';

const ALL: Scenario[] = [
  baseline,
  coldStart,
  workspaces,
  memory,
  throughput,
  crds,
  watchFanout,
  metricsCardinality,
  mounts,
  admission,
  apis,
  cli,
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      `usage: npm run bench [-- --quick] [-- <scenario>…]\nscenarios:\n${ALL.map((s) => `  ${s.name.padEnd(14)} ${s.description}`).join('\n')}\n`,
    );
    return;
  }
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !ALL.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario(s): ${unknown.join(', ')} (known: ${ALL.map((s) => s.name).join(', ')})`);
  // The limits are measured first so every later figure can be compared with them.
  const chosen = names.length ? ALL.filter((s) => s.name === 'baseline' || names.includes(s.name)) : ALL;
  const ctx: BenchContext = { quick, limits: {} };
  const m = machine();
  const all: Array<Figure & { scenario: string }> = [];
  let failed = 0;
  for (const s of chosen) {
    const t0 = performance.now();
    process.stderr.write(`# ${s.name}: ${s.description}\n`);
    try {
      for (const f of await s.run(ctx)) {
        all.push({ ...f, scenario: s.name });
        process.stdout.write(`${JSON.stringify({ ...f, machine: m })}\n`);
      }
    } catch (err) {
      failed++;
      process.stderr.write(`# ${s.name} failed: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.stderr.write(`# ${s.name} took ${Math.round(performance.now() - t0)} ms\n`);
  }
  const rows = all.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.p99 !== undefined ? `p50 ${f.p50} / p99 ${f.p99}` : '',
    f.target ?? '',
    f.ratio !== undefined ? `${f.ratio}× limit` : '',
  ]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]!.length), 4));
  process.stderr.write('\n');
  for (const r of rows) process.stderr.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ when: new Date().toISOString(), quick, machine: m, figures: all }, null, 2)}\n`,
  );
  if (failed) process.exitCode = 1;
}

void main();
