import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMergePatch, createMergePatch } from './mergepatch.js';

const noNulls = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('null'));

describe('JSON merge patch (RFC 7386)', () => {
  it('merges maps, deletes with null, replaces arrays', () => {
    expect(applyMergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: null, x: 1 }, e: [3] })).toEqual({
      a: 1,
      b: { d: 3, x: 1 },
      e: [3],
    });
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

  it("prunes nulls where kube's library does: in values that land on nothing or on a non-object", () => {
    expect(applyMergePatch({}, { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } });
    expect(applyMergePatch({ l: [0] }, { l: [1, null, { x: null, y: 2 }] })).toEqual({ l: [1, { y: 2 }] });
    expect(applyMergePatch({ l: { x: 1 } }, { l: [1, null] })).toEqual({ l: [1, null] });
    expect(applyMergePatch({ a: null }, { a: { b: null } })).toEqual({ a: {} });
  });

  it('shares nothing of the patch with the result', () => {
    const patch = { a: { b: [1] }, c: [{ d: 1 }] };
    const out = applyMergePatch({ a: 'x', c: {} }, patch) as typeof patch;
    out.a.b.push(2);
    out.c[0]!.d = 2;
    expect(patch).toEqual({ a: { b: [1] }, c: [{ d: 1 }] });
  });
});
