import { describe, expect, it } from 'vitest';
import { LOGICAL_CLUSTERS, WORKSPACES } from '../apis/core-kcp/names.js';
import { finalizeWorkspace, logicalClusterDeleted, type DeletionDeps } from './deletion.js';
import { WorkspaceIndex } from './index.js';
import { deletingOwner } from './termination.js';
import { FakeTenancyStore, logicalCluster, workspace } from './tenancy-store.testkit.js';

/**
 * root ─ a (ca) ─ b (cb) ─ c (cc)
 *             └─ m (mounted)
 */
function tree(terminators: Record<string, string[]> = {}) {
  const store = new FakeTenancyStore();
  const index = new WorkspaceIndex();
  index.setCluster({ name: 'root', path: 'root', phase: 'Ready', type: 'root:root' });
  store.seed('root', LOGICAL_CLUSTERS, {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: 'cluster' },
    status: { phase: 'Ready' },
  });
  const add = (parent: string, parentPath: string, name: string, cluster: string) => {
    store.seed(parent, WORKSPACES, workspace(name, { phase: 'Ready', cluster }));
    const ids = terminators[name];
    store.seed(cluster, LOGICAL_CLUSTERS, logicalCluster(parent, name, { phase: 'Ready', ...(ids ? { terminators: ids } : {}) }));
    store.seed(cluster, '/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
    index.setCluster({ name: cluster, path: `${parentPath}:${name}`, phase: 'Ready', type: 'root:universal' });
  };
  add('root', 'root', 'a', 'ca');
  add('ca', 'root:a', 'b', 'cb');
  add('cb', 'root:a:b', 'c', 'cc');
  store.seed('ca', WORKSPACES, workspace('m', { mount: true, phase: 'Ready' }));
  index.setMount({ path: 'root:a:m', parentCluster: 'ca', workspace: 'm' });
  const deps: DeletionDeps = { store, index };
  const markDeleted = (cluster: string, name: string, finalizers?: string[]) => {
    const ws = store.getWorkspace(cluster, name)!;
    ws.metadata.deletionTimestamp = '2026-12-01T05:00:00Z';
    if (finalizers) ws.metadata.finalizers = finalizers;
    store.updateWorkspace(cluster, ws);
    store.writes.length = 0;
  };
  return { store, index, deps, markDeleted };
}

