// Throughput with the best load generator at hand: wrk when installed, else autocannon (see wrk.ts). Every figure
// notes which one produced it, and the baseline floor is measured with the same one.
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { runWrk, wrkAvailable } from './wrk.js';

export type Generator = 'wrk' | 'autocannon';

export interface ThroughputSpec extends Omit<LoadSpec, 'amount' | 'items'> {
  /**
   * The requests, or a function giving those of one run (`warmup`, `1`, `2`, …): every run numbers its requests from
   * 0, so creates name their objects after the run to keep them apart.
   */
  items: LoadSpec['items'] | ((run: string) => LoadSpec['items']);
}

export interface Throughput extends LoadResult {
  generator: Generator;
  /** The median run's rate. */
  perSec: number;
  /** Every measured run's rate, ascending. */
  runs: number[];
}

/** Seconds of the same load, not measured, before every throughput figure. */
const WARMUP_SEC = 1;
/** Measured runs per figure; the median is reported. */
const RUNS = 3;

/**
 * A duration-bound load (no `amount`: wrk runs for a time, not a count): a warm-up at the same load, then RUNS
 * measured runs, reported by the median. A daemon serves for hours, and its first second (code still being compiled
 * by V8, the heap still growing) says little about its throughput; and this machine's speed moves within seconds,
 * so one short run is a sample of the machine as much as of the daemon. The bare-server floor is measured the same way.
 */
export async function runThroughput(spec: ThroughputSpec): Promise<Throughput> {
  const itemsOf = typeof spec.items === 'function' ? spec.items : () => spec.items as LoadSpec['items'];
  await measure({ ...spec, items: itemsOf('warmup'), durationSec: WARMUP_SEC });
  const runs: Array<LoadResult & { generator: Generator; perSec: number }> = [];
  for (let i = 1; i <= RUNS; i++) runs.push(await measure({ ...spec, items: itemsOf(String(i)) }));
  runs.sort((a, b) => a.perSec - b.perSec);
  return { ...runs[Math.floor(runs.length / 2)]!, runs: runs.map((r) => Math.round(r.perSec)) };
}

async function measure(spec: Omit<LoadSpec, 'amount'>): Promise<LoadResult & { generator: Generator; perSec: number }> {
  if (wrkAvailable()) {
    const r = await runWrk(spec);
    return { ...r, generator: 'wrk', perSec: r.expected / r.activeSeconds };
  }
  const r = await runLoad(spec);
  return { ...r, generator: 'autocannon', perSec: r.expected / spec.durationSec };
}

export function generatorNote(t: Throughput): string {
  const generator = t.generator === 'wrk' ? 'wrk (1 thread)' : 'autocannon (install wrk for a generator that outruns the daemon)';
  return `32 connections, ${generator} in its own process; median of ${t.runs.length} runs after ${WARMUP_SEC} s of warm-up (runs: ${t.runs.join(', ')})`;
}
