// Workspace termination as kcp does it: a WorkspaceType with `terminator: true` (or one it extends) gives its
// logical clusters a terminator id. Deleting a workspace whose subtree still has terminators leaves those
// LogicalClusters (and the deleted Workspace) Terminating, content still reachable, until the terminating
// controllers have removed their ids from status.terminators; only then is the subtree deleted.
import type { KObject } from '../apimachinery/types.js';
import { LABEL_PHASE } from '../apis/core-kcp/names.js';
import type { TenancyStore } from './tenancy-store.js';

export interface PendingTermination {
  cluster: string;
  lc: KObject;
  terminators: string[];
}

/** Every LogicalCluster of the subtree rooted at `cluster` whose status.terminators is not empty. */
export function pendingTerminations(store: TenancyStore, cluster: string): PendingTermination[] {
  const out: PendingTermination[] = [];
  // Breadth-first with an explicit queue: trees can be deeper than the stack.
  const queue = [cluster];
  for (let i = 0; i < queue.length; i++) {
    const c = queue[i]!;
    const lc = store.getLogicalCluster(c);
    const terminators = ((lc?.['status'] as { terminators?: string[] } | undefined)?.terminators ?? []).filter(Boolean);
    if (lc && terminators.length) out.push({ cluster: c, lc, terminators });
    for (const child of store.workspacesIn(c)) {
      const childCluster = (child['spec'] as { cluster?: string } | undefined)?.cluster;
      if (childCluster) queue.push(childCluster);
    }
  }
  return out;
}

/** Marks a waiting LogicalCluster Terminating (once). */
export function markTerminating(store: TenancyStore, p: PendingTermination): void {
  const status = (p.lc['status'] ?? {}) as Record<string, unknown>;
  if (status['phase'] === 'Terminating') return;
  const next = structuredClone(p.lc);
  next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: 'Terminating' };
  next['status'] = { ...status, phase: 'Terminating' };
  store.updateLogicalCluster(p.cluster, next);
}

/**
 * The Workspace whose deletion a Terminating logical cluster holds up: its owner if that is being deleted, else the
 * nearest owner further up that is (the deletion started at an ancestor).
 */
export function deletingOwner(store: TenancyStore, cluster: string): { cluster: string; name: string } | undefined {
  const seen = new Set<string>();
  for (let c: string | undefined = cluster; c && !seen.has(c);) {
    seen.add(c);
    const owner: { cluster?: string; name?: string } | undefined = (
      store.getLogicalCluster(c)?.['spec'] as { owner?: { cluster?: string; name?: string } } | undefined
    )?.owner;
    if (!owner?.cluster || !owner.name) return undefined;
    if (store.getWorkspace(owner.cluster, owner.name)?.metadata.deletionTimestamp) return { cluster: owner.cluster, name: owner.name };
    c = owner.cluster;
  }
  return undefined;
}
