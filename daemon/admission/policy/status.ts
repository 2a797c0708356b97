// The ValidatingAdmissionPolicy status controller's reconciler: `status.typeChecking` lists the expressions that do
// not compile (kube type-checks them against the matched kinds' schemas too; kcpx's CEL library checks syntax,
// functions and macros, so that is what is reported), and `status.observedGeneration` says which spec it judged.
import type { KObject } from '../../apimachinery/types.js';
import type { PolicySpec } from './evaluate.js';

export interface PolicyStatusDeps {
  get(cluster: string, name: string): KObject | undefined;
  /** The compile warnings of a spec (the CEL library loads on first use). */
  warnings(spec: PolicySpec): Promise<Array<{ fieldRef: string; warning: string }>>;
  /** Writes the status at the revision read; false when the policy changed meanwhile. */
  writeStatus(cluster: string, policy: KObject, status: Record<string, unknown>): boolean;
}

export function statusCurrent(policy: KObject): boolean {
  const status = (policy['status'] ?? {}) as { observedGeneration?: number };
  return status.observedGeneration === policy.metadata.generation;
}

export async function reconcilePolicyStatus(
  deps: PolicyStatusDeps,
  cluster: string,
  name: string,
): Promise<'written' | 'current' | 'gone' | 'conflict'> {
  const policy = deps.get(cluster, name);
  if (!policy) return 'gone';
  if (statusCurrent(policy)) return 'current';
  const warnings = await deps.warnings(policy['spec'] ?? {});
  // the CEL library may have loaded meanwhile: judge the policy as it is now
  const now = deps.get(cluster, name);
  if (!now || now.metadata.resourceVersion !== policy.metadata.resourceVersion) return 'conflict';
  const status: Record<string, unknown> = {
    ...(policy['status'] ?? {}),
    observedGeneration: policy.metadata.generation,
    typeChecking: warnings.length ? { expressionWarnings: warnings } : {},
  };
  return deps.writeStatus(cluster, policy, status) ? 'written' : 'conflict';
}
