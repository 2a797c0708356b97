// Permission claims (kcp's permissionclaims package): a provider claims access to a resource in the workspaces that
// bind its export; a consumer accepts or rejects each claim in its binding, with a selector of the objects it covers.
import type { KObject } from '../apimachinery/types.js';
import { selectorFromLabelSelector } from '../apimachinery/labels.js';
import { specOf, type AcceptablePermissionClaim, type APIBindingSpec, type PermissionClaim } from '../apis/apis-kcp/names.js';

const sameResource = (a: PermissionClaim, b: PermissionClaim) =>
  (a.group ?? '') === (b.group ?? '') && a.resource === b.resource && (a.identityHash ?? '') === (b.identityHash ?? '');

/** The consumer's acceptance of an export's claim in a binding (v1alpha2), if it accepted it. */
export function acceptedClaim(binding: KObject, claim: PermissionClaim): AcceptablePermissionClaim | undefined {
  return specOf<APIBindingSpec>(binding).permissionClaims?.find((c) => c.state === 'Accepted' && sameResource(c, claim));
}

/** Whether an accepted claim's selector covers an object (no selector, or matchAll, covers everything). */
export function claimSelects(accepted: AcceptablePermissionClaim, obj: KObject): boolean {
  const sel = accepted.selector;
  if (!sel || sel.matchAll) return true;
  if (!sel.matchLabels && !sel.matchExpressions) return false;
  return selectorFromLabelSelector(sel).matches(obj.metadata.labels);
}

/** The verbs a claim grants: `*` means all of them. */
export function claimVerbs(claim: PermissionClaim, all: readonly string[]): string[] {
  const verbs = claim.verbs ?? [];
  return verbs.includes('*') ? [...all] : all.filter((v) => verbs.includes(v));
}
