// What the access reviews ask of an authorizer: a decision for one request's attributes, or the rules a user holds
// in a namespace. The daemon passes its RBAC authorizer (auth/rbac/authorizer.ts reviewAuthorizer) when it builds
// the reviews; without one, privileged groups may do everything and everybody else nothing.
import type { KObject } from '../../apimachinery/types.js';
import type { UserInfo } from '../../registry/types.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

export interface AccessAttributes {
  cluster: string;
  user: UserInfo;
  verb: string;
  group: string;
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  path?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason?: string;
}

export interface RulesAnswer {
  resourceRules: Array<{ verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[] }>;
  nonResourceRules: Array<{ verbs: string[]; nonResourceURLs: string[] }>;
  incomplete: boolean;
}

export interface Authorizer {
  authorize(attrs: AccessAttributes): AccessDecision;
  rulesFor(cluster: string, user: UserInfo, namespace: string): RulesAnswer;
}

const PRIVILEGED = ['system:masters', 'system:kcp:admin'];

/** Until RBAC is wired in: privileged groups may do everything, everybody else nothing. */
export const privilegedOnly: Authorizer = {
  authorize: (a) =>
    a.user.groups.some((g) => PRIVILEGED.includes(g)) ? { allowed: true, reason: 'privileged group' } : { allowed: false },
  rulesFor: (_c, user) =>
    user.groups.some((g) => PRIVILEGED.includes(g))
      ? {
          resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
          nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          incomplete: false,
        }
      : { resourceRules: [], nonResourceRules: [], incomplete: false },
};

/** A SubjectAccessReviewSpec's decision for `user` in the review's logical cluster. */
export function accessStatus(
  authorizer: Authorizer,
  spec: Record<string, unknown>,
  user: UserInfo,
  cluster: string,
): Record<string, unknown> {
  const ra = spec['resourceAttributes'] as Record<string, string> | undefined;
  const nra = spec['nonResourceAttributes'] as Record<string, string> | undefined;
  const attrs: AccessAttributes = ra
    ? {
        cluster,
        user,
        verb: ra['verb'] ?? '',
        group: ra['group'] ?? '',
        resource: ra['resource'] ?? '',
        subresource: ra['subresource'] ?? '',
        name: ra['name'] ?? '',
        namespace: ra['namespace'] ?? '',
      }
    : {
        cluster,
        user,
        verb: nra?.['verb'] ?? '',
        group: '',
        resource: '',
        subresource: '',
        name: '',
        namespace: '',
        path: nra?.['path'] ?? '',
      };
  const d = authorizer.authorize(attrs);
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status['reason'] = d.reason;
  return status;
}

/** The user a SubjectAccessReviewSpec names. */
export function userFromSpec(spec: Record<string, unknown>): UserInfo {
  const u: UserInfo = { username: scalarText(spec['user']), groups: (spec['groups'] as string[]) ?? [] };
  if (spec['uid']) u.uid = scalarText(spec['uid']);
  if (spec['extra']) u.extra = spec['extra'] as Record<string, string[]>;
  return u;
}

/** A review's spec (an empty one when it has none). */
export const specOf = (review: KObject) => (review['spec'] as Record<string, unknown> | undefined) ?? {};
