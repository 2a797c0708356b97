// The authorization chain of kcpx, kcp's (kcp:pkg/server/options/authorization.go) simplified:
//   1. privileged group system:masters, and the always-allowed health paths;
//   2. system:kcp:admin, which kcp binds to cluster-admin in every workspace;
//   3. per logical cluster: required groups → workspace content (may the user enter the workspace at all?) →
//      maximal permission policy (for resources bound from an export that has one) → RBAC.
// Per-cluster state (parsed RBAC, the LogicalCluster's gatekeeping fields) is built on first use, kept in a bounded
// LRU, and dropped by invalidate() when the cluster's RBAC or LogicalCluster changes.
import { forbidden, forbiddenWithoutResource, StatusError } from '../../apimachinery/status.js';
import type { AccessAttributes, AccessDecision, Authorizer as ReviewAuthorizer, RulesAnswer } from '../../apis/authorization/access.js';
import type { UserInfo } from '../../registry/types.js';
import type { Store } from '../../storage/store.js';
import { LOGICAL_CLUSTER_NAME, LOGICAL_CLUSTERS } from '../../apis/core-kcp/names.js';
import { nonResourceAttributes, resourceAttributes, type AuthorizationAttributes } from './attributes.js';
import { GROUP_LOGICAL_CLUSTER_ADMIN, GROUP_WORKSPACE_BOOTSTRAPPER } from './bootstrap.js';
import { CLUSTER_NAME_EXTRA, GROUP_KCP_ADMIN, GROUP_MASTERS } from '../user/names.js';
import { Lru } from '../../support/lru.js';
import { RBAC_RESOURCES, RbacAuthorizer, type PolicySource, type RulesForResult } from './rbac.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

export interface Decision {
  allowed: boolean;
  /** Why, for access reviews and logs: `RBAC: allowed by …`, `no verb=access permission on /`, … ('' when kube has none). */
  reason: string;
  /** On denial: the text after `<resource> is forbidden: ` in the 403 Status, exactly as kube words it. */
  denyMessage?: string;
}

export interface AuthorizerOptions {
  source: PolicySource;
  /** How many logical clusters keep parsed state (least recently used ones are dropped). Default 1024. */
  maxClusters?: number;
  /**
   * Deny in clusters without a LogicalCluster object, as kcp does. Default true; switch off only where clusters are
   * served without one.
   */
  requireLogicalCluster?: boolean;
  /**
   * Whether kcp's workspace gate (required groups, the LogicalCluster's phase, `access` on the workspace) comes before
   * RBAC. Default true; a generic control plane has no workspaces, and RBAC alone decides, as on kube.
   */
  workspaceGate?: boolean;
  /** Non-resource paths anyone may request without authorization, any verb (kcp: /healthz, /readyz, /livez). */
  alwaysAllowPaths?: string[];
}

/**
 * kcp's maximal permission policy, as the chain asks it: which export's local policy governs a request (the APIs
 * service knows; daemon/apiexports/maximal-permission-policy.ts).
 */
export interface MaximalPermissionPolicyLookup {
  /** Whether any export has a local policy: false spares every request the lookup. */
  active(): boolean;
  governing(req: {
    cluster: string;
    apiGroup: string;
    apiVersion: string;
    resource: string;
  }): { cluster: string; name: string } | undefined;
}

/** What kcp prefixes to the user and each of its groups when it evaluates an export's local policy. */
export const MAXIMAL_PERMISSION_POLICY_PREFIX = 'apis.kcp.io:binding:';

/** The anonymised reason kcp's authorizer decorators put behind every kcp-chain denial. */
export const ACCESS_DENIED = 'access denied';
export const REQUIRED_GROUPS_ANNOTATION = 'authorization.kcp.io/required-groups';
/** kcp's external logical-cluster admins pass the required-groups gate (kcp:pkg/authorization/bootstrap). */
const GROUP_EXTERNAL_LOGICAL_CLUSTER_ADMIN = 'system:kcp:external-logical-cluster-admin';
/** LogicalCluster phases in which its content may be reached (kcp.md §10.2). */
const SERVING_PHASES: ReadonlySet<string> = new Set(['Initializing', 'Ready', 'Inactive', 'Terminating', 'Deleting']);
const DEFAULT_ALWAYS_ALLOW_PATHS = ['/healthz', '/readyz', '/livez'];

/** What the chain needs from a LogicalCluster. */
interface LogicalClusterGate {
  phase: string;
  requiredGroups?: string;
}

/** Lazily built per-cluster state: privileged and denied-early requests never pay for parsing RBAC. */
class ClusterState {
  private rbacCache?: RbacAuthorizer;
  private lcCache?: LogicalClusterGate | null;

