// Impersonation (`kubectl --as/--as-group/--as-uid`, the Impersonate-* headers): kube's WithImpersonation filter
// (k8s.io/apiserver pkg/endpoints/filters/impersonation) with kcp's two additions around it
// (kcp:pkg/server/filters/impersonation.go):
//   1. the gatekeeper: nobody but system:masters may impersonate kcp's privileged groups (system:masters, the kcp
//      admin, logical-cluster-admin and workspace-bootstrapper groups, system:authenticated) unless they are in
//      that group themselves — whatever RBAC says;
//   2. scoping: an identity impersonated by anyone but system:masters carries the extra
//      `authentication.kcp.io/scopes: cluster:<name>`, so it is worth nothing outside the workspace whose RBAC let
//      the impersonation happen.
// Each impersonated attribute is authorized as verb `impersonate` in the logical cluster the request targets.
import { badRequest, forbiddenWithoutResource } from '../apimachinery/status.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../apimachinery/validation.js';
import type { UserInfo } from '../registry/types.js';
import { resourceAttributes, type AuthorizationAttributes } from './rbac/attributes.js';
import { GROUP_LOGICAL_CLUSTER_ADMIN, GROUP_WORKSPACE_BOOTSTRAPPER } from './rbac/bootstrap.js';
import { forbiddenFor } from './rbac/authorizer.js';
import {
  ANONYMOUS_USER,
  GROUP_AUTHENTICATED,
  GROUP_KCP_ADMIN,
  GROUP_MASTERS,
  GROUP_UNAUTHENTICATED,
  SERVICE_ACCOUNT_PREFIX,
  SERVICE_ACCOUNTS_GROUP,
} from './user/names.js';
import { IMPERSONATE_EXTRA_PREFIX, IMPERSONATE_GROUP, IMPERSONATE_UID, IMPERSONATE_USER } from './impersonation-headers.js';

/** kcp's user-extra key restricting an identity to the logical clusters it names (`cluster:<name>`). */
export const SCOPES_EXTRA = 'authentication.kcp.io/scopes';
const AUTHENTICATION_GROUP = 'authentication.k8s.io';

/** Groups only their members (or system:masters) may impersonate (kcp's specialGroups). */
const PRIVILEGED_GROUPS: ReadonlySet<string> = new Set([
  GROUP_MASTERS,
  GROUP_LOGICAL_CLUSTER_ADMIN,
  'system:kcp:external-logical-cluster-admin',
  GROUP_WORKSPACE_BOOTSTRAPPER,
  GROUP_KCP_ADMIN,
  GROUP_AUTHENTICATED,
]);

/** One thing a request asks to act as (kube models each as an ObjectReference). */
export type ImpersonationRequest =
  | { kind: 'User'; name: string }
  | { kind: 'ServiceAccount'; namespace: string; name: string }
  | { kind: 'Group'; name: string }
  | { kind: 'UserExtra'; key: string; value: string }
  | { kind: 'UID'; uid: string };

/** Throws a 403 Status when the attributes are not allowed. */
export type AuthorizeFn = (attrs: AuthorizationAttributes) => void;

/**
 * kube's buildImpersonationRequests over the request's headers, each header line a value of its own (Node's
 * `headersDistinct`: a group name may contain a comma). Groups, extras or a UID without a user are a 400.
 */
export function parseImpersonationHeaders(headers: Readonly<Record<string, readonly string[] | undefined>>): ImpersonationRequest[] {
  const out: ImpersonationRequest[] = [];
  const user = headers[IMPERSONATE_USER]?.[0] ?? '';
  if (user) {
    const sa = splitServiceAccountUsername(user);
    out.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user });
  }
  const groups = headers[IMPERSONATE_GROUP] ?? [];
  for (const name of groups) out.push({ kind: 'Group', name });
  let extras = false;
  for (const header in headers) {
    if (!header.startsWith(IMPERSONATE_EXTRA_PREFIX)) continue;
    extras = true;
    const key = pathUnescape(header.slice(IMPERSONATE_EXTRA_PREFIX.length).toLowerCase());
    for (const value of headers[header] ?? []) out.push({ kind: 'UserExtra', key, value });
  }
  const uid = headers[IMPERSONATE_UID]?.[0] ?? '';
  if (uid) out.push({ kind: 'UID', uid });
  if ((groups.length > 0 || extras || uid) && !user) throw badRequest(`requested ${goPrint(out)} without impersonating a user`);
  return out;
}

/** kcp's gatekeeper: may a user with `groups` impersonate `requested`? */
export function mayImpersonateGroups(groups: readonly string[], requested: readonly string[]): boolean {
  if (groups.includes(GROUP_MASTERS)) return true;
  return requested.every((g) => !PRIVILEGED_GROUPS.has(g) || groups.includes(g));
}

/**
 * The identity a request acts as when it impersonates, each requested attribute authorized for `requester` in
 * `cluster` (the logical cluster the request targets; `*` for cross-cluster requests, where only system:masters
 * may impersonate). Throws kube's 403 on the first attribute refused, or kcp's when a privileged group is asked for.
 */
