// The wall-clock backstop of CEL evaluation: JavaScript running past the deadline is terminated.
import { describe, expect, it } from 'vitest';
import { TIMED_OUT, withDeadline } from './cel-deadline.js';

describe('withDeadline', () => {
  it('terminates a computation that runs past the deadline, and the next one runs normally', () => {
    const started = performance.now();
    expect(
      withDeadline(50, () => {
        for (;;);
      }),
    ).toBe(TIMED_OUT);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(withDeadline(1_000, () => 42)).toBe(42);
  });

  it('passes on what the computation throws', () => {
    expect(() =>
      withDeadline(1_000, () => {
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
  });
});