  constructor(
    private readonly source: PolicySource,
    readonly cluster: string,
  ) {}

  get rbac(): RbacAuthorizer {
    return (this.rbacCache ??= RbacAuthorizer.load(this.source, this.cluster));
  }

  get logicalCluster(): LogicalClusterGate | null {
    if (this.lcCache === undefined) {
      const lc = this.source.list(this.cluster, LOGICAL_CLUSTERS).find((o) => o.metadata.name === LOGICAL_CLUSTER_NAME);
      if (!lc) this.lcCache = null;
      else {
        const gate: LogicalClusterGate = { phase: scalarText((lc['status'] as { phase?: unknown } | undefined)?.phase) };
        const rg = lc.metadata.annotations?.[REQUIRED_GROUPS_ANNOTATION];
        if (rg !== undefined) gate.requiredGroups = rg;
        this.lcCache = gate;
      }
    }
    return this.lcCache;
  }
}

export class KcpAuthorizer {
  private readonly source: PolicySource;
  private readonly clusters: Lru<string, ClusterState>;
  private readonly requireLogicalCluster: boolean;
  private readonly workspaceGate: boolean;
  private readonly alwaysAllowPaths: ReadonlySet<string>;
  private maximalPolicy?: MaximalPermissionPolicyLookup;

  constructor(opts: AuthorizerOptions) {
    this.source = opts.source;
    this.clusters = new Lru(opts.maxClusters ?? 1024);
    this.requireLogicalCluster = opts.requireLogicalCluster ?? true;
    this.workspaceGate = opts.workspaceGate ?? true;
    this.alwaysAllowPaths = new Set(opts.alwaysAllowPaths ?? DEFAULT_ALWAYS_ALLOW_PATHS);
  }

  authorize(attrs: AuthorizationAttributes): Decision {
    return this.decide(attrs, true);
  }

  /**
   * kcp's deep SubjectAccessReview: what admission asks of another workspace (may the user `use` a WorkspaceType
   * there?). The user need not be able to enter that workspace: required groups and the workspace content gate are
   * skipped, RBAC alone decides.
   */
  authorizeDeep(attrs: AuthorizationAttributes): Decision {
    return this.decide(attrs, false);
  }

  /** Enforces kcp's maximal permission policy of APIExports with `maximalPermissionPolicy.local`. */
  useMaximalPermissionPolicy(lookup: MaximalPermissionPolicyLookup): void {
    this.maximalPolicy = lookup;
  }

  /**
   * Whether every request of `user` is allowed whatever it asks (system:masters, and kcp's admins, bound to
   * cluster-admin in every workspace — unless some export caps its resources with a maximal permission policy, which
   * binds kcp's admins too): the front door then need not work out what a request asks at all.
   */
  allowsAll(user: UserInfo): boolean {
    if (user.groups.includes(GROUP_MASTERS)) return true;
    return user.groups.includes(GROUP_KCP_ADMIN) && !this.maximalPolicy?.active();
  }

  private decide(attrs: AuthorizationAttributes, gated: boolean): Decision {
    const groups = attrs.user.groups;
    // Privileged groups first: the common admin path costs a scan of the user's few groups and nothing else.
    if (groups.includes(GROUP_MASTERS)) return { allowed: true, reason: '' };
    if (!attrs.resourceRequest && this.alwaysAllowPaths.has(attrs.path)) return { allowed: true, reason: '' };
    if (groups.includes(GROUP_KCP_ADMIN)) {
      const capped = gated ? this.maximalPermissionPolicy(attrs) : undefined;
      if (capped) return capped;
      return {
        allowed: true,
        reason: `RBAC: allowed by ClusterRoleBinding "system:kcp:admin:cluster-admin" of ClusterRole "cluster-admin" to Group "${GROUP_KCP_ADMIN}"`,
      };
    }
    const cluster = attrs.cluster;
    // kcp's content authorizer has no opinion on system workspaces: only privileged users get in.
    if (cluster === '' || cluster.startsWith('system:')) return denied(attrs, 'empty or system workspace', ACCESS_DENIED);

    const state = this.state(cluster);
    const saClusters = attrs.user.extra?.[CLUSTER_NAME_EXTRA] ?? [];
    const isUser = saClusters.length === 0;
    const lcAdmin = isUser && groups.includes(GROUP_LOGICAL_CLUSTER_ADMIN);

    if (gated && !lcAdmin && this.workspaceGate) {
      const gate = this.gate(state, attrs, isUser, saClusters);
      if (gate) return gate;
    }
    // Deep access reviews skip the maximal permission policy, as in kcp.
    const capped = gated ? this.maximalPermissionPolicy(attrs) : undefined;
    if (capped) return capped;
    const d = state.rbac.authorize(attrs);
    if (d.allowed) return { allowed: true, reason: d.reason };
    return denied(attrs, d.reason, d.reason);
  }

