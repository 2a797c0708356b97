import { describe, expect, it } from 'vitest';
import { ageCell, humanDuration } from './duration.js';

describe('humanDuration', () => {
  it('formats like apimachinery', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [-5 * s, '<invalid>'],
      [-500, '0s'],
      [59 * s, '59s'],
      [119 * s, '119s'],
      [2 * 60 * s, '2m'],
      [(5 * 60 + 7) * s, '5m7s'],
      [75 * 60 * s, '75m'],
      [(4 * 3600 + 30 * 60) * s, '4h30m'],
      [30 * 3600 * s, '30h'],
      [(3 * 24 + 5) * 3600 * s, '3d5h'],
      [400 * 24 * 3600 * s, '400d'],
      [(3 * 365 + 10) * 24 * 3600 * s, '3y10d'],
      [9 * 365 * 24 * 3600 * s, '9y'],
    ];
    for (const [ms, want] of cases) expect(humanDuration(ms), String(ms)).toBe(want);
  });

  it('prints <unknown> without a timestamp', () => {
    expect(ageCell(undefined, Date.now())).toBe('<unknown>');
    expect(ageCell('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:00:42Z'))).toBe('42s');
  });
});
