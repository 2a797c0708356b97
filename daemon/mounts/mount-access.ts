// Who may send requests through a mount. A mount forwards with the target's credentials, never the caller's, so the
// gate is here, before anything is forwarded: the caller must be able to enter the parent workspace (required
// groups, `access` on /) and hold `access` or `admin` on `workspaces/content` for the mounted Workspace there — kcp's
// rule for a workspace's content (kcp docs, authorization/authorizers.md). Anonymous callers never pass.
import type { AuthorizationAttributes } from '../auth/rbac/attributes.js';
import { resourceAttributes } from '../auth/rbac/attributes.js';
import { forbiddenFor, type Decision } from '../auth/rbac/authorizer.js';
import type { UserInfo } from '../registry/types.js';
import { ANONYMOUS_USER, GROUP_UNAUTHENTICATED } from '../auth/user/names.js';

/** The verbs kcp defines on workspaces/content: `access` enters a workspace, `admin` administers it. */
const CONTENT_VERBS = ['access', 'admin'] as const;

export function contentAttributes(parentCluster: string, workspace: string, user: UserInfo, verb: string): AuthorizationAttributes {
  return resourceAttributes(parentCluster, user, {
    verb,
    group: 'tenancy.kcp.io',
    version: 'v1alpha1',
    resource: 'workspaces',
    subresource: 'content',
    name: workspace,
  });
}

/** Throws the 403 Status unless `user` may use the mounted workspace `workspace` of `parentCluster`. */
export function authorizeMountAccess(
  authorize: (attrs: AuthorizationAttributes) => Decision,
  parentCluster: string,
  workspace: string,
  user: UserInfo,
): void {
  const first = contentAttributes(parentCluster, workspace, user, CONTENT_VERBS[0]);
  if (user.username === ANONYMOUS_USER || user.groups.includes(GROUP_UNAUTHENTICATED)) throw forbiddenFor(first);
  let denial: Decision | undefined;
  for (const verb of CONTENT_VERBS) {
    const d = authorize(verb === first.verb ? first : contentAttributes(parentCluster, workspace, user, verb));
    if (d.allowed) return;
    denial ??= d;
  }
  throw forbiddenFor(first, denial);
}
