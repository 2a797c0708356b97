// Routing, kept by the workspace controller in the front proxy's index: a scheduled workspace is routable once its
// transaction has committed (never before: it could roll back), Initializing ones too so their initializers can work
// in them; a mounted one routes its path to the mount. Deletion unroutes (deletion.ts).
import type { KObject } from '../apimachinery/types.js';
import { isMounted, typeString, type TypeRef } from '../apis/core-kcp/names.js';
import type { ClusterEntry, MountEntry, WorkspaceIndex } from './index.js';

export type RouteChange = { type: 'cluster'; entry: ClusterEntry } | { type: 'mount'; entry: MountEntry };

/**
 * What routing `ws` (stored in `parentCluster`) would change in the index, or undefined when nothing: not routable
 * (yet), already routed as it is, or a forged claim (`warn` says which).
 */
export function routeChange(
  index: WorkspaceIndex,
  parentCluster: string,
  ws: KObject,
  warn?: (message: string) => void,
): RouteChange | undefined {
  if (ws.metadata.deletionTimestamp) return undefined;
  const parent = index.cluster(parentCluster);
  if (!parent) return undefined;
  const path = `${parent.path}:${ws.metadata.name}`;
  if (isMounted(ws)) {
    const known = index.byPath(path);
    if (known?.type === 'mount' && known.entry.parentCluster === parentCluster) return undefined;
    return { type: 'mount', entry: { path, parentCluster, workspace: ws.metadata.name! } };
  }
  const spec = ws['spec'] as { cluster?: string; type?: TypeRef } | undefined;
  const cluster = spec?.cluster;
  const phase = (ws['status'] as { phase?: string } | undefined)?.phase;
  if (!cluster || (phase !== 'Ready' && phase !== 'Initializing')) return undefined;
  const known = index.cluster(cluster);
  if (known && known.path === path && known.phase === phase) return undefined;
  // Workspaces are never renamed or moved: a second path for a routed cluster is a forged claim, never honoured.
  if (known && known.path !== path) {
    warn?.(`workspace controller: ${path} claims logical cluster ${cluster}, which is ${known.path}; not routed`);
    return undefined;
  }
  return { type: 'cluster', entry: { name: cluster, path, phase, type: spec.type ? typeString(spec.type) : 'root:universal' } };
}

/** Routes `ws` as routeChange says; true when the index changed. */
export function routeWorkspace(index: WorkspaceIndex, parentCluster: string, ws: KObject, warn?: (message: string) => void): boolean {
  const change = routeChange(index, parentCluster, ws, warn);
  if (!change) return false;
  if (change.type === 'cluster') index.setCluster(change.entry);
  else index.setMount(change.entry);
  return true;
}
