// Review APIs: computed answers, never stored (SelfSubjectReview, access reviews, TokenReview).
import type { KObject } from '../../apimachinery/types.js';
import type { RequestContext, ResourceDef, UserInfo } from '../../registry/types.js';
import { define, REVIEW_VERBS } from './define.js';

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
const privilegedOnly: Authorizer = {
  authorize: (a) => (a.user.groups.some((g) => PRIVILEGED.includes(g)) ? { allowed: true, reason: 'privileged group' } : { allowed: false }),
  rulesFor: (_c, user) =>
    user.groups.some((g) => PRIVILEGED.includes(g))
      ? { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false }
      : { resourceRules: [], nonResourceRules: [], incomplete: false },
};

let authorizer: Authorizer = privilegedOnly;

export function setAuthorizer(a: Authorizer): void {
  authorizer = a;
}

/** Computes a TokenReview's status from its spec (daemon/auth/token-review.ts); throws a Status for a bad spec. */
export type TokenReviewer = (spec: Record<string, unknown> | undefined) => Record<string, unknown>;

/** Without an authenticator kube's TokenReview answers with an empty status. */
let tokenReviewer: TokenReviewer = () => ({});

export function setTokenReviewer(r: TokenReviewer): void {
  tokenReviewer = r;
}

function accessStatus(spec: Record<string, unknown>, user: UserInfo, ctx: RequestContext): Record<string, unknown> {
  const ra = spec['resourceAttributes'] as Record<string, string> | undefined;
  const nra = spec['nonResourceAttributes'] as Record<string, string> | undefined;
  const attrs: AccessAttributes = ra
    ? { cluster: ctx.cluster, user, verb: ra['verb'] ?? '', group: ra['group'] ?? '', resource: ra['resource'] ?? '', subresource: ra['subresource'] ?? '', name: ra['name'] ?? '', namespace: ra['namespace'] ?? '' }
    : { cluster: ctx.cluster, user, verb: nra?.['verb'] ?? '', group: '', resource: '', subresource: '', name: '', namespace: '', path: nra?.['path'] ?? '' };
  const d = authorizer.authorize(attrs);
  const status: Record<string, unknown> = { allowed: d.allowed };
  if (d.reason) status['reason'] = d.reason;
  return status;
}

function userFromSpec(spec: Record<string, unknown>): UserInfo {
  const u: UserInfo = { username: String(spec['user'] ?? ''), groups: (spec['groups'] as string[]) ?? [] };
  if (spec['uid']) u.uid = String(spec['uid']);
  if (spec['extra']) u.extra = spec['extra'] as Record<string, string[]>;
  return u;
}

const review = (group: string, kind: string, plural: string, battery: ResourceDef['battery'], fn: (o: KObject, ctx: RequestContext) => KObject, namespaced = false) =>
  define({ group, version: 'v1', kind, plural, namespaced, verbs: REVIEW_VERBS, battery, review: fn, schemaName: `io.k8s.api.${group.split('.')[0]}.v1.${kind}` });

const withStatus = (o: KObject, status: Record<string, unknown>): KObject => ({ ...o, metadata: { ...o.metadata, creationTimestamp: null }, status });

export const REVIEWS: ResourceDef[] = [
  review('authentication.k8s.io', 'SelfSubjectReview', 'selfsubjectreviews', 'authentication', (o, ctx) => {
    const userInfo: Record<string, unknown> = { username: ctx.user.username, groups: ctx.user.groups };
    if (ctx.user.uid) userInfo['uid'] = ctx.user.uid;
    if (ctx.user.extra) userInfo['extra'] = ctx.user.extra;
    return withStatus(o, { userInfo });
  }),
  review('authentication.k8s.io', 'TokenReview', 'tokenreviews', 'authentication', (o) => withStatus(o, tokenReviewer(o['spec'] as Record<string, unknown> | undefined))),
  review('authorization.k8s.io', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', 'authorization', (o, ctx) => withStatus(o, accessStatus((o['spec'] as Record<string, unknown>) ?? {}, ctx.user, ctx))),
  review('authorization.k8s.io', 'SubjectAccessReview', 'subjectaccessreviews', 'authorization', (o, ctx) => {
    const spec = (o['spec'] as Record<string, unknown>) ?? {};
    return withStatus(o, accessStatus(spec, userFromSpec(spec), ctx));
  }),
  review(
    'authorization.k8s.io',
    'LocalSubjectAccessReview',
    'localsubjectaccessreviews',
    'authorization',
    (o, ctx) => {
      const spec = (o['spec'] as Record<string, unknown>) ?? {};
      return withStatus(o, accessStatus(spec, userFromSpec(spec), ctx));
    },
    true,
  ),
  review('authorization.k8s.io', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', 'authorization', (o, ctx) => {
    const ns = String(((o['spec'] as Record<string, unknown>) ?? {})['namespace'] ?? '');
    return withStatus(o, { ...authorizer.rulesFor(ctx.cluster, ctx.user, ns) });
  }),
];
