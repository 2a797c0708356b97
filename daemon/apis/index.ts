// The built-in API groups, in discovery's order, gated by kcp's generic-control-plane batteries. Each group's
// folder holds, per kind, its definition and strategy (daemon/registry/strategy.ts); what some strategies need from
// the daemon (its authorizer, token authenticator and ServiceAccount token issuer) is passed in here, so two daemons
// in one process never share it.
import type { ServiceAccountTokens } from '../auth/service-account-tokens.js';
import type { Battery, ResourceDef } from '../registry/types.js';
import { ADMISSIONREGISTRATION } from './admissionregistration/index.js';
import { APIEXTENSIONS } from './apiextensions/index.js';
import { APIS_KCP } from './apis-kcp/index.js';
import { APIREGISTRATION } from './apiregistration/index.js';
import { authenticationResources, type TokenReviewer } from './authentication/index.js';
import { authorizationResources, type Authorizer } from './authorization/index.js';
import { CERTIFICATES } from './certificates/index.js';
import { COORDINATION } from './coordination/index.js';
import { coreResources } from './core/index.js';
import { CORE_KCP } from './core-kcp/index.js';
import { EVENTS } from './events/index.js';
import { FLOWCONTROL } from './flowcontrol/index.js';
import { MOUNTS } from './mounts/index.js';
import { RBAC } from './rbac/index.js';
import { TENANCY } from './tenancy/index.js';

export type { AccessAttributes, AccessDecision, Authorizer, RulesAnswer } from './authorization/index.js';
export type { TokenReviewer } from './authentication/index.js';

/** What the daemon lends the strategies of some built-ins. Without it they answer as kube does without them. */
export interface BuiltinDeps {
  /** Answers the access reviews (default: privileged groups may do everything, everybody else nothing). */
  authorizer?: Authorizer;
  /** Answers TokenReviews (default: an empty status). */
  reviewToken?: TokenReviewer;
  /** Issues ServiceAccount tokens (`serviceaccounts/token`; without it the subresource is not served). */
  serviceAccountTokens?: ServiceAccountTokens;
}

/**
 * The built-ins a control plane serves: its batteries' groups and, unless it is a generic control plane (`workspaces`
 * false), kcp's tenancy, core and mount kinds.
 */
export function builtinResources(batteries: ReadonlySet<Battery>, deps: BuiltinDeps = {}, workspaces = true): ResourceDef[] {
  const all = [
    ...coreResources(deps.serviceAccountTokens),
    ...EVENTS,
    ...COORDINATION,
    ...RBAC,
    ...ADMISSIONREGISTRATION,
    ...APIEXTENSIONS,
    ...FLOWCONTROL,
    ...CERTIFICATES,
    ...APIREGISTRATION,
    ...authenticationResources(deps.reviewToken),
    ...authorizationResources(deps.authorizer),
    ...(workspaces ? [...TENANCY, ...CORE_KCP, ...APIS_KCP, ...MOUNTS] : []),
  ];
  return all.filter((d) => !d.battery || batteries.has(d.battery));
}
