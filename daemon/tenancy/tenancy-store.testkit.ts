// An in-memory TenancyStore for the workspace reconcilers' unit tests: objects by key with resourceVersions,
// optimistic updates, transactions that roll back when they throw, and a log of every write.
import type { KObject } from '../apimachinery/types.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { LOGICAL_CLUSTER_NAME, LOGICAL_CLUSTERS, WORKSPACES } from '../apis/core-kcp/names.js';
import type { TenancyStore } from './tenancy-store.js';

const id = (cluster: string, resource: string, name: string) => `${cluster}\u0000${resource}\u0000${name}`;
const short = (resource: string) => resource.slice(resource.lastIndexOf('/') + 1);

export class FakeTenancyStore implements TenancyStore {
  private objects = new Map<string, KObject>();
  private rv = 0;
  /** Every write, in order: `create <cluster> <plural>/<name>`, `update …`, `delete …`, `delete-cluster <cluster>`. */
  readonly writes: string[] = [];
  clock = new Date('2026-12-01T05:00:00Z');

  now(): Date {
    return this.clock;
  }

  /** Stores an object as it is (a test's starting state); nothing is logged. */
  seed(cluster: string, resource: string, obj: KObject): KObject {
    const stored = this.store(cluster, resource, structuredClone(obj));
    return structuredClone(stored);
  }

  get(cluster: string, resource: string, name: string): KObject | undefined {
    const o = this.objects.get(id(cluster, resource, name));
    return o && structuredClone(o);
  }

  /** Objects of one resource in one logical cluster, by name. */
  list(cluster: string, resource: string): KObject[] {
    const prefix = id(cluster, resource, '');
    return [...this.objects].filter(([k]) => k.startsWith(prefix)).map(([, o]) => structuredClone(o));
  }

  clusters(): string[] {
    return [...new Set([...this.objects.keys()].map((k) => k.split('\u0000')[0]!))].sort();
  }

  getWorkspace(cluster: string, name: string): KObject | undefined {
    return this.get(cluster, WORKSPACES, name);
  }

  workspacesIn(cluster: string): KObject[] {
    return this.list(cluster, WORKSPACES);
  }

  updateWorkspace(cluster: string, ws: KObject): void {
    this.update(cluster, WORKSPACES, ws);
  }

  deleteWorkspace(cluster: string, name: string): void {
    if (!this.objects.delete(id(cluster, WORKSPACES, name))) throw new KeyNotFoundError(`workspace ${name} not found`);
    this.writes.push(`delete ${cluster} workspaces/${name}`);
  }

  getLogicalCluster(cluster: string): KObject | undefined {
    return this.get(cluster, LOGICAL_CLUSTERS, LOGICAL_CLUSTER_NAME);
  }

  updateLogicalCluster(cluster: string, lc: KObject): void {
    this.update(cluster, LOGICAL_CLUSTERS, lc);
  }

  create(cluster: string, resource: string, obj: KObject, now: Date): void {
    if (this.objects.has(id(cluster, resource, obj.metadata.name!))) throw new KeyExistsError(`${obj.metadata.name} exists`);
    this.store(cluster, resource, {
      ...structuredClone(obj),
      metadata: { ...obj.metadata, uid: `uid-${this.rv + 1}`, creationTimestamp: now.toISOString() },
    });
    this.writes.push(`create ${cluster} ${short(resource)}/${obj.metadata.name}`);
  }

  serves(): boolean {
    return true;
  }

  deleteLogicalCluster(cluster: string): void {
    for (const k of [...this.objects.keys()]) if (k.startsWith(`${cluster}\u0000`)) this.objects.delete(k);
    this.writes.push(`delete-cluster ${cluster}`);
  }

  transaction<T>(fn: () => T): T {
    const saved = new Map([...this.objects].map(([k, o]) => [k, structuredClone(o)]));
    const logged = this.writes.length;
    try {
      return fn();
    } catch (err) {
      this.objects = saved;
      this.writes.length = logged;
      throw err;
    }
  }

  /** Replaces an object as read: RevisionMismatchError unless it is still that version. */
  update(cluster: string, resource: string, obj: KObject): void {
    const current = this.objects.get(id(cluster, resource, obj.metadata.name!));
    if (!current) throw new KeyNotFoundError(`${obj.metadata.name} not found`);
    if (current.metadata.resourceVersion !== obj.metadata.resourceVersion) throw new RevisionMismatchError(current);
    this.store(cluster, resource, structuredClone(obj));
    this.writes.push(`update ${cluster} ${short(resource)}/${obj.metadata.name}`);
  }

  private store(cluster: string, resource: string, obj: KObject): KObject {
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), 'kcp.io/cluster': cluster };
    this.objects.set(id(cluster, resource, obj.metadata.name!), obj);
    return obj;
  }
}

export interface WorkspaceShape {
  phase?: string;
  cluster?: string;
  type?: { name: string; path: string };
  mount?: boolean;
  deleting?: boolean;
  finalizers?: string[];
  annotations?: Record<string, string>;
  location?: Record<string, unknown>;
}

/** A Workspace object as admission and the scheduler leave it. */
export function workspace(name: string, shape: WorkspaceShape = {}): KObject {
  return {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: {
      name,
      uid: `ws-${name}`,
      finalizers: shape.finalizers ?? ['core.kcp.io/logicalcluster'],
      ...(shape.annotations ? { annotations: shape.annotations } : {}),
      ...(shape.deleting ? { deletionTimestamp: '2026-12-01T04:00:00Z' } : {}),
    },
    spec: {
      ...(shape.mount
        ? { mount: { ref: { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: 'target' } } }
        : { type: shape.type ?? { name: 'universal', path: 'root' } }),
      ...(shape.cluster ? { cluster: shape.cluster } : {}),
      ...(shape.location ? { location: shape.location } : {}),
    },
    status: { phase: shape.phase ?? 'Scheduling' },
  };
}

/** A LogicalCluster owned by Workspace `owner` of logical cluster `ownerCluster`. */
export function logicalCluster(ownerCluster: string, owner: string, status: Record<string, unknown> = { phase: 'Ready' }): KObject {
  return {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: LOGICAL_CLUSTER_NAME },
    spec: { owner: { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name: owner, cluster: ownerCluster } },
    status,
  };
}
