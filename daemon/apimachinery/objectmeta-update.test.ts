import { describe, expect, it } from 'vitest';
import { goTimeString } from './gostrings.js';
import { objectMetaUpdateErrors, restoreMetaOnUpdate } from './objectmeta-update.js';
import { fieldErrorString } from './status.js';
import type { ObjectMeta } from './types.js';

const old: ObjectMeta = { name: 'a', namespace: 'ns', uid: 'u1', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z' };
const errs = (m: ObjectMeta, o: ObjectMeta = old) => objectMetaUpdateErrors(m, o).map(fieldErrorString);

describe('ObjectMeta on update', () => {
  it('restores what rest.BeforeUpdate restores', () => {
    const m: ObjectMeta = { name: 'a', namespace: 'ns', generation: 99, creationTimestamp: '1999-01-01T00:00:00Z' };
    restoreMetaOnUpdate(m, old);
    expect(m).toEqual({ name: 'a', namespace: 'ns', uid: 'u1', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z' });
    const deleting = { ...old, deletionTimestamp: '2026-02-01T00:00:00Z', deletionGracePeriodSeconds: 30 };
    const n: ObjectMeta = { name: 'a', namespace: 'ns' };
    restoreMetaOnUpdate(n, deleting);
    expect(n).toMatchObject({ deletionTimestamp: '2026-02-01T00:00:00Z', deletionGracePeriodSeconds: 30 });
    expect(errs(n, deleting)).toEqual([]);
  });

  it('refuses the rest with kube messages', () => {
    expect(errs({ ...old, name: 'b', namespace: 'other', uid: 'u2' })).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.namespace: Invalid value: "other": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
    ]);
    expect(errs({ ...old, deletionTimestamp: '2026-03-04T05:06:07+02:00', deletionGracePeriodSeconds: 0 })).toEqual([
      'metadata.deletionTimestamp: Invalid value: 2026-03-04 03:06:07 +0000 UTC: field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable',
    ]);
    const deleting = { ...old, deletionTimestamp: '2026-02-01T00:00:00Z', finalizers: ['a'] };
    expect(errs({ ...deleting, finalizers: ['z', 'a', 'b', 'b'] }, deleting)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "z"}',
    ]);
  });

  it('prints times as Go prints a time.Time', () => {
    expect(goTimeString('2026-01-02T03:04:05Z')).toBe('2026-01-02 03:04:05 +0000 UTC');
    expect(goTimeString('2026-01-02T03:04:05.120000Z')).toBe('2026-01-02 03:04:05.12 +0000 UTC');
    expect(goTimeString('2026-01-02T00:30:00-01:00')).toBe('2026-01-02 01:30:00 +0000 UTC');
    expect(goTimeString('yesterday')).toBeUndefined();
  });
});
