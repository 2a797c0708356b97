import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelSelector, selectorFromLabelSelector } from './labels.js';
import { StatusError } from './status.js';

describe('label selectors', () => {
  it('parses and matches every operator', () => {
    const s = parseLabelSelector('a=b,c==d,e!=f,g in (h, i),j notin (k),l,!m,n>5,o<3');
    const base = { a: 'b', c: 'd', e: 'x', g: 'i', j: 'z', l: '', n: '6', o: '2' };
    expect(s.matches(base)).toBe(true);
    expect(s.matches({ ...base, m: 'present' })).toBe(false);
    expect(s.matches({ ...base, g: 'zz' })).toBe(false);
    expect(s.matches({ ...base, n: '5' })).toBe(false);
  });

  it('treats != and notin as matching a missing key, = and in as not', () => {
    expect(parseLabelSelector('x!=1').matches({})).toBe(true);
    expect(parseLabelSelector('x notin (1)').matches({})).toBe(true);
    expect(parseLabelSelector('x=1').matches({})).toBe(false);
    expect(parseLabelSelector('x in (1)').matches({})).toBe(false);
  });

  it('refuses malformed selectors with 400', () => {
    for (const bad of ['a=b=c', 'in (a)', 'a in ()', 'Bad Key=1', 'n>x']) {
      expect(() => parseLabelSelector(bad), bad).toThrow(StatusError);
    }
  });

  it('round-trips through toString', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/);
    const value = fc.stringMatching(/^[a-z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), fc.dictionary(key, value, { maxKeys: 5 }), (wanted, labels) => {
        const text = Object.entries(wanted)
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        const s = parseLabelSelector(text);
        const again = parseLabelSelector(s.toString());
        expect(again.matches(labels)).toBe(s.matches(labels));
        expect(s.matches({ ...labels, ...wanted })).toBe(true);
      }),
    );
  });

  it('converts metav1.LabelSelector objects', () => {
    const s = selectorFromLabelSelector({ matchLabels: { a: 'b' }, matchExpressions: [{ key: 'c', operator: 'DoesNotExist' }] });
    expect(s.matches({ a: 'b' })).toBe(true);
    expect(s.matches({ a: 'b', c: '1' })).toBe(false);
  });
});
