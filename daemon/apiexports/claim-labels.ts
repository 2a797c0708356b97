// Permission claim labels (kcp's sdk permissionclaims.ToLabelKeyAndValue and pkg/permissionclaim): an object a
// binding's accepted claim covers carries the label `claimed.internal.apis.kcp.io/<export hash>: <claim hash>`, and
// the APIExport virtual workspace serves a claimed resource as the objects with that label. Admission labels each
// write of a claimed resource (labelsFor); the permissionclaimlabel controller relabels what a binding's claims
// already cover when they change. The hashes are kcp's, so the labels are the ones kcp would set.
import { createHash } from 'node:crypto';
import type { KObject } from '../apimachinery/types.js';
import {
  specOf,
  statusOf,
  type AcceptablePermissionClaim,
  type APIBindingSpec,
  type APIBindingStatus,
  type PermissionClaim,
} from '../apis/apis-kcp/names.js';
import { claimSelects } from './claims.js';

export const CLAIM_LABEL_PREFIX = 'claimed.internal.apis.kcp.io/';

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** kcp's Base62Sha224: the SHA-224 of the input as a big-endian number, in base 62 (Go's big.Int Text(62)). */
export function base62Sha224(input: string): string {
  return base62(createHash('sha224').update(input).digest());
}

function base62(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  if (n === 0n) return '0';
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out;
}

/**
 * The label of a claim of an export: the key names the export (`<cluster>:<name>`), the value the claim by what
 * identifies it — group, resource and identity, not its verbs or selectors — serialised as Go serialises kcp's
 * PermissionClaim with those fields cleared.
 */
export function claimLabel(exportCluster: string, exportName: string, claim: PermissionClaim): [string, string] {
  const identity: Record<string, unknown> = {};
  if (claim.group) identity['group'] = claim.group;
  identity['resource'] = claim.resource;
  identity['verbs'] = null;
  if (claim.identityHash) identity['identityHash'] = claim.identityHash;
  return [CLAIM_LABEL_PREFIX + base62Sha224(`${exportCluster}:${exportName}`), base62Sha224(JSON.stringify(identity))];
}

/** Resources that are not stored (reviews): claimable, never labelled (kcp's NonPersistedResourcesClaimable). */
const NOT_PERSISTED: ReadonlySet<string> = new Set([
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authentication.k8s.io/tokenreviews',
]);

/** Events of both groups are one claimable resource, the core one (kcp's NormalizeEventGroupResource). */
function normalized(group: string, resource: string): string {
  if (resource === 'events' && (group === '' || group === 'events.k8s.io')) return '/events';
  return `${group}/${resource}`;
}

interface AcceptedClaim {
  key: string;
  value: string;
  claim: AcceptablePermissionClaim;
}

/** The accepted claims of one binding, by the resource they claim; empty when it accepts none or is not bound yet. */
export function acceptedClaimLabels(binding: KObject): Map<string, AcceptedClaim[]> {
  const out = new Map<string, AcceptedClaim[]>();
  const exportCluster = statusOf<APIBindingStatus>(binding).apiExportClusterName;
  const exportName = specOf<APIBindingSpec>(binding).reference?.export?.name;
  if (!exportCluster || !exportName) return out;
  for (const claim of specOf<APIBindingSpec>(binding).permissionClaims ?? []) {
    if (claim.state !== 'Accepted') continue;
    const [key, value] = claimLabel(exportCluster, exportName, claim);
    const gr = normalized(claim.group ?? '', claim.resource);
    out.set(gr, [...(out.get(gr) ?? []), { key, value, claim }]);
  }
  return out;
}

/**
 * The claims the bindings of each workspace accepted, kept from the bindings' events, so that a write needs no read
 * to find out whether it is claimed: only workspaces whose bindings accept claims have an entry.
 */
export class ClaimLabeler {
  /** cluster → binding name → its accepted claims by resource. */
  private readonly clusters = new Map<string, Map<string, Map<string, AcceptedClaim[]>>>();

  /** Feed every APIBinding event (v1alpha2) here; undefined when it is gone. */
  onBinding(cluster: string, name: string, binding: KObject | undefined): void {
    const accepted = binding && acceptedClaimLabels(binding);
    let bindings = this.clusters.get(cluster);
    if (!accepted?.size) {
      bindings?.delete(name);
      if (bindings?.size === 0) this.clusters.delete(cluster);
      return;
    }
    if (!bindings) this.clusters.set(cluster, (bindings = new Map()));
    bindings.set(name, accepted);
  }

  /** Whether any binding of the cluster accepts a claim: writes elsewhere need nothing. */
  claims(cluster: string): boolean {
    return this.clusters.has(cluster);
  }

  /** The claim labels an object of a resource should carry in a cluster, given its other labels. */
  labelsFor(cluster: string, group: string, resource: string, labels: Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const bindings = this.clusters.get(cluster);
    if (!bindings || NOT_PERSISTED.has(`${group}/${resource}`)) return out;
    const gr = normalized(group, resource);
    const probe: KObject = { metadata: labels ? { labels } : {} };
    for (const accepted of bindings.values()) {
      for (const a of accepted.get(gr) ?? []) {
        if (claimSelects(a.claim, probe)) out[a.key] = a.value;
      }
    }
    return out;
  }
}

/** The labels an object should have: its own, without stale claim labels, with the expected ones. */
export function withClaimLabels(labels: Record<string, string> | undefined, expected: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) if (!k.startsWith(CLAIM_LABEL_PREFIX) || k in expected) out[k] = v;
  return Object.assign(out, expected);
}

/** Whether an object carries any claim label (a write that removes them must be relabelled too). */
export function hasClaimLabels(labels: Record<string, string> | undefined): boolean {
  return labels !== undefined && Object.keys(labels).some((k) => k.startsWith(CLAIM_LABEL_PREFIX));
}
