// npm run fuzz -- [--seconds N] [--seed S]: the fuzz test's engine for a longer run; prints findings, exits 1 on any.
import { runFuzz } from './engine.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

const seconds = arg('seconds', 60);
const seed = arg('seed', Date.now() % 2 ** 31);
process.stderr.write(`fuzz: seed ${seed}, ${seconds} s\n`);
const report = await runFuzz({ seconds, seed, log: (l) => process.stderr.write(`${l}\n`) });
process.stdout.write(
  `${JSON.stringify({ seed, seconds, cases: report.cases, requests: report.requests, byStatus: report.byStatus, alive: report.alive, findings: report.findings.length })}\n`,
);
for (const f of report.findings) process.stdout.write(`\n${f.what} → ${f.status}\n  ${f.request}\n  ${f.answer}\n`);
process.exitCode = report.findings.length || !report.alive ? 1 : 0;
