// Workspace termination as kcp does it: a WorkspaceType with `terminator: true` (or one it extends) gives its
// logical clusters a terminator id. Deleting a workspace whose subtree still has terminators leaves those
// LogicalClusters (and the deleted Workspace) Terminating, content still reachable, until the terminating
// controllers have removed their ids from status.terminators; only then is the subtree deleted.
import type { KObject } from '../apimachinery/types.js';
import type { Store } from '../storage/store.js';
import { LABEL_PHASE, logicalClusterKey, WORKSPACES, workspaceKey } from '../apis/core-kcp/names.js';

export interface PendingTermination {
  cluster: string;
  lc: KObject;
  terminators: string[];
}

function logicalCluster(store: Store, cluster: string): KObject | undefined {
  return store.get(logicalClusterKey(cluster));
}

/** Every LogicalCluster of the subtree rooted at `cluster` whose status.terminators is not empty. */
export function pendingTerminations(store: Store, cluster: string): PendingTermination[] {
  const out: PendingTermination[] = [];
  const visit = (c: string) => {
    const lc = logicalCluster(store, c);
    const terminators = ((lc?.['status'] as { terminators?: string[] } | undefined)?.terminators ?? []).filter(Boolean);
    if (lc && terminators.length) out.push({ cluster: c, lc, terminators });
    for (const child of store.list({ cluster: c, resource: WORKSPACES }).items) {
      const childCluster = (child['spec'] as { cluster?: string } | undefined)?.cluster;
      if (childCluster) visit(childCluster);
    }
  };
  visit(cluster);
  return out;
}

/** Marks a waiting LogicalCluster Terminating (once). */
export function markTerminating(store: Store, p: PendingTermination): void {
  const status = (p.lc['status'] ?? {}) as Record<string, unknown>;
  if (status['phase'] === 'Terminating') return;
  const next = structuredClone(p.lc);
  next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: 'Terminating' };
  next['status'] = { ...status, phase: 'Terminating' };
  store.update(logicalClusterKey(p.cluster), next, Number(p.lc.metadata.resourceVersion));
}

/**
 * The Workspace whose deletion a Terminating logical cluster holds up: its owner if that is being deleted, else the
 * nearest owner further up that is (the deletion started at an ancestor).
 */
export function deletingOwner(store: Store, cluster: string): { cluster: string; name: string } | undefined {
  const seen = new Set<string>();
  for (let c: string | undefined = cluster; c && !seen.has(c); ) {
    seen.add(c);
    const owner: { cluster?: string; name?: string } | undefined = (logicalCluster(store, c)?.['spec'] as { owner?: { cluster?: string; name?: string } } | undefined)?.owner;
    if (!owner?.cluster || !owner.name) return undefined;
    const ws = store.get(workspaceKey(owner.cluster, owner.name));
    if (ws?.metadata.deletionTimestamp) return { cluster: owner.cluster, name: owner.name };
    c = owner.cluster;
  }
  return undefined;
}
