import { describe, expect, it } from 'vitest';
import { timestamp } from './time.js';

describe('timestamp', () => {
  it('formats to the second, also when called again within and across seconds', () => {
    expect(timestamp(new Date('2026-12-01T03:52:21.999Z'))).toBe('2026-12-01T03:52:21Z');
    expect(timestamp(new Date('2026-12-01T03:52:21.001Z'))).toBe('2026-12-01T03:52:21Z');
    expect(timestamp(new Date('2026-12-01T03:52:22.000Z'))).toBe('2026-12-01T03:52:22Z');
    expect(timestamp(new Date('1999-01-01T00:00:00.500Z'))).toBe('1999-01-01T00:00:00Z');
  });
});
