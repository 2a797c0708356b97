// Percentiles and the figure record every scenario emits.
import { cpus, totalmem } from 'node:os';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  p50?: number;
  p99?: number;
  target?: string;
  /** The physical limit this figure is compared with, when one applies. */
  limit?: number;
  ratio?: number;
  note?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return { p50: round(percentile(s, 50)), p99: round(percentile(s, 99)), mean: round(mean) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function machine(): Record<string, unknown> {
  const c = cpus();
  return { cpus: c.length, model: c[0]?.model ?? 'unknown', memGiB: round(totalmem() / 2 ** 30, 1), node: process.version };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
