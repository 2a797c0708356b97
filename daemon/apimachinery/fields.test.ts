import { describe, expect, it } from 'vitest';
import { parseFieldSelector } from './fields.js';

describe('field selectors', () => {
  it('parses =, == and != with escapes', () => {
    const s = parseFieldSelector('metadata.name=a\\,b,status.phase!=Terminating,type==Opaque');
    expect(s.requirements).toEqual([
      { field: 'metadata.name', op: '=', value: 'a,b' },
      { field: 'status.phase', op: '!=', value: 'Terminating' },
      { field: 'type', op: '=', value: 'Opaque' },
    ]);
    const get = (f: string) => ({ 'metadata.name': 'a,b', 'status.phase': 'Active', type: 'Opaque' })[f];
    expect(s.matches(get)).toBe(true);
  });

  it('refuses terms without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(/invalid selector/);
  });
});
