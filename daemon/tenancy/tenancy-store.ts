// What the workspace reconcilers read and write, as getters and writers: the shard's store in the daemon
// (tenancyStore), an in-memory fake in their unit tests. Writes are optimistic: an object is replaced only if it is
// still the version that was read (its resourceVersion), else RevisionMismatchError.
import type { KObject } from '../apimachinery/types.js';
import type { Registry } from '../registry/registry.js';
import { systemCreate } from '../registry/system-create.js';
import { logicalClusterKey, WORKSPACES, workspaceKey } from '../apis/core-kcp/names.js';

export interface TenancyStore {
  now(): Date;
  getWorkspace(cluster: string, name: string): KObject | undefined;
  /** The Workspaces stored in a logical cluster: its children. */
  workspacesIn(cluster: string): KObject[];
  updateWorkspace(cluster: string, ws: KObject): void;
  deleteWorkspace(cluster: string, name: string): void;
  getLogicalCluster(cluster: string): KObject | undefined;
  updateLogicalCluster(cluster: string, lc: KObject): void;
  /** Stores a new built-in object as the API would (uid, timestamps, defaults), without admission. */
  create(cluster: string, resource: string, obj: KObject, now: Date): void;
  /** Whether a built-in resource is served: RBAC objects are not without the authorization battery. */
  serves(resource: string): boolean;
  /** Removes every object of a logical cluster at once, and anything cached of it. */
  deleteLogicalCluster(cluster: string): void;
  /** Runs `fn` atomically: all of its writes commit, or none. */
  transaction<T>(fn: () => T): T;
}

const rv = (obj: KObject) => Number(obj.metadata.resourceVersion);

export function tenancyStore(registry: Registry): TenancyStore {
  const store = registry.store;
  return {
    now: () => registry.now(),
    getWorkspace: (cluster, name) => store.get(workspaceKey(cluster, name)),
    workspacesIn: (cluster) => store.list({ cluster, resource: WORKSPACES }).items,
    updateWorkspace: (cluster, ws) => void store.update(workspaceKey(cluster, ws.metadata.name!), ws, rv(ws)),
    deleteWorkspace: (cluster, name) => void store.delete(workspaceKey(cluster, name)),
    getLogicalCluster: (cluster) => store.get(logicalClusterKey(cluster)),
    updateLogicalCluster: (cluster, lc) => void store.update(logicalClusterKey(cluster), lc, rv(lc)),
    create: (cluster, resource, obj, now) => void systemCreate(registry, cluster, resource, obj, now),
    serves: (resource) => registry.catalogs.builtins.some((d) => `${d.group}/${d.plural}` === resource),
    deleteLogicalCluster: (cluster) => {
      store.deleteCluster(cluster);
      registry.catalogs.invalidate(cluster);
    },
    transaction: (fn) => store.transaction(fn),
  };
}
