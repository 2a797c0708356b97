// ClusterRole aggregation (kube's clusterrole-aggregation controller, pkg/controller/clusterroleaggregation), as one
// computation shared by the authorizer, which evaluates it at authorization time, and the controller that writes it
// into the stored objects' `.rules`: both read the same roles through the same catalog, so what a client reads in
// `.rules` is what the authorizer enforces once the controller has caught up.
import { selectorFromLabelSelector, type LabelSelector } from '../../apimachinery/labels.js';
import type { KObject } from '../../apimachinery/types.js';
import { BOOTSTRAP_CLUSTER_ROLES, type ClusterRoleDef } from './bootstrap.js';
import { sameRule, toPolicyRules, type PolicyRule } from './rules.js';

/** A ClusterRole as stored; `aggregation` is set when it has an aggregationRule (even one without selectors). */
export function parseClusterRole(o: KObject): ClusterRoleDef {
  const def: ClusterRoleDef = { name: o.metadata.name ?? '', labels: o.metadata.labels ?? {}, rules: toPolicyRules(o['rules']) };
  if (hasAggregationRule(o)) {
    const sels = (o['aggregationRule'] as { clusterRoleSelectors?: unknown }).clusterRoleSelectors;
    def.aggregation = (Array.isArray(sels) ? sels : []).filter((s) => s && typeof s === 'object') as NonNullable<
      ClusterRoleDef['aggregation']
    >;
  }
  return def;
}

/** A present aggregationRule, even with no selectors, hands the role's rules to the controller (kube: `!= nil`). */
export function hasAggregationRule(o: KObject): boolean {
  const agg = o['aggregationRule'];
  return agg !== null && typeof agg === 'object';
}

/**
 * ClusterRoles by name. Aggregated roles get what kube's controller writes into them: for each selector in order,
 * the rules of every other ClusterRole it matches, roles sorted by name, duplicates dropped. A selected role that is
 * itself aggregated contributes its own aggregate (what the controller eventually stores in it), so admin ⊇ edit ⊇
 * view holds transitively without waiting for the controller to settle role by role.
 */
export class RoleCatalog {
  private readonly effective = new Map<string, PolicyRule[]>();
  private sortedNames?: string[];
  private readonly selectors = new Map<object, LabelSelector | null>();

  constructor(private readonly roles: ReadonlyMap<string, ClusterRoleDef>) {}

  static of(defs: Iterable<ClusterRoleDef>): RoleCatalog {
    const m = new Map<string, ClusterRoleDef>();
    for (const d of defs) m.set(d.name, d);
    return new RoleCatalog(m);
  }

  /**
   * The ClusterRoles one logical cluster sees: the bootstrap roles, shadowed by stored roles of the same name (kcp's
   * merged lister looks locally first). Clusters without stored ClusterRoles share one bootstrap catalog.
   */
  static forCluster(storedClusterRoles: readonly KObject[]): RoleCatalog {
    if (storedClusterRoles.length === 0) return BOOTSTRAP_CATALOG;
    const merged = new Map(BOOTSTRAP_ROLE_MAP);
    for (const o of storedClusterRoles) {
      const def = parseClusterRole(o);
      merged.set(def.name, def);
    }
    return new RoleCatalog(merged);
  }

  has(name: string): boolean {
    return this.roles.has(name);
  }

  /** The effective rules of a ClusterRole, or undefined when it does not exist. */
  rules(name: string): PolicyRule[] | undefined {
    const cached = this.effective.get(name);
    if (cached) return cached;
    const def = this.roles.get(name);
    if (!def) return undefined;
    const rules = def.aggregation ? this.aggregate(def) : def.rules;
    this.effective.set(name, rules);
    return rules;
  }

  private aggregate(root: ClusterRoleDef): PolicyRule[] {
    const out: PolicyRule[] = [];
    // `seen` skips the role itself (as the controller does) and breaks selection cycles (A selects B selects A),
    // which the controller would never settle.
    const seen = new Set<string>([root.name]);
    const add = (r: PolicyRule) => {
      if (!out.some((o) => sameRule(o, r))) out.push(r);
    };
    const walk = (def: ClusterRoleDef) => {
      for (const sel of def.aggregation ?? []) {
        const selector = this.selector(sel);
        if (!selector) continue;
        for (const name of this.names()) {
          if (seen.has(name)) continue;
          const candidate = this.roles.get(name)!;
          if (!selector.matches(candidate.labels)) continue;
          seen.add(name);
          if (candidate.aggregation) walk(candidate);
          else candidate.rules.forEach(add);
        }
      }
    };
    walk(root);
    return out;
  }

  private names(): string[] {
    return (this.sortedNames ??= [...this.roles.keys()].sort());
  }

  /** Invalid selectors (which validation refuses on write) select nothing. */
  private selector(sel: object): LabelSelector | null {
    let s = this.selectors.get(sel);
    if (s === undefined) {
      try {
        s = selectorFromLabelSelector(sel);
      } catch {
        s = null;
      }
      this.selectors.set(sel, s);
    }
    return s;
  }
}

const BOOTSTRAP_ROLE_MAP: ReadonlyMap<string, ClusterRoleDef> = new Map(BOOTSTRAP_CLUSTER_ROLES.map((r) => [r.name, r]));

/** The bootstrap roles alone: what bootstrap bindings resolve against (in kcp both live in system:admin). */
export const BOOTSTRAP_CATALOG = new RoleCatalog(BOOTSTRAP_ROLE_MAP);

/** A PolicyRule as the API serialises it: `verbs` always, the other lists only when not empty (omitempty). */
export interface PolicyRuleObject {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

export function policyRuleObject(r: PolicyRule): PolicyRuleObject {
  const o: PolicyRuleObject = { verbs: [...r.verbs] };
  if (r.apiGroups.length) o.apiGroups = [...r.apiGroups];
  if (r.resources.length) o.resources = [...r.resources];
  if (r.resourceNames.length) o.resourceNames = [...r.resourceNames];
  if (r.nonResourceURLs.length) o.nonResourceURLs = [...r.nonResourceURLs];
  return o;
}

/**
 * The controller's reconcile of one stored ClusterRole against the roles of its logical cluster: the `.rules` to
 * write, or undefined when there is nothing to do (no aggregationRule, or `.rules` already is the aggregate; an
 * absent list equals an empty one, as kube's semantic equality has it). User-written rules of an aggregated role are
 * not kept: the aggregate replaces them.
 */
export function aggregatedRulesUpdate(role: KObject, catalog: RoleCatalog): PolicyRuleObject[] | undefined {
  if (!hasAggregationRule(role)) return undefined;
  const desired = catalog.rules(role.metadata.name ?? '') ?? [];
  const stored = role['rules'];
  const current = toPolicyRules(stored);
  const storedLength = Array.isArray(stored) ? stored.length : 0;
  if (storedLength === desired.length && current.length === desired.length && desired.every((r, i) => sameRule(r, current[i]!)))
    return undefined;
  return desired.map(policyRuleObject);
}