  /** Required groups, LogicalCluster existence and phase, and kcp's `access` check; undefined when the user may enter. */
  private gate(state: ClusterState, attrs: AuthorizationAttributes, isUser: boolean, saClusters: string[]): Decision | undefined {
    const lc = state.logicalCluster;
    // kcp's required-groups authorizer: ServiceAccounts and external logical-cluster admins are not subject to it.
    const gatedByGroups = isUser && !attrs.user.groups.includes(GROUP_EXTERNAL_LOGICAL_CLUSTER_ADMIN);
    if (gatedByGroups && lc?.requiredGroups !== undefined && !satisfiesRequiredGroups(attrs.user.groups, lc.requiredGroups)) {
      return denied(attrs, `user is not a member of required groups: ${lc.requiredGroups}`, ACCESS_DENIED);
    }
    if (!lc) {
      if (this.requireLogicalCluster) return denied(attrs, 'LogicalCluster not found', ACCESS_DENIED);
    } else if (!SERVING_PHASES.has(lc.phase)) {
      return denied(attrs, `not permitted due to phase "${lc.phase}"`, ACCESS_DENIED);
    }
    if (!isUser) {
      // ServiceAccounts are members of their own workspace and strangers everywhere else.
      return saClusters.includes(state.cluster) ? undefined : denied(attrs, 'foreign service account', ACCESS_DENIED);
    }
    const rbac = state.rbac;
    if (rbac.canAccessWorkspace(attrs.user) || rbac.namesSubject(attrs.user)) return undefined;
    return denied(attrs, 'no verb=access permission on /', ACCESS_DENIED);
  }

  /**
   * kcp's maximal permission policy: a request on a resource bound from an export with a local policy must also be
   * allowed by the RBAC of the export's workspace, for the user and its groups prefixed with `apis.kcp.io:binding:`.
   * Undefined when no policy governs the request or the policy allows it (the rest of the chain decides).
   */
  private maximalPermissionPolicy(attrs: AuthorizationAttributes): Decision | undefined {
    const policy = this.maximalPolicy;
    if (!attrs.resourceRequest || !policy?.active()) return undefined;
    const exp = policy.governing(attrs);
    if (!exp) return undefined;
    const d = this.state(exp.cluster).rbac.authorize({ ...attrs, cluster: exp.cluster, user: prefixedUser(attrs.user) });
    if (d.allowed) return undefined;
    return denied(attrs, `API export ${JSON.stringify(exp.cluster)}|${JSON.stringify(exp.name)} policy: ${d.reason}`, ACCESS_DENIED);
  }

  /**
   * The rules that apply to `user` in `namespace` of `cluster` (SelfSubjectRulesReview). Like kcp's rule resolver it
   * reports RBAC (bootstrap + local) and ignores the workspace gate: the review itself had to pass it.
   */
  rulesFor(cluster: string, user: UserInfo, namespace: string): RulesForResult {
    return this.state(cluster).rbac.rulesFor(user, namespace);
  }

  /**
   * The parsed RBAC of one logical cluster, cached as the chain's own: which rules a user holds there and what a
   * roleRef grants (the escalation checks of RBAC writes read it).
   */
  policy(cluster: string): RbacAuthorizer {
    return this.state(cluster).rbac;
  }

  /** Drops a cluster's cached state (call after its RBAC objects or LogicalCluster change); no argument drops all. */
  invalidate(cluster?: string): void {
    if (cluster === undefined) this.clusters.clear();
    else this.clusters.delete(cluster);
  }

  /** Feed every committed store event here (the controller manager's onAnyEvent) to keep the cache exact. */
  onStoreEvent(ev: { cluster: string; resource: string }): void {
    if (INVALIDATING_RESOURCES.has(ev.resource)) this.clusters.delete(ev.cluster);
  }

  /** Clusters currently holding cached state (for metrics and tests). */
  get cachedClusters(): number {
    return this.clusters.size;
  }

  private state(cluster: string): ClusterState {
    let s = this.clusters.get(cluster);
    if (!s) {
      s = new ClusterState(this.source, cluster);
      this.clusters.set(cluster, s);
    }
    return s;
  }
}

const INVALIDATING_RESOURCES: ReadonlySet<string> = new Set([...Object.values(RBAC_RESOURCES), LOGICAL_CLUSTERS]);

