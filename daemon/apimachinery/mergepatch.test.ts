import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch, createMergePatch } from './mergepatch.js';

const noNulls = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('null'));

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null, replaces arrays', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: null, x: 1 }, e: [3] })).toEqual({ a: 1, b: { d: 3, x: 1 }, e: [3] });
  });

  it('apply(a, create(a, b)) equals b', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), noNulls), fc.dictionary(fc.string(), noNulls), (a, b) => {
        expect(applyMergePatch(a, createMergePatch(a, b))).toEqual(b);
      }),
    );
  });

  it('does not modify its inputs', () => {
    const a = { x: { y: 1 } };
    applyMergePatch(a, { x: { y: 2 } });
    expect(a).toEqual({ x: { y: 1 } });
  });
});
