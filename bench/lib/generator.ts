// Throughput with the best load generator at hand: wrk when installed, else autocannon (see wrk.ts). Every figure
// notes which one produced it, and the baseline floor is measured with the same one.
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { runWrk, wrkAvailable } from './wrk.js';

export type Generator = 'wrk' | 'autocannon';

/** A duration-bound load (no `amount`: wrk runs for a time, not a count). */
export async function runThroughput(spec: Omit<LoadSpec, 'amount'>): Promise<LoadResult & { generator: Generator; perSec: number }> {
  if (wrkAvailable()) {
    const r = await runWrk(spec);
    return { ...r, generator: 'wrk', perSec: r.expected / r.activeSeconds };
  }
  const r = await runLoad(spec);
  return { ...r, generator: 'autocannon', perSec: r.expected / spec.durationSec };
}

export const generatorNote = (g: Generator) =>
  g === 'wrk'
    ? '32 connections, wrk (1 thread) in its own process'
    : '32 connections, autocannon in its own process (install wrk for a generator that outruns the daemon)';
