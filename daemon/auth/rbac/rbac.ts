// The RBAC authorizer of ONE logical cluster, with kube's semantics (plugin/pkg/auth/authorizer/rbac and
// pkg/registry/rbac/validation/rule.go) and kcp's scoping: Roles/ClusterRoles are looked up in the cluster and then
// in the bootstrap policy; bindings come from the cluster plus the bootstrap ClusterRoleBindings.
//
// An instance is an immutable, parsed snapshot of the cluster's RBAC objects; the chain in authorizer.ts caches one
// per cluster and drops it when the cluster's RBAC changes.
import type { KObject } from '../../apimachinery/types.js';
import type { UserInfo } from '../../registry/types.js';
import { nonResourceAttributes, type AuthorizationAttributes } from './attributes.js';
import { BOOTSTRAP_CATALOG, RoleCatalog } from './aggregation.js';
import { BOOTSTRAP_CLUSTER_ROLE_BINDINGS, RBAC_GROUP, type BindingDef, type SubjectDef } from './bootstrap.js';
import { ruleAllows, toPolicyRules, type PolicyRule } from './rules.js';
import { scalarText } from '../../apimachinery/scalar-text.js';
import { GROUP_AUTHENTICATED, serviceAccountUsername } from '../user/names.js';

/** Read access to stored objects: `resource` is the storage key `<group>/<plural>`. Inject the store through this. */
export interface PolicySource {
  list(cluster: string, resource: string, namespace?: string): KObject[];
}

export const RBAC_RESOURCES = {
  roles: 'rbac.authorization.k8s.io/roles',
  roleBindings: 'rbac.authorization.k8s.io/rolebindings',
  clusterRoles: 'rbac.authorization.k8s.io/clusterroles',
  clusterRoleBindings: 'rbac.authorization.k8s.io/clusterrolebindings',
} as const;

/** rbac/validation appliesToUser: `namespace` is the RoleBinding's namespace ('' for ClusterRoleBindings). */
export function subjectApplies(user: UserInfo, s: SubjectDef, namespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return user.username === s.name;
    case 'Group':
      return user.groups.includes(s.name);
    case 'ServiceAccount': {
      // A ServiceAccount subject without a namespace means "in the binding's namespace"; in a ClusterRoleBinding it matches nobody.
      const ns = s.namespace || namespace;
      return ns !== '' && user.username === serviceAccountUsername(ns, s.name);
    }
    default:
      return false;
  }
}

/** Where a rule came from, rendered only when a decision needs it. */
export interface RuleSource {
  binding: BindingDef;
  subject: SubjectDef;
}

/** rbac/validation describeSubject + the binding describers: the text after `RBAC: allowed by `. */
export function describeSource(src: RuleSource): string {
  const b = src.binding;
  const s = src.subject;
  const subject = s.kind === 'ServiceAccount' ? `${s.kind} "${s.name}/${s.namespace || b.namespace}"` : `${s.kind} "${s.name}"`;
  const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
  return `${b.kind} "${name}" of ${b.roleRef.kind} "${b.roleRef.name}" to ${subject}`;
}

/** A binding's roleRef that does not resolve: a missing Role or ClusterRole, or an unsupported kind. */
export interface RoleRefError {
  kind: string;
  name: string;
}

/** kube's authorizer wording (its listers name the singular resource): `clusterrole.rbac.authorization.k8s.io "x" not found`. */
export function listerErrorText(e: RoleRefError): string {
  if (e.kind === 'Role' || e.kind === 'ClusterRole') return `${e.kind.toLowerCase()}.${RBAC_GROUP} "${e.name}" not found`;
  return unsupportedKindText(e.kind);
}

/** kube's RBAC storage wording (it reads through the registry): `clusterroles.rbac.authorization.k8s.io "x" not found`. */
export function registryErrorText(e: RoleRefError): string {
  if (e.kind === 'Role' || e.kind === 'ClusterRole') return `${e.kind.toLowerCase()}s.${RBAC_GROUP} "${e.name}" not found`;
  return unsupportedKindText(e.kind);
}