/**
 * kcp's required-groups annotation: semicolon-separated alternatives, each a comma-separated set of groups the user
 * must all have — `a,b;c` is (a and b) or c (kcp:pkg/authorization/requiredgroups_authorizer.go). The kcp admin and
 * workspace bootstrapper groups always qualify.
 */
export function satisfiesRequiredGroups(userGroups: readonly string[], annotation: string): boolean {
  const clauses = [...annotation.split(';'), GROUP_KCP_ADMIN, GROUP_WORKSPACE_BOOTSTRAPPER];
  return clauses.some((clause) => clause.split(',').every((g) => userGroups.includes(g)));
}

/**
 * kcp's rbac PrefixUser: the user's name and every group prefixed, uid and extra kept. A ServiceAccount is named
 * globally first (`system:kcp:serviceaccount:<cluster>:<namespace>:<name>`), since the policy is evaluated in another
 * workspace; one without exactly one cluster is treated as anonymous.
 */
export function prefixedUser(user: UserInfo, prefix = MAXIMAL_PERMISSION_POLICY_PREFIX): UserInfo {
  const sa = 'system:serviceaccount:';
  let name = user.username;
  if (name.startsWith(sa)) {
    const clusters = user.extra?.[CLUSTER_NAME_EXTRA] ?? [];
    if (clusters.length !== 1) {
      const group = user.groups.includes('system:authenticated') ? 'system:authenticated' : 'system:unauthenticated';
      return { username: `${prefix}system:anonymous`, groups: [prefix + group] };
    }
    name = `system:kcp:serviceaccount:${clusters[0]}:${name.slice(sa.length)}`;
  }
  const out: UserInfo = { username: prefix + name, groups: user.groups.map((g) => prefix + g) };
  if (user.uid !== undefined) out.uid = user.uid;
  if (user.extra !== undefined) out.extra = user.extra;
  return out;
}

function denied(attrs: AuthorizationAttributes, reason: string, suffix: string): Decision {
  return { allowed: false, reason, denyMessage: suffix ? `${forbiddenMessage(attrs)}: ${suffix}` : forbiddenMessage(attrs) };
}

// kube escapes what could pass for HTML in user-controlled parts of the message (responsewriters.sanitizer).
const sanitize = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * kube's responsewriters forbiddenMessage:
 * `User "alice" cannot get resource "configmaps" in API group "" in the namespace "demo"` (or `at the cluster scope`),
 * `User "alice" cannot get path "/foo"` for non-resource requests.
 */
export function forbiddenMessage(attrs: AuthorizationAttributes): string {
  const user = JSON.stringify(attrs.user.username);
  if (!attrs.resourceRequest) return sanitize(`User ${user} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`);
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope';
  return sanitize(
    `User ${user} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)} ${scope}`,
  );
}

/**
 * The 403 Status for a denied request (apierrors.NewForbidden): `configmaps "x" is forbidden: <message>`, or
 * `forbidden: <message>` when there is no resource (non-resource URLs).
 */
export function forbiddenFor(attrs: AuthorizationAttributes, decision?: Pick<Decision, 'denyMessage'>): StatusError {
  const message = decision?.denyMessage ?? forbiddenMessage(attrs);
  if (attrs.resourceRequest && attrs.resource)
    return forbidden({ group: attrs.apiGroup, resource: attrs.resource }, attrs.name || undefined, message);
  return forbiddenWithoutResource(message);
}

/** Reads policy objects straight from the shard's store. */
export function storeSource(store: Pick<Store, 'list'>): PolicySource {
  return {
    list: (cluster, resource, namespace) =>
      store.list(namespace === undefined ? { cluster, resource } : { cluster, resource, namespace }).items,
  };
}

/** Adapts the chain to the access reviews (daemon/apis/authorization), which the daemon builds with it. */
export function reviewAuthorizer(authz: KcpAuthorizer): ReviewAuthorizer {
  return {
    authorize(a: AccessAttributes): AccessDecision {
      const attrs =
        a.path !== undefined
          ? nonResourceAttributes(a.cluster, a.user, { verb: a.verb, path: a.path })
          : resourceAttributes(a.cluster, a.user, a);
      const d = authz.authorize(attrs);
      return d.reason ? { allowed: d.allowed, reason: d.reason } : { allowed: d.allowed };
    },
    rulesFor(cluster: string, user: UserInfo, namespace: string): RulesAnswer {
      const r = authz.rulesFor(cluster, user, namespace);
      const answer: RulesAnswer & { evaluationError?: string } = {
        resourceRules: r.resourceRules,
        nonResourceRules: r.nonResourceRules,
        incomplete: false,
      };
      if (r.evaluationError) answer.evaluationError = r.evaluationError;
      return answer;
    },
  };
}
