// Home workspaces (`~`): one logical cluster per user, created on first use, reachable by its id and by the
// `user:<name>` alias. kcp serves them through GET …/workspaces/~ in root, answering with a synthetic Workspace.
import type { KObject } from '../apimachinery/types.js';
import { timestamp } from '../registry/meta.js';
import type { UserInfo } from '../registry/types.js';
import type { Store } from '../storage/store.js';
import type { ClusterEntry, Resolved, WorkspaceIndex } from './index.js';
import { createLogicalCluster } from './logical-cluster.js';
import { homeClusterName } from './names.js';
import type { TenancyStore } from './tenancy-store.js';
import { ANN_OWNER, ANN_PATH, ANN_TYPE, LOGICAL_CLUSTER_NAME, logicalClusterKey } from '../apis/core-kcp/names.js';

const HOME_TYPE = 'root:home';
const HOME_PREFIX = 'user:';

export const HOME_PATH = '/apis/tenancy.kcp.io/v1alpha1/workspaces/~';

export function ensureHome(store: TenancyStore, index: WorkspaceIndex, externalURL: string, user: UserInfo): KObject {
  const id = homeClusterName(user.username);
  const path = `user:${user.username}`;
  let lc = store.getLogicalCluster(id);
  if (!lc) {
    const owner = JSON.stringify({ username: user.username, groups: user.groups });
    const spec = { createdBy: { username: user.username, groups: user.groups } };
    store.transaction(() => createLogicalCluster(store, { cluster: id, path, type: HOME_TYPE, owner, spec, externalURL }, store.now()));
    lc = store.getLogicalCluster(id)!;
  }
  if (!index.cluster(id)) index.setCluster({ name: id, path, phase: 'Ready', type: 'root:home' });
  return {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: {
      name: LOGICAL_CLUSTER_NAME,
      creationTimestamp: lc.metadata.creationTimestamp ?? timestamp(store.now()),
      annotations: { [ANN_OWNER]: JSON.stringify({ username: user.username }) },
    },
    spec: { type: { name: 'home', path: 'root' }, cluster: id, URL: `${externalURL}/clusters/${id}` },
    status: { phase: 'Ready', conditions: (lc['status'] as { conditions?: unknown[] } | undefined)?.conditions ?? [] },
  };
}

/**
 * The routing entry of home logical cluster `cluster`, or undefined when it is not one. A home's path is not taken on
 * the LogicalCluster's word: `user:<name>` must hash to the cluster's name, as kcp's home rewriter computes it.
 */
export function homeEntry(store: Store, cluster: string): ClusterEntry | undefined {
  const lc = store.get(logicalClusterKey(cluster));
  const annotations = lc?.metadata.annotations;
  const path = annotations?.[ANN_PATH];
  if (!lc || annotations?.[ANN_TYPE] !== HOME_TYPE || !path?.startsWith(HOME_PREFIX)) return undefined;
  if (homeClusterName(path.slice(HOME_PREFIX.length)) !== cluster) return undefined;
  const phase = (lc['status'] as { phase?: string } | undefined)?.phase ?? 'Ready';
  return { name: cluster, path, phase, type: HOME_TYPE };
}

/**
 * A start routes only the homes that have child workspaces; the others are found here when first addressed, by
 * cluster name (`<id>`, `<id>:child`) or by `user:<name>` (usernames may contain ':', so every split is tried).
 * Costs a point read per miss.
 */
export function resolveHome(store: Store, index: WorkspaceIndex, segment: string): Resolved | undefined {
  const load = (cluster: string): boolean => {
    if (index.cluster(cluster)) return false;
    const entry = homeEntry(store, cluster);
    if (entry) index.setCluster(entry);
    return entry !== undefined;
  };
  if (segment.startsWith(HOME_PREFIX)) {
    const rest = segment.slice(HOME_PREFIX.length);
    for (let end = rest.length; end > 0; end = rest.lastIndexOf(':', end - 1)) {
      if (load(homeClusterName(rest.slice(0, end)))) return index.resolve(segment);
    }
    return undefined;
  }
  const colon = segment.indexOf(':');
  return load(colon < 0 ? segment : segment.slice(0, colon)) ? index.resolve(segment) : undefined;
}
