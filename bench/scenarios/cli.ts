// The CLI as a user types it: wall time of each command (spawn to exit), median of ≥ 10 runs, against a detached
// ephemeral control plane holding 20 workspaces, compared with the targets and with `kubectl get ns` and
// `node -e 0` on the same machine (what no plugin can beat).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../lib/daemon.js';
import { round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

interface Case {
  name: string;
  /** argv; `{i}` is replaced by the run's number (unique workspace names). */
  argv: string[];
  targetMs?: number;
  /** Runs before each timed run, untimed (e.g. go to the workspace the command starts from). */
  before?: string[];
}

function time(argv: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

export const cli: Scenario = {
  name: 'cli',
  description: 'kubectl ws / create workspace / kcpx status / kcpx run: median wall time per command (targets from issue 18)',
  run(ctx) {
    const runs = ctx.quick ? 10 : 20;
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-cli-'));
    const env = {
      ...process.env,
      PATH: `${join(ROOT, 'bin')}:${process.env['PATH']}`,
      KUBECONFIG: join(dir, 'admin.kubeconfig'),
      KUBECACHEDIR: join(dir, 'cache'),
      NO_COLOR: '1',
    };
    const kcpx = join(ROOT, 'bin/kcpx');
    time([kcpx, 'start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0'], env);
    try {
      for (let i = 0; i < 20; i++) time(['kubectl', 'create', 'workspace', `w${i}`], env);
      const cases: Case[] = [
        { name: 'node -e 0 (floor)', argv: [process.execPath, '-e', '0'] },
        { name: 'kubectl get ns (reference)', argv: ['kubectl', 'get', 'ns'] },
        { name: 'kubectl ws .', argv: ['kubectl', 'ws', '.'], targetMs: 200 },
        { name: 'kubectl ws current', argv: ['kubectl', 'ws', 'current'], targetMs: 200 },
        { name: 'kubectl ws use :root:w1', argv: ['kubectl', 'ws', 'use', ':root:w1'], targetMs: 200 },
        { name: 'kubectl ws ..', argv: ['kubectl', 'ws', '..'], before: ['kubectl', 'ws', ':root:w1'], targetMs: 200 },
        { name: 'kubectl ws -', argv: ['kubectl', 'ws', '-'], targetMs: 200 },
        { name: 'kubectl ws ~', argv: ['kubectl', 'ws', '~'], targetMs: 200 },
        { name: 'kubectl ws tree (20 workspaces)', argv: ['kubectl', 'ws', 'tree'], before: ['kubectl', 'ws', ':root'], targetMs: 200 },
        {
          name: 'kubectl create workspace',
          argv: ['kubectl', 'create', 'workspace', 'bench-{i}'],
          before: ['kubectl', 'ws', ':root:w2'],
          targetMs: 300,
        },
        { name: 'kcpx status', argv: [kcpx, 'status', '--root-dir', dir], targetMs: 200 },
        { name: 'kcpx run -- true', argv: [kcpx, 'run', '--', 'true'], targetMs: 500 },
      ];
      const figures: Figure[] = [];
      for (const c of cases) {
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          if (c.before) time(c.before, env);
          samples.push(
            time(
              c.argv.map((a) => a.replace('{i}', String(i))),
              env,
            ),
          );
        }
        const s = summarize(samples);
        figures.push({
          name: `cli: ${c.name}`,
          value: s.p50,
          unit: 'ms',
          p50: s.p50,
          p99: s.p99,
          ...(c.targetMs !== undefined ? { target: `≤ ${c.targetMs} ms${s.p50 <= c.targetMs ? '' : ' (missed)'}` } : {}),
          note: `median of ${runs} runs, min ${round(Math.min(...samples))} ms`,
        });
      }
      return Promise.resolve(figures);
    } finally {
      spawnSync(kcpx, ['stop', '--root-dir', dir], { env });
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