export function impersonate(
  requester: UserInfo,
  requests: readonly ImpersonationRequest[],
  cluster: string,
  authorize: AuthorizeFn,
): UserInfo {
  const requestedGroups = requests.flatMap((r) => (r.kind === 'Group' ? [r.name] : []));
  if (!mayImpersonateGroups(requester.groups, requestedGroups)) {
    const err = forbiddenWithoutResource('impersonation is not allowed for the requestor');
    err.status.details = {};
    throw err;
  }
  const masters = requester.groups.includes(GROUP_MASTERS);
  const groupsSpecified = requestedGroups.length > 0;
  let username = '';
  let uid = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    const attrs = attributesFor(cluster, requester, r);
    // Cross-cluster requests have no workspace whose RBAC could allow anything: only the privileged pass.
    if (cluster === '*' && !masters) throw forbiddenFor(attrs);
    authorize(attrs);
    switch (r.kind) {
      case 'ServiceAccount':
        username = `${SERVICE_ACCOUNT_PREFIX}${r.namespace}:${r.name}`;
        if (!groupsSpecified) groups = [SERVICE_ACCOUNTS_GROUP, `${SERVICE_ACCOUNTS_GROUP}:${r.namespace}`];
        break;
      case 'User':
        username = r.name;
        break;
      case 'Group':
        groups.push(r.name);
        break;
      case 'UserExtra':
        (extra[r.key] ??= []).push(r.value);
        break;
      case 'UID':
        uid = r.uid;
        break;
    }
  }
  // kube adds system:authenticated unless either pseudo-group was asked for; the anonymous user gets
  // system:unauthenticated instead.
  if (username !== ANONYMOUS_USER) {
    if (!groups.includes(GROUP_AUTHENTICATED) && !groups.includes(GROUP_UNAUTHENTICATED)) groups.push(GROUP_AUTHENTICATED);
  } else if (!groups.includes(GROUP_UNAUTHENTICATED)) groups.push(GROUP_UNAUTHENTICATED);
  if (!masters) extra[SCOPES_EXTRA] = [...(extra[SCOPES_EXTRA] ?? []), `cluster:${cluster}`];
  const user: UserInfo = { username, groups };
  if (uid) user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}

function attributesFor(cluster: string, requester: UserInfo, r: ImpersonationRequest): AuthorizationAttributes {
  const verb = 'impersonate';
  switch (r.kind) {
    case 'User':
      return resourceAttributes(cluster, requester, { verb, resource: 'users', name: r.name });
    case 'ServiceAccount':
      return resourceAttributes(cluster, requester, { verb, resource: 'serviceaccounts', namespace: r.namespace, name: r.name });
    case 'Group':
      return resourceAttributes(cluster, requester, { verb, resource: 'groups', name: r.name });
    case 'UserExtra':
      return resourceAttributes(cluster, requester, {
        verb,
        group: AUTHENTICATION_GROUP,
        version: 'v1',
        resource: 'userextras',
        subresource: r.key,
        name: r.value,
      });
    case 'UID':
      return resourceAttributes(cluster, requester, { verb, group: AUTHENTICATION_GROUP, version: 'v1', resource: 'uids', name: r.uid });
  }
}

/** serviceaccount.SplitUsername: `system:serviceaccount:<namespace>:<name>` with a valid namespace and name. */
function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_PREFIX.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace, name] = parts as [string, string];
  if (isDNS1123Label(namespace).length > 0 || isDNS1123Subdomain(name).length > 0) return undefined;
  return { namespace, name };
}

/** Go's url.PathUnescape: %XX decoded as bytes; a malformed escape leaves the key as it was. */
export function pathUnescape(s: string): string {
  if (!s.includes('%')) return s;
  if (/%(?![0-9a-fA-F]{2})/.test(s)) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of Buffer.from(s[i]!, 'utf8')) bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/** fmt's %v of kube's []v1.ObjectReference (Kind Namespace Name UID APIVersion ResourceVersion FieldPath). */
function goPrint(requests: readonly ImpersonationRequest[]): string {
  const ref = (kind: string, namespace: string, name: string, apiVersion = '', fieldPath = '') =>
    `{${[kind, namespace, name, '', apiVersion, '', fieldPath].join(' ')}}`;
  const items = requests.map((r) => {
    switch (r.kind) {
      case 'User':
        return ref('User', '', r.name);
      case 'ServiceAccount':
        return ref('ServiceAccount', r.namespace, r.name);
      case 'Group':
        return ref('Group', '', r.name);
      case 'UserExtra':
        return ref('UserExtra', '', r.value, `${AUTHENTICATION_GROUP}/v1`, r.key);
      case 'UID':
        return ref('UID', '', r.uid, `${AUTHENTICATION_GROUP}/v1`);
    }
  });
  return `[${items.join(' ')}]`;
}
