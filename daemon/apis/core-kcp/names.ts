// Storage keys and well-known names of kcp's APIs (tenancy.kcp.io, core.kcp.io) and of the tenancy built on them.
import type { KObject } from '../../apimachinery/types.js';
import type { ObjectKey } from '../../storage/store.js';

export const WORKSPACES = 'tenancy.kcp.io/workspaces';
export const WORKSPACE_TYPES = 'tenancy.kcp.io/workspacetypes';
export const LOGICAL_CLUSTERS = 'core.kcp.io/logicalclusters';
export const SHARDS = 'core.kcp.io/shards';
export const NAMESPACES = '/namespaces';

export const ROOT = 'root';
export const SHARD_NAME = 'root';
/** kcp's deprecated short shard hash annotation value for the shard named `root`. */
export const ROOT_SHARD_HASH = '1pfxsevk';
export const LOGICAL_CLUSTER_NAME = 'cluster';

export const ANN_PATH = 'kcp.io/path';
export const ANN_TYPE = 'internal.tenancy.kcp.io/type';
export const ANN_SHARD = 'core.kcp.io/shard';
export const ANN_WS_SHARD = 'internal.tenancy.kcp.io/shard';
export const ANN_WS_CLUSTER = 'internal.tenancy.kcp.io/cluster';
export const ANN_OWNER = 'experimental.tenancy.kcp.io/owner';
export const ANN_MOUNT = 'experimental.tenancy.kcp.io/mount';
/** Groups a user needs to enter the workspace (see auth/rbac/authorizer.ts); copied from parent to child. */
export const ANN_REQUIRED_GROUPS = 'authorization.kcp.io/required-groups';
export const LABEL_PHASE = 'tenancy.kcp.io/phase';
export const WORKSPACE_FINALIZER = 'core.kcp.io/logicalcluster';

export const DEFAULT_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** Storage key of a logical cluster's own LogicalCluster object (always named `cluster`). */
export function logicalClusterKey(cluster: string): ObjectKey {
  return { cluster, resource: LOGICAL_CLUSTERS, namespace: '', name: LOGICAL_CLUSTER_NAME };
}

/** Storage key of a Workspace, which lives in its parent's logical cluster. */
export function workspaceKey(parentCluster: string, name: string): ObjectKey {
  return { cluster: parentCluster, resource: WORKSPACES, namespace: '', name };
}

export interface TypeRef {
  name: string;
  path: string;
}

export function typeString(t: TypeRef): string {
  return `${t.path}:${t.name}`;
}

/** Whether a Workspace is a mount (requests proxied to another API) rather than a logical cluster of its own. */
export function isMounted(ws: KObject | undefined): boolean {
  return Boolean((ws?.['spec'] as { mount?: unknown } | undefined)?.mount);
}
