import { describe, expect, it } from 'vitest';
import { StatusError } from './status.js';
import { applyStrategicMergePatch } from './strategicpatch.js';
import type { Schema } from './types.js';

const schema: Schema = {
  type: 'object',
  properties: {
    metadata: {
      type: 'object',
      properties: {
        finalizers: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
        ownerReferences: {
          type: 'array',
          items: { type: 'object' },
          'x-kubernetes-patch-strategy': 'merge',
          'x-kubernetes-patch-merge-key': 'uid',
        },
      },
    },
    rules: { type: 'array', items: { type: 'object' } },
  },
};

describe('strategic merge patch', () => {
  it('applies the directives kubectl apply sends (finalizers and ownerReferences)', () => {
    const live = {
      metadata: {
        finalizers: ['example.com/a', 'example.com/b'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o1', uid: 'u1' }],
      },
    };
    const patch = {
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['example.com/b'],
        '$setElementOrder/finalizers': ['example.com/c', 'example.com/a'],
        '$setElementOrder/ownerReferences': [{ uid: 'u2' }, { uid: 'u1' }],
        finalizers: ['example.com/c'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o2', uid: 'u2' }],
      },
    };
    expect(applyStrategicMergePatch(live, patch, schema)).toEqual({
      metadata: {
        finalizers: ['example.com/c', 'example.com/a'],
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'o2', uid: 'u2' },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'o1', uid: 'u1' },
        ],
      },
    });
  });

  it('merges keyed list elements and deletes with $patch: delete', () => {
    const live = {
      metadata: {
        ownerReferences: [
          { uid: 'u1', name: 'a' },
          { uid: 'u2', name: 'b' },
        ],
      },
    };
    const out = applyStrategicMergePatch(
      live,
      {
        metadata: {
          ownerReferences: [
            { uid: 'u1', name: 'A' },
            { uid: 'u2', $patch: 'delete' },
          ],
        },
      },
      schema,
    );
    expect(out).toEqual({ metadata: { ownerReferences: [{ uid: 'u1', name: 'A' }] } });
  });

  it('replaces lists without a strategy, maps with $patch: replace, and honours $retainKeys', () => {
    expect(
      applyStrategicMergePatch(
        { rules: [{ a: 1 }], data: { a: '1', b: '2' } },
        { rules: [{ b: 2 }], data: { $patch: 'replace', c: '3' } },
        schema,
      ),
    ).toEqual({
      rules: [{ b: 2 }],
      data: { c: '3' },
    });
    expect(applyStrategicMergePatch({ spec: { a: 1, b: 2 } }, { spec: { $retainKeys: ['a', 'c'], c: 3 } })).toEqual({
      spec: { a: 1, c: 3 },
    });
  });

  it('deletes keys set to null and refuses unknown directives', () => {
    expect(applyStrategicMergePatch({ data: { a: '1', b: '2' } }, { data: { a: null } })).toEqual({ data: { b: '2' } });
    expect(() => applyStrategicMergePatch({}, { $bogus: 1 })).toThrow(StatusError);
  });

  it("orders as kube's mergeSortedSlice does: new items ahead, live ones in their order, patched ones by the patch", () => {
    const live = { metadata: { finalizers: ['a', 'b'], ownerReferences: [{ uid: 'u1' }, { uid: 'u2' }] } };
    expect(
      applyStrategicMergePatch(
        structuredClone(live),
        { metadata: { finalizers: ['c', 'a'], ownerReferences: [{ uid: 'u3' }, { uid: 'u2', name: 'x' }] } },
        schema,
      ),
    ).toEqual({
      metadata: { finalizers: ['c', 'a', 'b'], ownerReferences: [{ uid: 'u3' }, { uid: 'u1' }, { uid: 'u2', name: 'x' }] },
    });
  });

  it('empties a map with $patch: delete, as kube does', () => {
    expect(applyStrategicMergePatch({ spec: { a: 1 }, b: 2 }, { spec: { $patch: 'delete' } })).toEqual({ spec: {}, b: 2 });
  });

  it('refuses malformed directives with kube messages, as 400s (422 for lists of lists)', () => {
    const refusal = (original: unknown, patch: unknown) => {
      try {
        applyStrategicMergePatch(structuredClone(original), patch, schema);
      } catch (err) {
        return `${(err as StatusError).status.code} ${(err as StatusError).status.message}`;
      }
      return 'applied';
    };
    const live = { metadata: { finalizers: ['a'], ownerReferences: [{ uid: 'u1' }] }, spec: { a: 1 } };
    expect(refusal(live, { spec: { $retainKeys: 'a' } })).toBe('400 invalid patch format of retainKeys');
    expect(refusal(live, { spec: { $retainKeys: ['a'], b: 2 } })).toBe('400 invalid patch format of retainKeys');
    expect(refusal(live, { metadata: { '$setElementOrder/finalizers': 'a' } })).toBe(
      '400 expected a []interface {}, but received a string',
    );
    expect(refusal(live, { metadata: { '$setElementOrder/finalizers': { a: 1 } } })).toBe(
      '400 expected a []interface {}, but received a map[string]interface {}',
    );
    expect(refusal(live, { metadata: { $setElementOrderX: ['a'] } })).toBe('400 invalid patch format of setElementOrder list');
    expect(refusal(live, { metadata: { '$deleteFromPrimitiveListX/y': ['a'] } })).toBe('400 invalid patch format of primitive list');
    expect(refusal(live, { spec: { $patch: 'bogus', a: 1 } })).toBe('400 unknown patch type: bogus in map: map[$patch:bogus a:1]');
    expect(refusal(live, { spec: { $patch: 5 } })).toBe('400 unknown patch type: %!s(int64=5) in map: map[$patch:5]');
    expect(refusal(live, { metadata: { ownerReferences: [{ uid: 'u1', $patch: 'merge' }] } })).toBe(
      '400 merging lists cannot yet be specified in the patch',
    );
    expect(refusal(live, { metadata: { ownerReferences: [{ name: 'x' }] } })).toBe(
      '400 map: map[name:x] does not contain declared merge key: uid',
    );
    expect(refusal({ metadata: { finalizers: [] } }, { metadata: { finalizers: [['a']] } })).toBe(
      '422 the server rejected our request due to an error in our request',
    );
    expect(refusal(live, { metadata: { finalizers: [['a']] } })).toBe('400 list element types are not identical: [[a] [[a]]]');
    expect(refusal(live, { metadata: { finalizers: [1] } })).toBe('400 list element types are not identical: [[a] [1]]');
    expect(refusal(live, { metadata: { '$setElementOrder/finalizers': ['x'], finalizers: ['a', 'b'] } })).toBe(
      "400 The order in patch list:\n[a b]\n doesn't match $setElementOrder list:\n[x]\n",
    );
    expect(refusal(live, [])).toBe('400 json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('leaves the patch as it was and shares nothing with it (a retry applies it again)', () => {
    const patch = {
      metadata: { ownerReferences: [{ uid: 'u9', labels: { a: 'b' } }], finalizers: ['z'], '$setElementOrder/finalizers': ['z', 'a'] },
      spec: { $patch: 'replace', x: { y: 1 } },
    };
    const before = structuredClone(patch);
    const out = applyStrategicMergePatch({ metadata: { finalizers: ['a'], ownerReferences: [] } }, patch, schema) as {
      spec: { x: { y: number } };
    };
    expect(patch).toEqual(before);
    out.spec.x.y = 2;
    expect(patch.spec.x.y).toBe(1);
  });

  it('merges long lists in time linear in their length', () => {
    const n = 50_000;
    const names = Array.from({ length: n }, (_, i) => `example.com/f${i}`);
    const live = { metadata: { finalizers: names, ownerReferences: names.map((uid) => ({ uid, name: uid })) } };
    const patch = {
      metadata: {
        finalizers: names.map((f) => `${f}x`),
        '$setElementOrder/finalizers': [...names.map((f) => `${f}x`), ...names],
        '$deleteFromPrimitiveList/finalizers': names.slice(0, n / 2),
        ownerReferences: [
          ...names.slice(100).map((uid) => ({ uid, name: 'renamed' })),
          ...names.slice(0, 100).map((uid) => ({ uid, $patch: 'delete' })),
        ],
      },
    };
    const started = performance.now();
    const out = applyStrategicMergePatch(live, patch, schema) as { metadata: { finalizers: string[]; ownerReferences: unknown[] } };
    // Quadratic list handling (kube's own) would take minutes here.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(out.metadata.finalizers).toHaveLength(n + n / 2);
    expect(out.metadata.ownerReferences).toHaveLength(n - 100);
  });
});
