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

/**
 * The resources an export may claim without naming an identity: kube's own kinds that every workspace serves (kcp's
 * built-in APIResourceSchemas, kcp:pkg/virtual/apiexport/schemas/builtin). Anything else comes from an export, and
 * a claim on it names that export's identityHash.
 */
const BUILT_IN_CLAIMABLE: ReadonlySet<string> = new Set(
  [
    ['', 'namespaces'],
    ['', 'configmaps'],
    ['', 'events'],
    ['', 'resourcequotas'],
    ['', 'secrets'],
    ['', 'serviceaccounts'],
    ['rbac.authorization.k8s.io', 'clusterroles'],
    ['rbac.authorization.k8s.io', 'clusterrolebindings'],
    ['rbac.authorization.k8s.io', 'roles'],
    ['rbac.authorization.k8s.io', 'rolebindings'],
    ['certificates.k8s.io', 'certificatesigningrequests'],
    ['coordination.k8s.io', 'leases'],
    ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
    ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
    ['admissionregistration.k8s.io', 'mutatingadmissionpolicies'],
    ['admissionregistration.k8s.io', 'mutatingadmissionpolicybindings'],
    ['admissionregistration.k8s.io', 'validatingadmissionpolicies'],
    ['admissionregistration.k8s.io', 'validatingadmissionpolicybindings'],
    ['events.k8s.io', 'events'],
    ['apiextensions.k8s.io', 'customresourcedefinitions'],
    ['core.kcp.io', 'logicalclusters'],
    ['authorization.k8s.io', 'subjectaccessreviews'],
    ['authorization.k8s.io', 'localsubjectaccessreviews'],
    ['authentication.k8s.io', 'tokenreviews'],
  ].map(([g, r]) => `${r}.${g}`),
);

export function isBuiltInClaimable(group: string, resource: string): boolean {
  return BUILT_IN_CLAIMABLE.has(`${resource}.${group}`);
}
