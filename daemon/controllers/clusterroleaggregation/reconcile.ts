// kube's clusterrole-aggregation controller, per logical cluster: a ClusterRole with an aggregationRule gets in
// `.rules` the union of the rules of the ClusterRoles its selectors pick (stored ones and the bootstrap roles every
// workspace sees). The computation is the one the authorizer runs (auth/rbac/aggregation.ts), so the stored rules
// show what is enforced.
import type { KObject } from '../../apimachinery/types.js';
import { aggregatedRulesUpdate, hasAggregationRule, RoleCatalog, type PolicyRuleObject } from '../../auth/rbac/aggregation.js';

export interface AggregationDeps {
  clusterRoles(cluster: string): KObject[];
  /** Writes new rules into a role (compare-and-swap against the role as read). */
  writeRules(cluster: string, role: KObject, rules: PolicyRuleObject[]): Promise<void>;
}

/** Brings every aggregated ClusterRole of a cluster up to date; returns how many were rewritten. */
export async function aggregateClusterRoles(deps: AggregationDeps, cluster: string): Promise<number> {
  const roles = deps.clusterRoles(cluster);
  if (!roles.some(hasAggregationRule)) return 0;
  const catalog = RoleCatalog.forCluster(roles);
  let written = 0;
  for (const role of roles) {
    const rules = aggregatedRulesUpdate(role, catalog);
    if (!rules) continue;
    await deps.writeRules(cluster, role, rules);
    written++;
  }
  return written;
}