describe('finalizeWorkspace', () => {
  it('removes the subtree wholesale, unroutes every part of it, then the Workspace', () => {
    const t = tree();
    t.markDeleted('root', 'a');
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('deleted');
    expect(t.store.writes).toEqual(['delete-cluster cc', 'delete-cluster cb', 'delete-cluster ca', 'delete root workspaces/a']);
    expect(t.store.clusters()).toEqual(['root']);
    for (const path of ['root:a', 'root:a:b', 'root:a:b:c', 'root:a:m', 'ca', 'cc']) expect(t.index.resolve(path)).toBeUndefined();
    expect(t.index.size).toBe(1);
  });

  it('does nothing for a workspace not being deleted, or gone', () => {
    const t = tree();
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('not-deleting');
    expect(finalizeWorkspace(t.deps, 'root', 'nope')).toBe('not-deleting');
    expect(t.index.resolve('root:a')).toBeDefined();
  });

  it('waits until its own finalizer is the last one', () => {
    const t = tree();
    t.markDeleted('root', 'a', ['example.com/first', 'core.kcp.io/logicalcluster']);
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('waiting-for-finalizers');
    expect(t.store.writes).toEqual([]);
  });

  it('unroutes a deleted mounted workspace', () => {
    const t = tree();
    t.markDeleted('ca', 'm');
    expect(finalizeWorkspace(t.deps, 'ca', 'm')).toBe('deleted');
    expect(t.store.writes).toEqual(['delete ca workspaces/m']);
    expect(t.index.resolve('root:a:m')).toBeUndefined();
    expect(t.index.resolve('root:a')).toBeDefined();
  });

  it('holds a deletion while terminators remain anywhere below, marking what waits Terminating once', () => {
    const t = tree({ a: ['root:own'], c: ['root:deep'] });
    t.markDeleted('root', 'a');
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('terminating');
    expect(t.store.writes.sort()).toEqual([
      'update ca logicalclusters/cluster',
      'update cc logicalclusters/cluster',
      'update root workspaces/a',
    ]);
    expect(t.store.getWorkspace('root', 'a')!['status']).toEqual({ phase: 'Terminating', terminators: ['root:own'] });
    expect(t.store.getWorkspace('root', 'a')!.metadata.labels).toEqual({ 'tenancy.kcp.io/phase': 'Terminating' });
    expect(t.store.getLogicalCluster('cc')!['status']).toMatchObject({ phase: 'Terminating', terminators: ['root:deep'] });
    // Everything stays reachable meanwhile, and a second pass writes nothing.
    expect(t.index.resolve('root:a:b:c')).toBeDefined();
    t.store.writes.length = 0;
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('terminating');
    expect(t.store.writes).toEqual([]);
    // The deep terminator is removed: the nearest deleting owner is root's a, which now waits only for its own.
    const cc = t.store.getLogicalCluster('cc')!;
    cc['status'] = { phase: 'Terminating' };
    t.store.updateLogicalCluster('cc', cc);
    expect(deletingOwner(t.store, 'cc')).toEqual({ cluster: 'root', name: 'a' });
    const ca = t.store.getLogicalCluster('ca')!;
    ca['status'] = { phase: 'Terminating', terminators: [] };
    t.store.updateLogicalCluster('ca', ca);
    expect(finalizeWorkspace(t.deps, 'root', 'a')).toBe('deleted');
    expect(t.store.clusters()).toEqual(['root']);
  });
});

describe('deletingOwner', () => {
  it('is the nearest owner being deleted, up the tree, or none', () => {
    const t = tree();
    expect(deletingOwner(t.store, 'cc')).toBeUndefined();
    t.markDeleted('ca', 'b');
    expect(deletingOwner(t.store, 'cc')).toEqual({ cluster: 'ca', name: 'b' });
    expect(deletingOwner(t.store, 'cb')).toEqual({ cluster: 'ca', name: 'b' });
    expect(deletingOwner(t.store, 'ca')).toBeUndefined();
  });
});

describe('logicalClusterDeleted', () => {
  it('deletes the owning Workspace, whose deletion removes the rest', () => {
    const t = tree();
    const lc = t.store.getLogicalCluster('cb')!;
    expect(logicalClusterDeleted(t.deps, 'cb', lc)).toBe('deleting-owner');
    expect(t.store.getWorkspace('ca', 'b')!.metadata).toMatchObject({
      deletionTimestamp: '2026-12-01T05:00:00Z',
      deletionGracePeriodSeconds: 0,
    });
    expect(logicalClusterDeleted(t.deps, 'cb', lc)).toBe('deleted');
    expect(t.store.clusters()).toEqual(['ca', 'root']);
    expect(t.store.getWorkspace('ca', 'b')).toBeUndefined();
  });

  it('removes a logical cluster whose owner is gone, or is not its owner any more', () => {
    const t = tree();
    const lc = t.store.getLogicalCluster('cc')!;
    t.store.deleteWorkspace('cb', 'c');
    expect(logicalClusterDeleted(t.deps, 'cc', lc)).toBe('deleted');
    expect(t.store.clusters()).not.toContain('cc');
    expect(t.index.cluster('cc')).toBeUndefined();
    const forged = tree();
    expect(logicalClusterDeleted(forged.deps, 'cc', forged.store.getLogicalCluster('cb')!)).toBe('deleted');
    expect(forged.store.getWorkspace('ca', 'b')!.metadata.deletionTimestamp).toBeUndefined();
  });
});
