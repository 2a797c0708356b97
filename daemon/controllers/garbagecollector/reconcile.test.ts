import { describe, expect, it } from 'vitest';
import type { KObject, OwnerReference } from '../../apimachinery/types.js';
import { collectDependents, processDeletingOwner, type Dependent, type GarbageCollectorDeps, type ObjectRef } from './reconcile.js';

/** A one-cluster shard of ConfigMaps, keyed by name; deletion honours finalizers like the registry's. */
function fakeShard(objects: KObject[]) {
  const byName = new Map(objects.map((o) => [o.metadata.name!, o]));
  const log: string[] = [];
  const ref = (o: KObject): Dependent => ({
    cluster: 'c',
    resource: '/configmaps',
    namespace: 'default',
    name: o.metadata.name!,
    object: o,
  });
  const deps: GarbageCollectorDeps = {
    dependentsOf: (_c, uid) => [...byName.values()].filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.uid === uid)).map(ref),
    ownerExists: (_c, _d, r) => [...byName.values()].some((o) => o.metadata.uid === r.uid),
    get: (r: ObjectRef) => byName.get(r.name),
    delete: (dep, policy) => {
      log.push(`delete ${dep.name} ${policy}`);
      const o = byName.get(dep.name)!;
      if (policy === 'Foreground') {
        o.metadata.deletionTimestamp = 'now';
        o.metadata.finalizers = [...(o.metadata.finalizers ?? []), 'foregroundDeletion'];
      } else if ((o.metadata.finalizers ?? []).length) o.metadata.deletionTimestamp = 'now';
      else byName.delete(dep.name);
      return Promise.resolve();
    },
    setOwnerReferences: (dep, refs) => {
      log.push(`refs ${dep.name} [${refs.map((r) => r.name).join(',')}]`);
      byName.get(dep.name)!.metadata.ownerReferences = refs;
    },
    removeFinalizer: (r, f) => {
      log.push(`unfinalize ${r.name} ${f}`);
      const o = byName.get(r.name)!;
      o.metadata.finalizers = (o.metadata.finalizers ?? []).filter((x) => x !== f);
      if (o.metadata.finalizers.length === 0) byName.delete(r.name);
    },
  };
  return { deps, log, byName };
}

const owned = (
  name: string,
  owners: Array<Partial<OwnerReference> & { uid: string; name: string }>,
  extra: Partial<KObject['metadata']> = {},
): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, uid: `uid-${name}`, ownerReferences: owners.map((o) => ({ apiVersion: 'v1', kind: 'ConfigMap', ...o })), ...extra },
});
const plain = (name: string, extra: Partial<KObject['metadata']> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, uid: `uid-${name}`, ...extra },
});
const OWNER = { uid: 'uid-owner', name: 'owner' };
const at = { cluster: 'c', resource: '/configmaps', namespace: 'default' };

describe('collectDependents', () => {
  it('deletes dependents left without a live owner, and releases those that keep one', async () => {
    const s = fakeShard([
      owned('only', [OWNER]),
      owned('shared', [OWNER, { uid: 'uid-other', name: 'other' }]),
      plain('other'),
      plain('unrelated'),
    ]);
    await collectDependents(s.deps, 'c', 'uid-owner');
    expect(s.log).toEqual(['delete only Background', 'refs shared [other]']);
    expect([...s.byName.keys()].sort()).toEqual(['other', 'shared', 'unrelated']);
  });

  it('deletes a dependent whose other owners are gone too', async () => {
    const s = fakeShard([owned('dep', [OWNER, { uid: 'uid-gone', name: 'gone' }])]);
    await collectDependents(s.deps, 'c', 'uid-owner');
    expect(s.log).toEqual(['delete dep Background']);
  });
});

describe('processDeletingOwner', () => {
  it('ignores owners that are not being deleted or use the background policy', async () => {
    const s = fakeShard([plain('owner'), plain('bg', { deletionTimestamp: 'now', finalizers: ['example.com/x'] })]);
    expect(await processDeletingOwner(s.deps, { ...at, name: 'owner' })).toBe('not-deleting');
    expect(await processDeletingOwner(s.deps, { ...at, name: 'bg' })).toBe('not-deleting');
    expect(await processDeletingOwner(s.deps, { ...at, name: 'missing' })).toBe('not-deleting');
    expect(s.log).toEqual([]);
  });

  it('orphan: releases every dependent, then lets the owner go', async () => {
    const s = fakeShard([plain('owner', { deletionTimestamp: 'now', finalizers: ['orphan'] }), owned('a', [OWNER]), owned('b', [OWNER])]);
    expect(await processDeletingOwner(s.deps, { ...at, name: 'owner' })).toBe('orphaned');
    expect(s.log).toEqual(['refs a []', 'refs b []', 'unfinalize owner orphan']);
    expect(s.byName.has('owner')).toBe(false);
    expect(s.byName.has('a')).toBe(true);
  });

  it('foreground: deletes dependents and waits only for the blocking ones', async () => {
    const s = fakeShard([
      plain('owner', { deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] }),
      owned('blocker', [{ ...OWNER, blockOwnerDeletion: true }], { finalizers: ['example.com/slow'] }),
      owned('loose', [OWNER]),
    ]);
    expect(await processDeletingOwner(s.deps, { ...at, name: 'owner' })).toBe('waiting-for-dependents');
    expect(s.log).toEqual(['delete blocker Foreground', 'delete loose Foreground']);
    // The blocking dependent finishes; the owner's next reconcile lets it go, without deleting anything twice.
    s.byName.delete('blocker');
    s.byName.delete('loose');
    expect(await processDeletingOwner(s.deps, { ...at, name: 'owner' })).toBe('done');
    expect(s.log.slice(2)).toEqual(['unfinalize owner foregroundDeletion']);
  });
});
