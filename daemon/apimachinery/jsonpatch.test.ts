import fc from 'fast-check';
import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError, MAX_COPY_BYTES } from './jsonpatch.js';

type Doc = Record<string, unknown>;
const apply = (doc: unknown, ops: unknown[], limits = {}) => applyJsonPatch(structuredClone(doc) as Doc, ops, limits);
const fails = (doc: unknown, ops: unknown[], limits = {}) => expect(() => apply(doc, ops, limits)).toThrow(JsonPatchError);

describe('JSON patch as evanphx/json-patch.v4 applies it', () => {
  it('applies the RFC 6902 operations', () => {
    const doc = { a: { b: [1, 2, 3] }, c: 'x' };
    expect(apply(doc, [{ op: 'add', path: '/a/b/1', value: 9 }])).toEqual({ a: { b: [1, 9, 2, 3] }, c: 'x' });
    expect(apply(doc, [{ op: 'add', path: '/a/b/-', value: 4 }])).toEqual({ a: { b: [1, 2, 3, 4] }, c: 'x' });
    expect(apply(doc, [{ op: 'remove', path: '/a/b/0' }])).toEqual({ a: { b: [2, 3] }, c: 'x' });
    expect(apply(doc, [{ op: 'replace', path: '/c', value: { d: 1 } }])).toEqual({ a: { b: [1, 2, 3] }, c: { d: 1 } });
    expect(apply(doc, [{ op: 'move', from: '/c', path: '/a/c' }])).toEqual({ a: { b: [1, 2, 3], c: 'x' } });
    expect(apply(doc, [{ op: 'copy', from: '/a/b', path: '/e' }])).toEqual({ a: { b: [1, 2, 3] }, c: 'x', e: [1, 2, 3] });
    expect(apply(doc, [{ op: 'test', path: '/a', value: { b: [1, 2, 3] } }])).toEqual(doc);
    fails(doc, [{ op: 'test', path: '/a/b/0', value: 2 }]);
  });

  it('keeps its quirks: replace adds, negative indices, missing values are null, the first segment is skipped', () => {
    expect(apply({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toEqual({ a: 1, b: 2 });
    expect(apply({ l: [1, 2, 3] }, [{ op: 'remove', path: '/l/-1' }])).toEqual({ l: [1, 2] });
    // -1 counts from the end of the grown list: the item goes last.
    expect(apply({ l: [1, 2, 3] }, [{ op: 'add', path: '/l/-1', value: 0 }])).toEqual({ l: [1, 2, 3, 0] });
    expect(apply({ l: [1, 2, 3] }, [{ op: 'add', path: '/l/-4', value: 0 }])).toEqual({ l: [0, 1, 2, 3] });
    expect(apply({ a: 1 }, [{ op: 'add', path: '/b' }])).toEqual({ a: 1, b: null });
    expect(apply({ a: 1 }, [{ op: 'add', path: 'anything/b', value: 2 }])).toEqual({ a: 1, b: 2 });
    expect(apply({ a: 1 }, [{ op: 'copy', from: '/missing', path: '/b' }])).toEqual({ a: 1, b: null });
    expect(apply({ a: 1 }, [{ op: 'test', path: '/missing', value: null }])).toEqual({ a: 1 });
    expect(apply({ 'a/b': { '~': 1 } }, [{ op: 'replace', path: '/a~1b/~0', value: 2 }])).toEqual({ 'a/b': { '~': 2 } });
    expect(apply({ a: 1 }, [{ op: 'replace', path: '', value: { z: 1 } }])).toEqual({ z: 1 });
  });

  it('refuses what it refuses', () => {
    fails({ a: 1 }, [{ op: 'remove', path: '/b' }]);
    fails({ l: [1] }, [{ op: 'add', path: '/l/2', value: 0 }]);
    fails({ l: [1] }, [{ op: 'add', path: '/l/01x', value: 0 }]);
    fails({ a: 1 }, [{ op: 'add', path: '', value: {} }]);
    fails({ a: 1 }, [{ op: 'replace', path: '', value: 'scalar' }]);
    fails({ a: 1 }, [{ op: 'frobnicate', path: '/a' }]);
    fails({ a: 1 }, [{ op: 'add', path: 5, value: 0 }]);
    fails({ a: 1 }, [{}]);
    fails({ a: 'x' }, [{ op: 'add', path: '/a/b', value: 0 }]);
    fails({ a: null }, [{ op: 'add', path: '/a/b', value: 0 }]);
  });

  it('refuses a move whose target parent is a scalar once the source is removed', () => {
    // Removing /a/0 shifts the list: /a/1 is then `false`, which has no member 0.
    fails({ a: [false, [1], false] }, [{ op: 'move', from: '/a/0', path: '/a/1/0' }]);
  });

  it('never moves a value into itself, nor the root anywhere', () => {
    const doc = { spec: { x: 1 }, metadata: { name: 'a' } };
    fails(doc, [{ op: 'move', path: '/spec', from: '' }]);
    fails(doc, [{ op: 'move', path: '/spec/inner', from: '/spec' }]);
    fails(doc, [{ op: 'copy', path: '/spec', from: '' }]);
    expect(apply(doc, [{ op: 'move', path: '/spec', from: '/spec' }])).toEqual(doc);
  });

  it('bounds what copies add, as kube bounds it (3 MiB)', () => {
    const big = { a: 'x'.repeat(1024 * 1024) };
    const copies = (n: number) => Array.from({ length: n }, (_, i) => ({ op: 'copy', from: '/a', path: `/c${i}` }));
    expect(Object.keys(apply(big, copies(2)))).toHaveLength(3);
    fails(big, copies(3));
    // Doubling a document by copying it into itself stops at the limit, long before memory does.
    const doubling = Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/d', path: `/d/c${i}` }));
    fails({ d: { s: 'x'.repeat(1000) } }, doubling);
    expect(MAX_COPY_BYTES).toBe(3 * 1024 * 1024);
  });

  it('bounds how many array elements operations may shift', () => {
    const l = Array.from({ length: 1000 }, (_, i) => i);
    const inserts = (n: number) => Array.from({ length: n }, () => ({ op: 'add', path: '/l/0', value: 0 }));
    expect((apply({ l }, inserts(10), { maxShiftedElements: 20_000 }) as { l: unknown[] }).l).toHaveLength(1010);
    fails({ l }, inserts(30), { maxShiftedElements: 20_000 });
    // Appends and removals at the tail shift nothing.
    expect(
      (
        apply(
          { l },
          Array.from({ length: 100 }, () => ({ op: 'add', path: '/l/-', value: 0 })),
          { maxShiftedElements: 0 },
        ) as { l: unknown[] }
      ).l,
    ).toHaveLength(1100);
  });

  it('does not change the operations it applies (a retry applies them again)', () => {
    const ops = [
      { op: 'add', path: '/a', value: { deep: [1] } },
      { op: 'add', path: '/a/deep/-', value: 2 },
    ];
    const before = structuredClone(ops);
    apply({}, ops);
    expect(ops).toEqual(before);
  });

  // The operations RFC 6902 and evanphx agree on (existing paths, no negative indices), checked against another library.
  it('agrees with fast-json-patch where RFC 6902 and kube agree', () => {
    const key = fc.constantFrom('a', 'b', 'c');
    const leaf = fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null), fc.boolean());
    const doc = fc.dictionary(key, fc.oneof(leaf, fc.dictionary(key, leaf), fc.array(leaf, { maxLength: 4 })));
    fc.assert(
      fc.property(
        doc,
        fc.array(fc.tuple(fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test'), fc.nat(20), fc.nat(20), leaf), {
          maxLength: 6,
        }),
        (d, raw) => {
          const ours = structuredClone(d) as Doc;
          const theirs = structuredClone(d) as Doc;
          for (const [op, i, j, value] of raw) {
            const paths = existingPaths(ours);
            if (paths.length === 0) return;
            const path = paths[i % paths.length]!;
            const from = paths[j % paths.length]!;
            if ((op === 'move' && (path === from || path.startsWith(`${from}/`))) || (op !== 'remove' && op !== 'test' && path === ''))
              return;
            const o = { op, path, from, value };
            if (op === 'move' && !parentIsContainerAfterRemoving(ours, from, path)) {
              // fast-json-patch silently drops a move whose target's parent, once `from` is gone, is a scalar;
              // evanphx (and RFC 6902) refuse it.
              expect(() => applyJsonPatch(structuredClone(ours), [o])).toThrow(JsonPatchError);
              return;
            }
            let oursFailed = false;
            try {
              applyJsonPatch(ours, [o]);
            } catch (err) {
              expect(err).toBeInstanceOf(JsonPatchError);
              oursFailed = true;
            }
            let theirsFailed = false;
            try {
              fastJsonPatch.applyOperation(theirs, o as fastJsonPatch.Operation, true, true, true);
            } catch {
              theirsFailed = true;
            }
            expect(oursFailed).toBe(theirsFailed);
            if (oursFailed) return;
            expect(ours).toEqual(theirs);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Whether `path`'s parent is still an object or array once `from` has been removed (the first half of a move). */
function parentIsContainerAfterRemoving(doc: Doc, from: string, path: string): boolean {
  const removed = structuredClone(doc);
  fastJsonPatch.applyOperation(removed, { op: 'remove', path: from }, true, true, true);
  const parent = path.split('/').slice(1, -1);
  let at: unknown = removed;
  for (const segment of parent) {
    if (at === null || typeof at !== 'object') return false;
    at = (at as Record<string, unknown>)[segment];
  }
  return at !== null && typeof at === 'object';
}

/** Every pointer to an existing member (not the root). */
function existingPaths(doc: unknown, prefix = ''): string[] {
  const out: string[] = [];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(`${prefix}/${i}`, ...existingPaths(v, `${prefix}/${i}`)));
  else if (doc && typeof doc === 'object')
    for (const [k, v] of Object.entries(doc)) out.push(`${prefix}/${k}`, ...existingPaths(v, `${prefix}/${k}`));
  return out;
}
