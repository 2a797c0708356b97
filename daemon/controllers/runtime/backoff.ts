// Per-key exponential backoff with a cap, as client-go's ItemExponentialFailureRateLimiter: a key that keeps failing
// waits base·2^(failures-1), never longer than the cap; one success forgets its history.
export interface BackoffOptions {
  /** Delay after the first failure. */
  baseMs: number;
  /** Upper bound of any delay. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 5, capMs: 30_000 };

export class Backoff {
  private readonly failures = new Map<string, number>();

  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {}

  /** Records a failure of `key` and returns how long to wait before its next attempt. */
  next(key: string): number {
    const n = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, n);
    // 2^n overflows to Infinity long before n is a concern; min() turns that into the cap.
    return Math.min(this.opts.baseMs * 2 ** (n - 1), this.opts.capMs);
  }

  /** How many times in a row `key` has failed. */
  attempts(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Keys with a failure history (bounded by the keys that are failing right now). */
  get size(): number {
    return this.failures.size;
  }
}
