// The routing table a start rebuilds, from data only parents and the system control: each Workspace's spec.cluster
// (system-written, in its parent's logical cluster) or spec.mount, walked down from root and from the home
// workspaces, so that every workspace — mounted ones too — routes before the daemon serves. A
// LogicalCluster's own annotations are never trusted for routing. Two claims on one path, or one logical cluster
// under two paths, mean the store is inconsistent: the start refuses rather than pick one.
import type { ClusterEntry, WorkspaceIndex } from './index.js';

/** One stored Workspace, as the start-up projection reads it. */
export interface WorkspaceRow {
  /** Logical cluster holding the Workspace object. */
  parent: string;
  name: string;
  /** spec.cluster: the workspace's own logical cluster (unset while unscheduled, and for mounts). */
  cluster: string | undefined;
  /** spec.mount is set: requests to it go to the mount's target. */
  mounted?: boolean;
  phase: string | undefined;
  /** `path:name` of spec.type. */
  type: string | undefined;
}

export class InconsistentRoutesError extends Error {
  override readonly name = 'InconsistentRoutesError';
}

/**
 * Routes every logical cluster under `roots` in `index` (which starts empty). `subtreeRoot` is asked about logical
 * clusters that hold Workspaces but are nobody's child (home workspaces); it answers their entry, or undefined for
 * clusters that route nowhere.
 */
export function routeTrees(
  index: WorkspaceIndex,
  roots: ClusterEntry[],
  rows: Iterable<WorkspaceRow>,
  subtreeRoot: (cluster: string) => ClusterEntry | undefined,
): void {
  const children = new Map<string, WorkspaceRow[]>();
  for (const row of rows) {
    if (!row.cluster && !row.mounted) continue;
    const list = children.get(row.parent);
    if (list) list.push(row);
    else children.set(row.parent, [row]);
  }
  const claim = (entry: ClusterEntry): void => {
    const sameCluster = index.cluster(entry.name);
    if (sameCluster)
      throw new InconsistentRoutesError(
        `logical cluster ${entry.name} is claimed by two workspaces, ${sameCluster.path} and ${entry.path}`,
      );
    const samePath = index.byPath(entry.path);
    if (samePath?.type === 'cluster')
      throw new InconsistentRoutesError(`logical clusters ${samePath.entry.name} and ${entry.name} both claim path ${entry.path}`);
    index.setCluster(entry);
  };
  const walk = (top: ClusterEntry): void => {
    claim(top);
    // Breadth-first with an explicit queue: trees can be deeper than the stack.
    const queue = [top];
    for (let i = 0; i < queue.length; i++) {
      const parent = queue[i]!;
      const rows = children.get(parent.name);
      if (!rows) continue;
      for (const row of rows) {
        if (!row.cluster) {
          index.setMount({ path: `${parent.path}:${row.name}`, parentCluster: parent.name, workspace: row.name });
          continue;
        }
        const entry: ClusterEntry = {
          name: row.cluster,
          path: `${parent.path}:${row.name}`,
          phase: row.phase ?? 'Ready',
          type: row.type ?? 'root:universal',
        };
        claim(entry);
        queue.push(entry);
      }
    }
  };
  for (const r of roots) walk(r);
  for (const parent of children.keys()) {
    if (index.cluster(parent)) continue;
    const top = subtreeRoot(parent);
    if (top) walk(top);
  }
}
