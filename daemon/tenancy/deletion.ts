// Workspace deletion, as kcp's workspace deletion and logical cluster deletion reconcilers together: once a deleted
// Workspace holds only the system's finalizer, its logical cluster and every workspace below it are removed
// wholesale and unrouted at once, then the Workspace itself — or, while the subtree still has terminators, it and
// those LogicalClusters show Terminating until the terminators are gone (termination.ts).
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import { LABEL_PHASE, WORKSPACE_FINALIZER } from '../apis/core-kcp/names.js';
import type { WorkspaceIndex } from './index.js';
import { markTerminating, pendingTerminations, type PendingTermination } from './termination.js';
import type { TenancyStore } from './tenancy-store.js';

export interface DeletionDeps {
  store: TenancyStore;
  index: WorkspaceIndex;
}

export type DeletionOutcome = 'not-deleting' | 'waiting-for-finalizers' | 'terminating' | 'deleted' | 'deleting-owner';

/** Finalizes the deleted Workspace `name` of logical cluster `parentCluster`. */
export function finalizeWorkspace(deps: DeletionDeps, parentCluster: string, name: string): DeletionOutcome {
  const { store, index } = deps;
  const ws = store.getWorkspace(parentCluster, name);
  if (!ws?.metadata.deletionTimestamp) return 'not-deleting';
  // Other finalizers first, as kcp waits until its own is the last one.
  if ((ws.metadata.finalizers ?? []).some((f) => f !== WORKSPACE_FINALIZER)) return 'waiting-for-finalizers';
  const cluster = (ws['spec'] as { cluster?: string } | undefined)?.cluster;
  const waiting = cluster ? pendingTerminations(store, cluster) : [];
  if (waiting.length) {
    store.transaction(() => awaitTerminators(store, parentCluster, ws, cluster!, waiting));
    return 'terminating';
  }
  const parent = index.cluster(parentCluster);
  store.transaction(() => {
    if (cluster) deleteClusterTree(deps, cluster);
    if (parent) index.removeMount(`${parent.path}:${name}`);
    store.deleteWorkspace(parentCluster, name);
  });
  return 'deleted';
}

/** The subtree still has terminators: it and the deleted Workspace show Terminating until they are gone. */
function awaitTerminators(store: TenancyStore, parentCluster: string, ws: KObject, cluster: string, waiting: PendingTermination[]): void {
  for (const p of waiting) markTerminating(store, p);
  const own = waiting.find((p) => p.cluster === cluster)?.terminators ?? [];
  const status = (ws['status'] ?? {}) as { phase?: string; terminators?: string[] };
  if (status.phase === 'Terminating' && JSON.stringify(status.terminators ?? []) === JSON.stringify(own)) return;
  const next = structuredClone(ws);
  next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: 'Terminating' };
  const { terminators: _previous, ...rest } = status;
  next['status'] = { ...rest, phase: 'Terminating', ...(own.length ? { terminators: own } : {}) };
  store.updateWorkspace(parentCluster, next);
}

/** Removes a logical cluster and, recursively, every workspace below it, unrouting each. */
export function deleteClusterTree(deps: DeletionDeps, cluster: string): void {
  const { store, index } = deps;
  const entry = index.cluster(cluster);
  for (const child of store.workspacesIn(cluster)) {
    const childCluster = (child['spec'] as { cluster?: string } | undefined)?.cluster;
    if (childCluster) deleteClusterTree(deps, childCluster);
    else if (entry) index.removeMount(`${entry.path}:${child.metadata.name}`);
  }
  index.removeCluster(cluster);
  store.deleteLogicalCluster(cluster);
}

/**
 * A LogicalCluster was deleted through the API (allowed only with spec.directlyDeletable) while still routed: kcp
 * deletes its owning Workspace too, and with it the logical cluster's content. `lc` is the deleted object.
 */
export function logicalClusterDeleted(deps: DeletionDeps, cluster: string, lc: KObject): DeletionOutcome {
  const { store } = deps;
  const owner = (lc['spec'] as { owner?: { cluster?: string; name?: string } } | undefined)?.owner;
  const ws = owner?.cluster && owner.name ? store.getWorkspace(owner.cluster, owner.name) : undefined;
  const owned = ws && (ws['spec'] as { cluster?: string } | undefined)?.cluster === cluster;
  if (!ws || !owned) {
    store.transaction(() => deleteClusterTree(deps, cluster));
    return 'deleted';
  }
  if (ws.metadata.deletionTimestamp) return finalizeWorkspace(deps, owner!.cluster!, owner!.name!);
  // Its MODIFIED event finalizes it: the logical cluster's remaining content goes with it.
  const next = structuredClone(ws);
  next.metadata.deletionTimestamp = timestamp(store.now());
  next.metadata.deletionGracePeriodSeconds = 0;
  store.updateWorkspace(owner!.cluster!, next);
  return 'deleting-owner';
}
