import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { CLEANUP_FINALIZER } from './custom-resources.js';
import { establishCRD, finalizeCRD, isSettled, waitingForNames, type CRDDeps } from './reconcile.js';

interface CR {
  namespace: string;
  name: string;
  finalizers: string[];
  deleting: boolean;
}

/** An in-memory cluster `c` of CRDs (optimistic writes) and their custom resources. */
function fakeCluster(crds: KObject[], content: Record<string, CR[]> = {}) {
  let rv = 0;
  const stored = new Map<string, KObject>();
  const put = (o: KObject) =>
    stored.set(o.metadata.name!, { ...structuredClone(o), metadata: { ...structuredClone(o.metadata), resourceVersion: String(++rv) } });
  crds.forEach(put);
  const log: string[] = [];
  const deps: CRDDeps = {
    now: () => new Date('2026-12-01T05:00:00Z'),
    getCRD: (_c, name) => structuredClone(stored.get(name)),
    listCRDs: () => [...stored.values()].map((o) => structuredClone(o)),
    builtins: [
      { group: '', plural: 'pods', kind: 'Pod' },
      { group: 'apps', plural: 'deployments', kind: 'Deployment' },
    ],
    updateCRD: (_c, crd) => {
      if (stored.get(crd.metadata.name!)?.metadata.resourceVersion !== crd.metadata.resourceVersion) return false;
      put(crd);
      log.push(`update ${crd.metadata.name}`);
      return true;
    },
    deleteCRD: (_c, crd) => {
      if (stored.get(crd.metadata.name!)?.metadata.resourceVersion !== crd.metadata.resourceVersion) return false;
      stored.delete(crd.metadata.name!);
      log.push(`delete ${crd.metadata.name}`);
      return true;
    },
    listCustomResources: (_c, resource) =>
      (content[resource] ?? []).map(({ namespace, name, deleting }) => ({ namespace, name, deleting })),
    deleteCustomResource: (_c, resource, namespace, name) => {
      log.push(`delete ${resource} ${namespace}/${name}`);
      const list = content[resource]!;
      const cr = list.find((x) => x.namespace === namespace && x.name === name)!;
      if (cr.finalizers.length) cr.deleting = true;
      else list.splice(list.indexOf(cr), 1);
      return Promise.resolve();
    },
    countCustomResources: (_c, resource) => (content[resource] ?? []).length,
  };
  return { deps, log, crd: (name: string) => stored.get(name), put };
}

function crd(
  plural: string,
  opts: { group?: string; kind?: string; shortNames?: string[]; deleting?: boolean; finalizers?: string[]; established?: boolean } = {},
): KObject {
  const group = opts.group ?? 'example.dev';
  const kind = opts.kind ?? `${plural[0]!.toUpperCase()}${plural.slice(1, -1)}`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      finalizers: opts.finalizers ?? [CLEANUP_FINALIZER],
      ...(opts.deleting ? { deletionTimestamp: '2026-12-01T04:00:00Z' } : {}),
    },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural, kind, ...(opts.shortNames ? { shortNames: opts.shortNames } : {}) },
      versions: [{ name: 'v1', served: true, storage: true }],
    },
    status: opts.established
      ? {
          conditions: [
            { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
          ],
          acceptedNames: { plural, kind },
          storedVersions: ['v1'],
        }
      : { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] },
  };
}

