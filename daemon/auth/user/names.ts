// kube's well-known users and groups (k8s.io/apiserver authentication/user and serviceaccount) and kcp's admin
// group: what authentication assigns and every authorizer matches. Kept apart from RBAC, which a control plane
// without the authorization battery never loads.
import type { UserInfo } from '../../registry/types.js';

export const GROUP_MASTERS = 'system:masters';
export const GROUP_KCP_ADMIN = 'system:kcp:admin';
export const GROUP_AUTHENTICATED = 'system:authenticated';
export const GROUP_UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';

export const SERVICE_ACCOUNT_PREFIX = 'system:serviceaccount:';
export const SERVICE_ACCOUNTS_GROUP = 'system:serviceaccounts';

/** UserInfo.extra key naming the logical cluster(s) a ServiceAccount comes from (k8s serviceaccount.ClusterNameKey). */
export const CLUSTER_NAME_EXTRA = 'authentication.kubernetes.io/cluster-name';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${namespace}:${name}`;
}

/**
 * The identity a ServiceAccount authenticates as (k8s.io/apiserver serviceaccount.UserInfo): RBAC matches
 * ServiceAccount subjects by this username and Group subjects by these groups. `cluster` records the logical
 * cluster the account belongs to, as kcp's token authenticator does.
 */
export function serviceAccountUser(namespace: string, name: string, opts: { uid?: string; cluster?: string } = {}): UserInfo {
  const u: UserInfo = {
    username: serviceAccountUsername(namespace, name),
    groups: [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${namespace}`, GROUP_AUTHENTICATED],
  };
  if (opts.uid) u.uid = opts.uid;
  if (opts.cluster) u.extra = { [CLUSTER_NAME_EXTRA]: [opts.cluster] };
  return u;
}
