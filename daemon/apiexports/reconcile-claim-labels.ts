// The permissionclaimlabel controller's reconciler (kcp's pkg/reconciler/apis/permissionclaimlabel): when the claims
// a binding accepts change — accepted, rejected, their selector changed — the objects of the claimed resources in
// its workspace are labelled again (admission labels every later write), so that the export's virtual workspace
// sees them appear and disappear as watch events. It also reports, in kcp's words, the claims the consumer accepted
// that the export does not make (PermissionClaimsValid), and records what is applied (appliedPermissionClaims).
import type { KObject } from '../apimachinery/types.js';
import {
  specOf,
  statusOf,
  type AcceptablePermissionClaim,
  type APIBindingSpec,
  type APIBindingStatus,
  type APIExportSpec,
  type PermissionClaim,
} from '../apis/apis-kcp/names.js';
import { markFalse, markTrue } from './conditions.js';

export interface ClaimLabelDeps {
  now(): Date;
  /** The binding as v1alpha2, or undefined. */
  getBinding(cluster: string, name: string): KObject | undefined;
  /** The export as v1alpha2, or undefined. */
  getExport(cluster: string, name: string): KObject | undefined;
  /** Writes the binding as given (optimistic: false when the version read is gone). */
  updateBinding(cluster: string, binding: KObject): boolean;
  /** Brings the claim labels of every object of a resource in a cluster up to date; false when a write lost a race. */
  relabel(cluster: string, group: string, resource: string): boolean;
}

export type ClaimLabelOutcome = 'gone' | 'no-export' | 'applied' | 'conflict';

/** kcp's set key of a claim: resource, group and identity. */
const keyOf = (c: PermissionClaim) => `${c.resource}/${c.group ?? ''}/${c.identityHash ?? ''}`;

/** Go's errors.NewAggregate(...).Error(): one message alone, more in brackets. */
const aggregate = (msgs: string[]) => (msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`);

export function reconcileClaimLabels(deps: ClaimLabelDeps, cluster: string, name: string): ClaimLabelOutcome {
  const binding = deps.getBinding(cluster, name);
  if (!binding || binding.metadata.deletionTimestamp) return 'gone';
  const status = statusOf<APIBindingStatus>(binding);
  const exportName = specOf<APIBindingSpec>(binding).reference?.export?.name;
  const exp = status.apiExportClusterName && exportName ? deps.getExport(status.apiExportClusterName, exportName) : undefined;
  if (!exp) return 'no-export';

  const exported = new Set((specOf<APIExportSpec>(exp).permissionClaims ?? []).map(keyOf));
  const accepted = new Map<string, AcceptablePermissionClaim>();
  for (const c of specOf<APIBindingSpec>(binding).permissionClaims ?? []) if (c.state === 'Accepted') accepted.set(keyOf(c), c);
  const applied = new Map<string, AcceptablePermissionClaim>();
  for (const c of (status.appliedPermissionClaims ?? []) as AcceptablePermissionClaim[]) applied.set(keyOf(c), c);

  const expected = [...accepted.keys()].filter((k) => exported.has(k)).sort();
  const unexpected = [...accepted.keys()].filter((k) => !exported.has(k)).sort();
  const changed = new Set<string>();
  for (const k of expected) {
    if (!applied.has(k) || JSON.stringify(applied.get(k)!.selector ?? null) !== JSON.stringify(accepted.get(k)!.selector ?? null))
      changed.add(k);
  }
  for (const k of applied.keys()) if (!accepted.has(k)) changed.add(k);

  for (const k of [...changed].sort()) {
    const c = accepted.get(k) ?? applied.get(k)!;
    if (!deps.relabel(cluster, c.group ?? '', c.resource)) return 'conflict';
  }

  const now = deps.now();
  const next = structuredClone(binding);
  const nextStatus = statusOf<APIBindingStatus>(next);
  next['status'] = nextStatus;
  let conds = nextStatus.conditions ?? [];
  if (unexpected.length > 0) {
    const shown = unexpected.slice(0, 10).map((k) => {
      const c = accepted.get(k)!;
      return `unexpected/invalid claim for ${c.resource}.${c.group ?? ''} (identity ${JSON.stringify(c.identityHash ?? '')})`;
    });
    conds = markFalse(
      conds,
      'PermissionClaimsValid',
      'InvalidPermissionClaims',
      'Error',
      `${unexpected.length} unexpected and/or invalid permission claims (showing first ${shown.length}): ${aggregate(shown)}`,
      now,
    );
  } else conds = markTrue(conds, 'PermissionClaimsValid', now);
  conds = markTrue(conds, 'PermissionClaimsApplied', now);
  nextStatus.conditions = conds;
  nextStatus.appliedPermissionClaims = expected.map((k) => {
    const { state: _state, ...scoped } = accepted.get(k)!;
    return scoped;
  });
  if (JSON.stringify(next) !== JSON.stringify(binding) && !deps.updateBinding(cluster, next)) return 'conflict';
  return 'applied';
}
