// kcp's maximal permission policy (kcp:pkg/authorization/maximal_permission_policy_authorizer.go): an APIExport with
// `spec.maximalPermissionPolicy.local` caps what anyone may do with its resources in the workspaces that bind it —
// a request on a bound resource must also be allowed by the RBAC of the export's workspace, for the user and groups
// prefixed with `apis.kcp.io:binding:`. This module answers, for the authorizer, which export's policy governs a
// request; the authorizer evaluates it. It remembers only the identities of the exports that have a local policy (a
// handful), so that requests on anything else — the vast majority — cost one lookup in the cluster's cached catalog.
// The APIExport virtual workspace applies the policies of the exports whose resources another export claims.
import type { KObject } from '../apimachinery/types.js';
import { bindingToV1alpha2 } from '../apis/apis-kcp/conversion.js';
import {
  API_BINDINGS,
  identityOfStorageKey,
  specOf,
  statusOf,
  type APIBindingSpec,
  type APIBindingStatus,
  type APIExportSpec,
  type PermissionClaim,
} from '../apis/apis-kcp/names.js';
import type { AuthorizationAttributes } from '../auth/rbac/attributes.js';
import { prefixedUser, type Decision, type MaximalPermissionPolicyLookup } from '../auth/rbac/authorizer.js';
import type { Catalogs } from '../registry/catalog.js';
import type { Store } from '../storage/store.js';

/** Whether an export (any version) asks for kcp's local maximal permission policy. */
export function hasLocalPolicy(exp: KObject): boolean {
  return specOf<APIExportSpec>(exp).maximalPermissionPolicy?.local !== undefined;
}

export class MaximalPermissionPolicies implements MaximalPermissionPolicyLookup {
  /** Identity hash → the exports (`cluster/name`) of that identity with a local policy. */
  private readonly identities = new Map<string, Set<string>>();

  constructor(
    private readonly store: Store,
    private readonly catalogs: Catalogs,
  ) {}

  /** Feed every APIExport event here (the informer's SYNC, ADDED, MODIFIED, DELETED). */
  onExport(cluster: string, name: string, exp: KObject | undefined, prev: KObject | undefined): void {
    const key = `${cluster}/${name}`;
    const before = prev && statusOf<{ identityHash?: string }>(prev).identityHash;
    if (before) this.forget(before, key);
    const identity = exp && statusOf<{ identityHash?: string }>(exp).identityHash;
    if (!exp || !identity || !hasLocalPolicy(exp)) {
      if (identity) this.forget(identity, key);
      return;
    }
    let keys = this.identities.get(identity);
    if (!keys) this.identities.set(identity, (keys = new Set()));
    keys.add(key);
  }

  active(): boolean {
    return this.identities.size > 0;
  }

  governing(req: {
    cluster: string;
    apiGroup: string;
    apiVersion: string;
    resource: string;
  }): { cluster: string; name: string } | undefined {
    if (this.identities.size === 0 || req.cluster === '*') return undefined;
    const def = this.catalogs.for(req.cluster).lookup(req.apiGroup, req.apiVersion, req.resource);
    const identity = def?.storageKey && identityOfStorageKey(def.storageKey);
    if (!identity || !this.identities.has(identity)) return undefined;
    // Only requests on a resource bound from a policed identity get here: find the binding that serves it.
    for (const raw of this.store.list({ cluster: req.cluster, resource: API_BINDINGS }).items) {
      const b = bindingToV1alpha2(raw);
      const status = statusOf<APIBindingStatus>(b);
      if (!status.boundResources?.some((r) => r.group === req.apiGroup && r.resource === req.resource)) continue;
      const name = specOf<APIBindingSpec>(b).reference?.export?.name;
      if (!status.apiExportClusterName || !name) return undefined;
      const exp = { cluster: status.apiExportClusterName, name };
      // The export gone or without a local policy: kcp delegates to the rest of the chain.
      return this.identities.get(identity)?.has(`${exp.cluster}/${exp.name}`) ? exp : undefined;
    }
    return undefined;
  }

  private forget(identity: string, key: string): void {
    const keys = this.identities.get(identity);
    if (!keys) return;
    keys.delete(key);
    if (keys.size === 0) this.identities.delete(identity);
  }
}

export interface ClaimedPolicyDeps {
  /** The exports (as v1alpha2, with their cluster) of an identity. */
  exportsOf(identityHash: string): Array<{ cluster: string; export: KObject }>;
  /** kcp's deep access review in another workspace (RBAC alone decides). */
  authorizeDeep(attrs: AuthorizationAttributes): Decision;
}

/**
 * kcp's maximal permission policy in the APIExport virtual workspace (kcp:pkg/virtual/apiexport/authorizer): a
 * request on a resource the export claims from another export must be allowed, for the prefixed user, by the local
 * policy of every export of that identity that has one. Undefined when allowed; the reason of the refusal otherwise.
 */
export function claimedResourcePolicy(
  deps: ClaimedPolicyDeps,
  claims: readonly PermissionClaim[],
  attrs: AuthorizationAttributes,
): string | undefined {
  if (!attrs.resourceRequest) return undefined;
  const events = attrs.resource === 'events' && (attrs.apiGroup === '' || attrs.apiGroup === 'events.k8s.io');
  const group = events ? '' : attrs.apiGroup;
  const identity = claims.find((c) => c.resource === attrs.resource && (c.group ?? '') === group)?.identityHash;
  // Not claimed (the export's own resources), or a built-in one: no policy can apply.
  if (!identity) return undefined;
  const exports = deps.exportsOf(identity);
  if (exports.length === 0) return `no API export providing claimed resources found for identity hash: ${JSON.stringify(identity)}`;
  for (const { cluster, export: exp } of exports) {
    if (!hasLocalPolicy(exp)) continue;
    const d = deps.authorizeDeep({ ...attrs, cluster, user: prefixedUser(attrs.user) });
    if (!d.allowed) return `API export ${JSON.stringify(cluster)}|${JSON.stringify(exp.metadata.name)} policy: ${d.reason}`;
  }
  return undefined;
}
