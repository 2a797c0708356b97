import type { Figure } from '../lib/stats.js';

export interface BenchContext {
  quick: boolean;
  /** Physical limits measured by the baseline scenario in this run. */
  limits: { httpGetPerSec?: number; sqliteInsertsPerSec?: number };
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}
