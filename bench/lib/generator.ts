// Throughput with the best load generator at hand: wrk when installed, else autocannon (see wrk.ts). Every figure
// notes which one produced it, and the baseline floor is measured with the same one.
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { runWrk, wrkAvailable } from './wrk.js';

export type Generator = 'wrk' | 'autocannon';

export interface ThroughputSpec extends Omit<LoadSpec, 'amount'> {
  /**
   * Items for the warm-up run that precedes the measured one (default: `items`). Creates need their own names: both
   * runs number their requests from 0.
   */
  warmupItems?: LoadSpec['items'];
}

/** Seconds of the same load, not measured, before every throughput figure. */
export const WARMUP_SEC = 1;

/**
 * A duration-bound load (no `amount`: wrk runs for a time, not a count), measured after a warm-up at the same load:
 * a daemon serves for hours, and its first second (code still being compiled by V8, the heap still growing) says
 * little about its throughput. The bare-server floor gets the same warm-up.
 */
export async function runThroughput(spec: ThroughputSpec): Promise<LoadResult & { generator: Generator; perSec: number }> {
  const { warmupItems, ...load } = spec;
  await measure({ ...load, items: warmupItems ?? load.items, durationSec: WARMUP_SEC });
  return measure(load);
}

async function measure(spec: Omit<LoadSpec, 'amount'>): Promise<LoadResult & { generator: Generator; perSec: number }> {
  if (wrkAvailable()) {
    const r = await runWrk(spec);
    return { ...r, generator: 'wrk', perSec: r.expected / r.activeSeconds };
  }
  const r = await runLoad(spec);
  return { ...r, generator: 'autocannon', perSec: r.expected / spec.durationSec };
}

export const generatorNote = (g: Generator) =>
  g === 'wrk'
    ? `32 connections, wrk (1 thread) in its own process, after ${WARMUP_SEC} s of warm-up`
    : `32 connections, autocannon in its own process, after ${WARMUP_SEC} s of warm-up (install wrk for a generator that outruns the daemon)`;