const conditions = (o: KObject | undefined) =>
  ((o?.['status'] as { conditions?: Array<{ type: string; status: string; reason: string; message: string }> }).conditions ?? []).map(
    (c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`,
  );

describe('establishCRD', () => {
  it('accepts the names and establishes, then leaves the settled CRD alone', () => {
    const f = fakeCluster([crd('widgets')]);
    expect(establishCRD(f.deps, 'c', 'widgets.example.dev')).toBe('established');
    expect(conditions(f.crd('widgets.example.dev'))).toEqual([
      'NamesAccepted=True NoConflicts: no conflicts found',
      'Established=True InitialNamesAccepted: the initial names have been accepted',
    ]);
    expect(f.crd('widgets.example.dev')!['status']).toMatchObject({
      acceptedNames: { plural: 'widgets', kind: 'Widget' },
      storedVersions: ['v1'],
    });
    expect(establishCRD(f.deps, 'c', 'widgets.example.dev')).toBe('unchanged');
    expect(f.log).toEqual(['update widgets.example.dev']);
    expect(isSettled(f.crd('widgets.example.dev')!)).toBe(true);
    expect(isSettled(crd('widgets'))).toBe(false);
  });

  it("refuses names a built-in of the group holds, or another CRD's accepted names", () => {
    const f = fakeCluster([
      crd('deployments', { group: 'apps', kind: 'Thing' }),
      crd('gadgets', { shortNames: ['gd'] }),
      crd('gizmos', { kind: 'Gadget' }),
      crd('doohickeys', { shortNames: ['gd'] }),
    ]);
    expect(establishCRD(f.deps, 'c', 'deployments.apps')).toBe('names-not-accepted');
    expect(conditions(f.crd('deployments.apps'))).toEqual([
      'NamesAccepted=False PluralConflict: "deployments" is already in use',
      'Established=False NotAccepted: not all names are accepted',
    ]);
    expect(establishCRD(f.deps, 'c', 'gadgets.example.dev')).toBe('established');
    expect(establishCRD(f.deps, 'c', 'gizmos.example.dev')).toBe('names-not-accepted');
    expect(conditions(f.crd('gizmos.example.dev'))[0]).toBe('NamesAccepted=False KindConflict: "Gadget" is already in use');
    expect(establishCRD(f.deps, 'c', 'doohickeys.example.dev')).toBe('names-not-accepted');
    expect(conditions(f.crd('doohickeys.example.dev'))[0]).toBe('NamesAccepted=False ShortNamesConflict: "gd" is already in use');
    expect(f.crd('gizmos.example.dev')!['status']).toMatchObject({ acceptedNames: { plural: '', kind: '' } });
    // Once the holder goes, those of its group that wait for their names are the ones to try again.
    expect(waitingForNames(f.deps, 'c', 'example.dev').sort()).toEqual(['doohickeys.example.dev', 'gizmos.example.dev']);
  });

  it('keeps a condition transition time while its status holds, and skips a CRD changed meanwhile', () => {
    const f = fakeCluster([crd('widgets')]);
    establishCRD(f.deps, 'c', 'widgets.example.dev');
    const settled = f.crd('widgets.example.dev')!;
    const lastTransition = (settled['status'] as { conditions: Array<{ lastTransitionTime: string }> }).conditions[0]!.lastTransitionTime;
    (settled['spec'] as { versions: Array<{ name: string; served: boolean; storage: boolean }> }).versions = [
      { name: 'v1', served: true, storage: false },
      { name: 'v2', served: true, storage: true },
    ];
    f.put(settled);
    expect(establishCRD({ ...f.deps, now: () => new Date('2026-12-02T00:00:00Z') }, 'c', 'widgets.example.dev')).toBe('established');
    const status = f.crd('widgets.example.dev')!['status'] as {
      storedVersions: string[];
      conditions: Array<{ lastTransitionTime: string }>;
    };
    expect(isSettled(settled)).toBe(false);
    expect(status.storedVersions).toEqual(['v1', 'v2']);
    expect(status.conditions[0]!.lastTransitionTime).toBe(lastTransition);
    const racing = fakeCluster([crd('gadgets')]);
    expect(establishCRD({ ...racing.deps, updateCRD: () => false }, 'c', 'gadgets.example.dev')).toBe('changed-meanwhile');
  });

  it('leaves deleted and missing CRDs to the finalizer', () => {
    const f = fakeCluster([crd('widgets', { deleting: true })]);
    expect(establishCRD(f.deps, 'c', 'widgets.example.dev')).toBe('deleting');
    expect(establishCRD(f.deps, 'c', 'nope.example.dev')).toBe('not-found');
    expect(f.log).toEqual([]);
  });
});

describe('finalizeCRD', () => {
  it('marks the CRD Terminating, deletes its custom resources, then the CRD', async () => {
    const content = {
      'example.dev/widgets': [
        { namespace: 'a', name: 'one', finalizers: [], deleting: false },
        { namespace: 'b', name: 'two', finalizers: [], deleting: false },
      ],
    };
    const f = fakeCluster([crd('widgets', { deleting: true, established: true })], content);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('finished');
    expect(f.log).toEqual([
      'update widgets.example.dev',
      'delete example.dev/widgets a/one',
      'delete example.dev/widgets b/two',
      'delete widgets.example.dev',
    ]);
  });

  it('during the grace period marks the CRD Terminating and leaves its custom resources be', async () => {
    const content = { 'example.dev/widgets': [{ namespace: 'a', name: 'one', finalizers: [], deleting: false }] };
    const f = fakeCluster([crd('widgets', { deleting: true, established: true })], content);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev', false)).toBe('grace');
    expect(f.log).toEqual(['update widgets.example.dev']);
    expect(conditions(f.crd('widgets.example.dev'))).toContain(
      'Terminating=True InstanceDeletionInProgress: CustomResource deletion is in progress',
    );
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev', false)).toBe('grace');
    expect(f.log).toEqual(['update widgets.example.dev']);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('finished');
  });

  it('waits for custom resources held by finalizers without deleting them twice', async () => {
    const held = { namespace: 'a', name: 'held', finalizers: ['example.dev/hold'], deleting: false };
    const content = { 'example.dev/widgets': [held] };
    const f = fakeCluster([crd('widgets', { deleting: true, established: true })], content);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('content-remaining');
    // Still Established: the held resource stays served, so that its finalizer can be released.
    expect(conditions(f.crd('widgets.example.dev'))).toEqual([
      'Established=True InitialNamesAccepted: the initial names have been accepted',
      'Terminating=True InstanceDeletionInProgress: CustomResource deletion is in progress',
    ]);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('content-remaining');
    expect(f.log).toEqual(['update widgets.example.dev', 'delete example.dev/widgets a/held']);
    // The finalizer lets go: its deletion event brings the CRD back here.
    content['example.dev/widgets'].length = 0;
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('finished');
    expect(f.crd('widgets.example.dev')).toBeUndefined();
  });

  it('drops only its own finalizer when others remain, saying how it ended, and ignores CRDs it has nothing to do with', async () => {
    const f = fakeCluster([
      crd('widgets', { deleting: true, established: true, finalizers: [CLEANUP_FINALIZER, 'example.dev/other'] }),
      crd('gadgets'),
      crd('gizmos', { deleting: true, finalizers: ['example.dev/other'] }),
    ]);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('finished');
    expect(f.crd('widgets.example.dev')!.metadata.finalizers).toEqual(['example.dev/other']);
    expect(conditions(f.crd('widgets.example.dev'))[1]).toBe('Terminating=False InstanceDeletionCompleted: removed all instances');
    expect(await finalizeCRD(f.deps, 'c', 'gadgets.example.dev')).toBe('not-deleting');
    expect(await finalizeCRD(f.deps, 'c', 'gizmos.example.dev')).toBe('not-deleting');
    expect(f.log).toEqual(['update widgets.example.dev', 'update widgets.example.dev']);
  });

  it('deletes nothing of a CRD that was never established', async () => {
    const content = { 'example.dev/widgets': [{ namespace: 'a', name: 'one', finalizers: [], deleting: false }] };
    const f = fakeCluster([crd('widgets', { deleting: true, finalizers: [CLEANUP_FINALIZER, 'example.dev/other'] })], content);
    expect(await finalizeCRD(f.deps, 'c', 'widgets.example.dev')).toBe('finished');
    expect(f.log).toEqual(['update widgets.example.dev', 'update widgets.example.dev']);
    expect(conditions(f.crd('widgets.example.dev'))).toEqual(['Terminating=False NeverEstablished: resource was never established']);
  });
});
