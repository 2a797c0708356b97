// kube's limits on what CEL validation rules may cost, and its words when a rule goes over them
// (k8s.io/apiserver/pkg/apis/cel/config.go, k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation).

/** The most one evaluation of one rule may cost: roughly 0.1 s. */
export const PER_CALL_LIMIT = 1_000_000;
/** The most all the evaluations for one custom resource write may cost together: roughly 1 s. */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;
/** The most a rule's estimated cost, times how often it can run in one object, may be for its CRD to be accepted. */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
/** The most the rules of one version's schema may be estimated to cost together. */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;

const MAX_UINT64 = 2 ** 64 - 1;

/** cost × cardinality, saturating where uint64 would overflow. */
export function multiplyWithOverflowGuard(cost: number, cardinality: number): number {
  if (cost === 0) return 0;
  return Math.min(cost * cardinality, MAX_UINT64);
}

/** getCostErrorMessage: by how much a cost exceeds its limit, and what to do about it. */
export function costErrorMessage(costName: string, cost: number, limit: number): string {
  const exceed = cost / limit;
  // Go's %f prints six decimals, %.1f one
  const factor = exceed > 100 ? 'more than 100x' : exceed < 1.5 ? `${exceed.toFixed(6)}x` : `${exceed.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${factor} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** The running total of a schema's estimated rule costs, and the few rules that weigh most in it (kube's TotalCost). */
export class TotalCost {
  total = 0;
  readonly mostExpensive: Array<{ path: string; cost: number }> = [];

  observe(path: string, cost: number): void {
    this.total = Math.min(this.total + cost, MAX_UINT64);
    // rules under 1% of the limit are not worth naming
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100) return;
    this.mostExpensive.push({ path, cost });
    this.mostExpensive.sort((a, b) => b.cost - a.cost);
    if (this.mostExpensive.length > 4) this.mostExpensive.length = 4;
  }
}

/** Runtime: the whole object's evaluations ran out of budget; nothing further is evaluated. */
export const OUT_OF_BUDGET = 'validation failed due to running out of cost budget, no further validation rules will be run';

/** Runtime: one evaluation went over the per-call limit (cel-go's error, then kube's words around it). */
export function callCostExceeded(ruleOrMessage: string): string {
  return `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleOrMessage}`;
}
