// The routing index a restart rebuilds from a store, crafted here through the store API.
import { afterEach, describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import type { Registry } from '../registry/registry.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { rebuildIndex } from './bootstrap.js';
import { resolveHome } from './home.js';
import { WorkspaceIndex } from './index.js';
import { homeClusterName } from './names.js';
import { InconsistentRoutesError } from './routes.js';

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function store(): SqliteStore {
  const s = new SqliteStore({ path: ':memory:' });
  stores.push(s);
  return s;
}

function workspace(s: SqliteStore, parent: string, name: string, cluster?: string, phase = 'Ready'): void {
  const obj: KObject = {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name, annotations: { 'kcp.io/cluster': parent } },
    spec: { type: { name: 'universal', path: 'root' }, ...(cluster ? { cluster } : {}) },
    status: { phase },
  };
  s.create({ cluster: parent, resource: 'tenancy.kcp.io/workspaces', namespace: '', name }, obj);
}

function logicalCluster(s: SqliteStore, cluster: string, path: string, type: string): void {
  const obj: KObject = {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: 'cluster', annotations: { 'kcp.io/path': path, 'internal.tenancy.kcp.io/type': type } },
    status: { phase: 'Ready' },
  };
  s.create({ cluster, resource: 'core.kcp.io/logicalclusters', namespace: '', name: 'cluster' }, obj);
}

const rebuild = (s: SqliteStore) => {
  const index = new WorkspaceIndex();
  rebuildIndex({ store: s } as unknown as Registry, index);
  return index;
};
const at = (index: WorkspaceIndex, path: string) => {
  const r = index.resolve(path);
  return r?.type === 'cluster' ? r.entry.name : undefined;
};

describe('rebuildIndex', () => {
  it("routes by the parents' Workspaces and ignores what LogicalClusters claim of themselves", () => {
    const s = store();
    logicalCluster(s, 'ca', 'root', 'root:root'); // a hijacked annotation: the LogicalCluster claims root's path
    workspace(s, 'root', 'a', 'ca');
    logicalCluster(s, 'cb', 'root:a:b', 'root:universal');
    workspace(s, 'ca', 'b', 'cb', 'Initializing');
    workspace(s, 'root', 'pending');
    const index = rebuild(s);
    expect(at(index, 'root')).toBe('root');
    expect(at(index, 'root:a')).toBe('ca');
    expect(at(index, 'root:a:b')).toBe('cb');
    expect(index.cluster('cb')).toEqual({ name: 'cb', path: 'root:a:b', phase: 'Initializing', type: 'root:universal' });
    expect(index.resolve('root:pending')).toBeUndefined();
    expect(index.size).toBe(3);
  });

  it('routes home workspaces with children at once, the others on first use, and no forged home', () => {
    const s = store();
    const alice = homeClusterName('alice');
    const bob = homeClusterName('bob');
    logicalCluster(s, alice, 'user:alice', 'root:home');
    workspace(s, alice, 'proj', 'cp');
    logicalCluster(s, bob, 'user:bob', 'root:home');
    // A cluster claiming to be alice's home, with a child: its name is not alice's, so it routes nowhere.
    logicalCluster(s, 'forged', 'user:alice', 'root:home');
    workspace(s, 'forged', 'x', 'cx');
    const index = rebuild(s);
    expect(at(index, 'user:alice:proj')).toBe('cp');
    expect(at(index, `${alice}:proj`)).toBe('cp');
    expect(index.cluster(bob)).toBeUndefined();
    expect(index.cluster('forged')).toBeUndefined();
    expect(index.cluster('cx')).toBeUndefined();

    const viaPath = resolveHome(s, index, 'user:bob');
    expect(viaPath?.type === 'cluster' && viaPath.entry).toEqual({ name: bob, path: 'user:bob', phase: 'Ready', type: 'root:home' });
    expect(resolveHome(s, index, 'forged')).toBeUndefined();
    expect(resolveHome(s, index, 'user:nobody')).toBeUndefined();
    const carol = homeClusterName('carol:with:colons');
    logicalCluster(s, carol, 'user:carol:with:colons', 'root:home');
    expect(resolveHome(s, index, 'user:carol:with:colons')?.type).toBe('cluster');
    expect(index.cluster(carol)?.path).toBe('user:carol:with:colons');
  });

  it('routes mounted workspaces to their mounts, at any depth', () => {
    const s = store();
    workspace(s, 'root', 'a', 'ca');
    const mounted = (parent: string, name: string) =>
      s.create(
        { cluster: parent, resource: 'tenancy.kcp.io/workspaces', namespace: '', name },
        {
          apiVersion: 'tenancy.kcp.io/v1alpha1',
          kind: 'Workspace',
          metadata: { name, annotations: { 'kcp.io/cluster': parent } },
          spec: { mount: { ref: { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: 'target' } } },
          status: { phase: 'Ready' },
        },
      );
    mounted('root', 'm');
    mounted('ca', 'deep');
    mounted('elsewhere', 'orphan');
    const index = rebuild(s);
    expect(index.resolve('root:m')).toEqual({ type: 'mount', entry: { path: 'root:m', parentCluster: 'root', workspace: 'm' } });
    expect(index.resolve('ca:deep')).toEqual({ type: 'mount', entry: { path: 'root:a:deep', parentCluster: 'ca', workspace: 'deep' } });
    expect(index.size).toBe(2);
  });

  it('refuses a store in which one logical cluster has two parents', () => {
    const s = store();
    workspace(s, 'root', 'a', 'shared');
    workspace(s, 'root', 'b', 'shared');
    expect(() => rebuild(s)).toThrow(InconsistentRoutesError);
    expect(() => rebuild(s)).toThrow('logical cluster shared is claimed by two workspaces, root:a and root:b');
  });
});
