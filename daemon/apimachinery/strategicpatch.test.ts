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
        ownerReferences: { type: 'array', items: { type: 'object' }, 'x-kubernetes-patch-strategy': 'merge', 'x-kubernetes-patch-merge-key': 'uid' },
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
    const live = { metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }, { uid: 'u2', name: 'b' }] } };
    const out = applyStrategicMergePatch(live, { metadata: { ownerReferences: [{ uid: 'u1', name: 'A' }, { uid: 'u2', $patch: 'delete' }] } }, schema);
    expect(out).toEqual({ metadata: { ownerReferences: [{ uid: 'u1', name: 'A' }] } });
  });

  it('replaces lists without a strategy, maps with $patch: replace, and honours $retainKeys', () => {
    expect(applyStrategicMergePatch({ rules: [{ a: 1 }], data: { a: '1', b: '2' } }, { rules: [{ b: 2 }], data: { $patch: 'replace', c: '3' } }, schema)).toEqual({
      rules: [{ b: 2 }],
      data: { c: '3' },
    });
    expect(applyStrategicMergePatch({ spec: { a: 1, b: 2 } }, { spec: { $retainKeys: ['a', 'c'], c: 3 } })).toEqual({ spec: { a: 1, c: 3 } });
  });

  it('deletes keys set to null and refuses unknown directives', () => {
    expect(applyStrategicMergePatch({ data: { a: '1', b: '2' } }, { data: { a: null } })).toEqual({ data: { b: '2' } });
    expect(() => applyStrategicMergePatch({}, { $bogus: 1 })).toThrow(StatusError);
  });
});