function unsupportedKindText(kind: string): string {
  return `unsupported role reference kind: ${JSON.stringify(kind)}`;
}

/** Return false to stop visiting. Exactly one of rule and err is set. */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, err: RoleRefError | undefined) => boolean;

export interface RbacDecision {
  allowed: boolean;
  /** `RBAC: allowed by …`, or on denial `RBAC: <resolution errors>` / ''. */
  reason: string;
}

export interface ResourceRuleInfo {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRuleInfo {
  verbs: string[];
  nonResourceURLs: string[];
}

export interface RulesForResult {
  resourceRules: ResourceRuleInfo[];
  nonResourceRules: NonResourceRuleInfo[];
  /** Role resolution errors (missing roles), kube's aggregate error text; '' when none. */
  evaluationError: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing stored objects

export function parseBinding(o: KObject, kind: BindingDef['kind']): BindingDef {
  const ref = (o['roleRef'] ?? {}) as Record<string, unknown>;
  const subjects = Array.isArray(o['subjects']) ? (o['subjects'] as Array<Record<string, unknown>>) : [];
  return {
    kind,
    name: o.metadata.name ?? '',
    namespace: kind === 'RoleBinding' ? (o.metadata.namespace ?? '') : '',
    roleRef: { kind: scalarText(ref['kind']), name: scalarText(ref['name']) },
    subjects: subjects
      .filter((s) => s && typeof s === 'object')
      .map((s) => ({ kind: scalarText(s['kind']), name: scalarText(s['name']), namespace: scalarText(s['namespace']) })),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Bindings, indexed by the subjects they name

/**
 * Bindings keyed by user name (User and ServiceAccount subjects) and by group, so a request only looks at bindings
 * that can apply to its user. `seq` keeps kube's visiting order (list order) among the candidates.
 */
class BindingIndex {
  private readonly byUser = new Map<string, number[]>();
  private readonly byGroup = new Map<string, number[]>();
  readonly bindings: BindingDef[] = [];

  add(b: BindingDef): void {
    const seq = this.bindings.push(b) - 1;
    for (const s of b.subjects) {
      if (s.kind === 'User') push(this.byUser, s.name, seq);
      else if (s.kind === 'Group') push(this.byGroup, s.name, seq);
      else if (s.kind === 'ServiceAccount') {
        const ns = s.namespace || b.namespace;
        if (ns) push(this.byUser, serviceAccountUsername(ns, s.name), seq);
      }
    }
  }

  /** Bindings naming the user or one of their groups, in list order. */
  candidates(user: UserInfo): BindingDef[] {
    const seqs: number[] = [];
    const u = this.byUser.get(user.username);
    if (u) seqs.push(...u);
    for (const g of user.groups) {
      const l = this.byGroup.get(g);
      if (l) seqs.push(...l);
    }
    if (seqs.length === 0) return [];
    if (seqs.length > 1) seqs.sort((a, b) => a - b);
    const out: BindingDef[] = [];
    let last = -1;
    for (const s of seqs) {
      if (s !== last) out.push(this.bindings[s]!);
      last = s;
    }
    return out;
  }

  /** Whether a binding names this user, or one of their groups other than `ignoredGroups`. */
  names(user: UserInfo, ignoredGroups: ReadonlySet<string>): boolean {
    if (this.byUser.has(user.username)) return true;
    for (const g of user.groups) if (!ignoredGroups.has(g) && this.byGroup.has(g)) return true;
    return false;
  }
}

function push(m: Map<string, number[]>, key: string, seq: number): void {
  const l = m.get(key);
  if (l) {
    if (l[l.length - 1] !== seq) l.push(seq);
  } else m.set(key, [seq]);
}

const BOOTSTRAP_BINDINGS = (() => {
  const idx = new BindingIndex();
  BOOTSTRAP_CLUSTER_ROLE_BINDINGS.forEach((b) => idx.add(b));
  return idx;
})();

// ---------------------------------------------------------------------------------------------------------------
// The authorizer

/** kube's utilerrors.NewAggregate(...).Error(): one message as is, several de-duplicated in brackets. */
export function aggregateErrors(errs: string[]): string {
  if (errs.length === 0) return '';
  if (errs.length === 1) return errs[0]!;
  const unique = [...new Set(errs)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}

export interface RbacPolicyObjects {
  clusterRoles: KObject[];
  clusterRoleBindings: KObject[];
  roles: KObject[];
  roleBindings: KObject[];
}

const WORKSPACE_MEMBERSHIP_IGNORED_GROUPS: ReadonlySet<string> = new Set([GROUP_AUTHENTICATED, 'system:unauthenticated']);

export class RbacAuthorizer {
  private readonly catalog: RoleCatalog;
  private readonly clusterBindings = new BindingIndex();
  private readonly roleBindings = new Map<string, BindingIndex>();
  /** namespace → role name → rules. */
  private readonly roles = new Map<string, Map<string, PolicyRule[]>>();
  private readonly members = new BindingIndex();

  constructor(
    readonly cluster: string,
    objects: RbacPolicyObjects,
  ) {
    // Most workspaces store no ClusterRoles and share the bootstrap catalog and its memoised aggregations.
    this.catalog = RoleCatalog.forCluster(objects.clusterRoles);
    for (const o of sortedByName(objects.clusterRoleBindings)) {
      const b = parseBinding(o, 'ClusterRoleBinding');
      this.clusterBindings.add(b);
      this.members.add(b);
    }
    for (const o of sortedByName(objects.roleBindings)) {
      const b = parseBinding(o, 'RoleBinding');
      let idx = this.roleBindings.get(b.namespace);
      if (!idx) this.roleBindings.set(b.namespace, (idx = new BindingIndex()));
      idx.add(b);
      this.members.add(b);
    }
    for (const o of objects.roles) {
      const ns = o.metadata.namespace ?? '';
      let m = this.roles.get(ns);
      if (!m) this.roles.set(ns, (m = new Map()));
      m.set(o.metadata.name ?? '', toPolicyRules(o['rules']));
    }
  }

  /** Reads the cluster's four RBAC resources through `source`. */
  static load(source: PolicySource, cluster: string): RbacAuthorizer {
    return new RbacAuthorizer(cluster, {
      clusterRoles: source.list(cluster, RBAC_RESOURCES.clusterRoles),
      clusterRoleBindings: source.list(cluster, RBAC_RESOURCES.clusterRoleBindings),
      roles: source.list(cluster, RBAC_RESOURCES.roles),
      roleBindings: source.list(cluster, RBAC_RESOURCES.roleBindings),
    });
  }

  /**
   * Visits every rule that applies to `user` in `namespace` (''= cluster scope only): bootstrap ClusterRoleBindings,
   * then the cluster's ClusterRoleBindings, then RoleBindings of the namespace — kube's VisitRulesFor order, with
   * kcp's bootstrap policy first as in its authorizer union.
   */
  visitRulesFor(user: UserInfo, namespace: string, visitor: RuleVisitor): void {
    if (!this.visitBindings(BOOTSTRAP_BINDINGS, BOOTSTRAP_CATALOG, user, '', visitor)) return;
    if (!this.visitBindings(this.clusterBindings, this.catalog, user, '', visitor)) return;
    if (namespace === '') return;
    const rbs = this.roleBindings.get(namespace);
    if (rbs) this.visitBindings(rbs, this.catalog, user, namespace, visitor);
  }

  private visitBindings(index: BindingIndex, catalog: RoleCatalog, user: UserInfo, namespace: string, visitor: RuleVisitor): boolean {
    for (const b of index.candidates(user)) {
      const subject = b.subjects.find((s) => subjectApplies(user, s, namespace));
      if (!subject) continue;
      const resolved = this.resolve(b.roleRef, catalog, namespace);
      if (!Array.isArray(resolved)) {
        if (!visitor(undefined, undefined, resolved)) return false;
        continue;
      }
      const source: RuleSource = { binding: b, subject };
      for (const r of resolved) if (!visitor(source, r, undefined)) return false;
    }
    return true;
  }

  /**
   * kube's GetRoleReferenceRules: the rules a roleRef grants to a binding in `namespace` ('' for a
   * ClusterRoleBinding), or why it does not resolve. Aggregated ClusterRoles give their aggregate.
   */
  roleRefRules(ref: { kind: string; name: string }, namespace: string): PolicyRule[] | RoleRefError {
    return this.resolve(ref, this.catalog, namespace);
  }

  private resolve(ref: { kind: string; name: string }, catalog: RoleCatalog, namespace: string): PolicyRule[] | RoleRefError {
    switch (ref.kind) {
      case 'Role':
        // A ClusterRoleBinding pointing at a Role looks in namespace '' and finds nothing, as in kube.
        return this.roles.get(namespace)?.get(ref.name) ?? { kind: ref.kind, name: ref.name };
      case 'ClusterRole':
        return catalog.rules(ref.name) ?? { kind: ref.kind, name: ref.name };
      default:
        return { kind: ref.kind, name: ref.name };
    }
  }

  /** kube's RulesFor: every rule that applies to `user` in `namespace`, and the roleRefs that did not resolve. */
  rulesWithErrors(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: RoleRefError[] } {
    const rules: PolicyRule[] = [];
    const errors: RoleRefError[] = [];
    this.visitRulesFor(user, namespace, (_source, r, err) => {
      if (r) rules.push(r);
      if (err) errors.push(err);
      return true;
    });
    return { rules, errors };
  }

  /** kube's RBACAuthorizer.Authorize: allowed by the first matching rule; denial carries resolution errors. */
  authorize(attrs: AuthorizationAttributes): RbacDecision {
    let allowedBy: RuleSource | undefined;
    const errors: string[] = [];
    this.visitRulesFor(attrs.user, attrs.namespace, (source, r, err) => {
      if (r && source && ruleAllows(attrs, r)) {
        allowedBy = source;
        return false;
      }
      if (err) errors.push(listerErrorText(err));
      return true;
    });
    if (allowedBy) return { allowed: true, reason: `RBAC: allowed by ${describeSource(allowedBy)}` };
    return { allowed: false, reason: errors.length ? `RBAC: ${aggregateErrors(errors)}` : '' };
  }

  /** The rules that apply to `user` in `namespace`, as SelfSubjectRulesReview reports them. */
  rulesFor(user: UserInfo, namespace: string): RulesForResult {
    const resourceRules: ResourceRuleInfo[] = [];
    const nonResourceRules: NonResourceRuleInfo[] = [];
    const errors: string[] = [];
    this.visitRulesFor(user, namespace, (_source, r, err) => {
      if (err) errors.push(listerErrorText(err));
      if (!r) return true;
      // A rule may carry both halves; each becomes its own entry (omitempty lists are left out).
      if (r.resources.length > 0) {
        const info: ResourceRuleInfo = { verbs: [...r.verbs] };
        if (r.apiGroups.length) info.apiGroups = [...r.apiGroups];
        info.resources = [...r.resources];
        if (r.resourceNames.length) info.resourceNames = [...r.resourceNames];
        resourceRules.push(info);
      }
      if (r.nonResourceURLs.length > 0) nonResourceRules.push({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] });
      return true;
    });
    return { resourceRules, nonResourceRules, evaluationError: aggregateErrors(errors) };
  }

  /** kcp's workspace content check: may `user` `access` the path `/` through any ClusterRoleBinding (bootstrap included)? */
  canAccessWorkspace(user: UserInfo): boolean {
    return this.authorize(nonResourceAttributes(this.cluster, user, { verb: 'access', path: '/' })).allowed;
  }

  /**
   * Whether a stored RoleBinding or ClusterRoleBinding of this cluster names the user (User or ServiceAccount
   * subject) or one of their groups other than system:authenticated/system:unauthenticated: someone the workspace's
   * owners granted something to is a member of it.
   */
  namesSubject(user: UserInfo): boolean {
    return this.members.names(user, WORKSPACE_MEMBERSHIP_IGNORED_GROUPS);
  }
}

function sortedByName(objs: KObject[]): KObject[] {
  return [...objs].sort((a, b) => {
    const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name ?? ''}`;
    const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
