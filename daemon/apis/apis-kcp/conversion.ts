// Conversion between the served versions of APIExport and APIBinding. Objects are stored in the version they were
// written in (as custom resources are) and served in the version asked for; kcp's conversion functions
// (sdk/apis/apis/v1alpha2/types_*_conversion.go) decide what each field becomes.
import type { KObject } from '../../apimachinery/types.js';
import { clone } from '../../registry/meta.js';
import { parseSchemaName, type AcceptablePermissionClaim, type ExportedResource, type PermissionClaim } from './names.js';

export const V1ALPHA1 = 'apis.kcp.io/v1alpha1';
export const V1ALPHA2 = 'apis.kcp.io/v1alpha2';

/** Where v1alpha1 keeps what it cannot say (resources stored otherwise than as CRDs), as kcp's annotation. */
const RESOURCE_SCHEMAS_ANNOTATION = 'apis.v1alpha2.kcp.io/resource-schemas';
/** Where v1alpha1 keeps claims whose verbs are not `*`. */
const PERMISSION_CLAIMS_ANNOTATION = 'apis.v1alpha2.kcp.io/permission-claims';

interface V1Claim {
  group?: string;
  resource: string;
  identityHash?: string;
  all?: boolean;
  resourceSelector?: unknown[];
  state?: string;
}

const isAll = (verbs: string[] | undefined) => verbs === undefined || (verbs.length === 1 && verbs[0] === '*');

function annotate(obj: KObject, key: string, value: unknown): void {
  (obj.metadata.annotations ??= {})[key] = JSON.stringify(value);
}

function takeAnnotation<T>(obj: KObject, key: string): T | undefined {
  const raw = obj.metadata.annotations?.[key];
  if (raw === undefined) return undefined;
  delete obj.metadata.annotations![key];
  if (Object.keys(obj.metadata.annotations!).length === 0) delete obj.metadata.annotations;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

function claimV2toV1(c: PermissionClaim): V1Claim {
  const out: V1Claim = { resource: c.resource, all: true };
  if (c.group !== undefined) out.group = c.group;
  if (c.identityHash) out.identityHash = c.identityHash;
  return out;
}

function claimV1toV2(c: V1Claim): PermissionClaim {
  const out: PermissionClaim = { resource: c.resource, verbs: ['*'] };
  if (c.group !== undefined) out.group = c.group;
  if (c.identityHash) out.identityHash = c.identityHash;
  return out;
}

/** An APIExport as v1alpha2 serves it. */
export function exportToV1alpha2(obj: KObject): KObject {
  if (obj.apiVersion === V1ALPHA2) return obj;
  const out = clone(obj);
  out.apiVersion = V1ALPHA2;
  const spec = (out['spec'] ?? {}) as Record<string, unknown>;
  const latest = (spec['latestResourceSchemas'] ?? []) as string[];
  delete spec['latestResourceSchemas'];
  const resources: ExportedResource[] = [];
  for (const schema of latest) {
    const parsed = parseSchemaName(schema);
    if (parsed) resources.push({ name: parsed.plural, group: parsed.group, schema, storage: { crd: {} } });
  }
  resources.push(...(takeAnnotation<ExportedResource[]>(out, RESOURCE_SCHEMAS_ANNOTATION) ?? []));
  if (resources.length) spec['resources'] = resources;
  const claims = spec['permissionClaims'] as V1Claim[] | undefined;
  const verbed = takeAnnotation<PermissionClaim[]>(out, PERMISSION_CLAIMS_ANNOTATION) ?? [];
  if (claims) {
    spec['permissionClaims'] = claims.map((c) => {
      const v2 = claimV1toV2(c);
      const kept = verbed.find((k) => (k.group ?? '') === (c.group ?? '') && k.resource === c.resource);
      return kept ?? v2;
    });
  }
  out['spec'] = spec;
  return out;
}

/** An APIExport as v1alpha1 serves it. */
export function exportToV1alpha1(obj: KObject): KObject {
  if (obj.apiVersion === V1ALPHA1) return obj;
  const out = clone(obj);
  out.apiVersion = V1ALPHA1;
  const spec = (out['spec'] ?? {}) as Record<string, unknown>;
  const resources = (spec['resources'] ?? []) as ExportedResource[];
  delete spec['resources'];
  const crd = resources.filter((r) => r.storage?.crd !== undefined);
  const other = resources.filter((r) => r.storage?.crd === undefined);
  if (crd.length) spec['latestResourceSchemas'] = crd.map((r) => r.schema);
  if (other.length) annotate(out, RESOURCE_SCHEMAS_ANNOTATION, other);
  const claims = spec['permissionClaims'] as PermissionClaim[] | undefined;
  if (claims) {
    spec['permissionClaims'] = claims.map(claimV2toV1);
    const verbed = claims.filter((c) => !isAll(c.verbs));
    if (verbed.length) annotate(out, PERMISSION_CLAIMS_ANNOTATION, verbed);
  }
  out['spec'] = spec;
  return out;
}

/** An APIBinding as v1alpha2 serves it. */
export function bindingToV1alpha2(obj: KObject): KObject {
  if (obj.apiVersion === V1ALPHA2) return obj;
  const out = clone(obj);
  out.apiVersion = V1ALPHA2;
  const spec = (out['spec'] ?? {}) as Record<string, unknown>;
  const claims = spec['permissionClaims'] as V1Claim[] | undefined;
  const verbed = takeAnnotation<AcceptablePermissionClaim[]>(out, PERMISSION_CLAIMS_ANNOTATION) ?? [];
  if (claims) {
    spec['permissionClaims'] = claims.map((c): AcceptablePermissionClaim => {
      const kept = verbed.find((k) => (k.group ?? '') === (c.group ?? '') && k.resource === c.resource);
      if (kept) return kept;
      const v2: AcceptablePermissionClaim = { ...claimV1toV2(c), selector: { matchAll: true } };
      if (c.state === 'Accepted' || c.state === 'Rejected') v2.state = c.state;
      return v2;
    });
  }
  return out;
}

/** An APIBinding as v1alpha1 serves it. */
export function bindingToV1alpha1(obj: KObject): KObject {
  if (obj.apiVersion === V1ALPHA1) return obj;
  const out = clone(obj);
  out.apiVersion = V1ALPHA1;
  const spec = (out['spec'] ?? {}) as Record<string, unknown>;
  const claims = spec['permissionClaims'] as AcceptablePermissionClaim[] | undefined;
  if (claims) {
    spec['permissionClaims'] = claims.map((c) => {
      const v1: V1Claim = claimV2toV1(c);
      if (c.state) v1.state = c.state;
      return v1;
    });
    const kept = claims.filter((c) => !isAll(c.verbs) || (c.selector !== undefined && !c.selector.matchAll));
    if (kept.length) annotate(out, PERMISSION_CLAIMS_ANNOTATION, kept);
  }
  return out;
}
