// Storage keys, well-known names and the shapes of apis.kcp.io (kcp's sdk/apis/apis), as the strategies, the
// reconcilers and the virtual workspace read them.
import type { KObject } from '../../apimachinery/types.js';

export const GROUP = 'apis.kcp.io';
export const API_RESOURCE_SCHEMAS = 'apis.kcp.io/apiresourceschemas';
export const API_EXPORTS = 'apis.kcp.io/apiexports';
export const API_BINDINGS = 'apis.kcp.io/apibindings';
export const API_EXPORT_ENDPOINT_SLICES = 'apis.kcp.io/apiexportendpointslices';

/** Kept on an APIBinding until the objects of its bound resources are gone (kcp's apibindingdeletion controller). */
export const BINDING_FINALIZER = 'apis.kcp.io/apibinding-finalizer';
/** An APIExport so annotated gets no default APIExportEndpointSlice. */
export const SKIP_ENDPOINT_SLICE = 'apiexports.apis.kcp.io/skip-endpointslice';
/**
 * The system logical cluster that keeps, by UID, a copy of every APIResourceSchema a binding serves (kcp's bound
 * CRDs in `system:bound-crds`): a binding keeps serving its resources when the provider deletes the schema.
 */
export const BOUND_SCHEMAS_CLUSTER = 'system:bound-crds';

/** Where identity Secrets live, in the export's workspace. */
export const IDENTITY_NAMESPACE = 'kcp-system';

export interface ExportReference {
  path?: string;
  name: string;
}

export interface ExportedResource {
  name: string;
  group?: string;
  schema: string;
  storage?: { crd?: object; virtual?: unknown };
}

export interface ClaimSelector {
  matchAll?: boolean;
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface PermissionClaim {
  group?: string;
  resource: string;
  identityHash?: string;
  verbs?: string[];
}

export interface AcceptablePermissionClaim extends PermissionClaim {
  selector?: ClaimSelector;
  state?: 'Accepted' | 'Rejected';
}

/** APIExport v1alpha2 spec. */
export interface APIExportSpec {
  resources?: ExportedResource[];
  identity?: { secretRef?: { namespace?: string; name?: string } };
  maximalPermissionPolicy?: { local?: object };
  permissionClaims?: PermissionClaim[];
}

export interface BoundResource {
  group: string;
  resource: string;
  schema: { name: string; UID: string; identityHash: string };
  storageVersions?: string[];
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  severity?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** APIBinding v1alpha2 spec and status. */
export interface APIBindingSpec {
  reference: { export?: ExportReference };
  permissionClaims?: AcceptablePermissionClaim[];
}

export interface APIBindingStatus {
  apiExportClusterName?: string;
  boundResources?: BoundResource[];
  phase?: '' | 'Binding' | 'Bound';
  conditions?: Condition[];
  appliedPermissionClaims?: PermissionClaim[];
  exportPermissionClaims?: PermissionClaim[];
}

export function specOf<T>(obj: KObject): T {
  return (obj['spec'] ?? {}) as T;
}

export function statusOf<T>(obj: KObject): T {
  return (obj['status'] ?? {}) as T;
}

/** The group of a resource as kcp writes it in names: `core` for the core group. */
export function groupOrCore(group: string | undefined): string {
  return group ? group : 'core';
}

/**
 * What an APIResourceSchema's name (`<prefix>.<plural>.<group>`, the group `core` for the core group) says about
 * its resource; undefined when it does not have that shape.
 */
export function parseSchemaName(name: string): { plural: string; group: string } | undefined {
  const parts = name.split('.');
  if (parts.length < 3) return undefined;
  const group = parts.slice(2).join('.');
  return { plural: parts[1]!, group: group === 'core' ? '' : group };
}

/** The storage key of a resource bound through an export of this identity: kcp's etcd prefix keeps them apart. */
export function boundStorageKey(group: string, resource: string, identityHash: string): string {
  return `${group}/${resource}:${identityHash}`;
}

/** The export identity a bound resource's storage key names (boundStorageKey), or undefined for any other key. */
export function identityOfStorageKey(storageKey: string): string | undefined {
  const i = storageKey.lastIndexOf(':');
  return i < 0 ? undefined : storageKey.slice(i + 1);
}
