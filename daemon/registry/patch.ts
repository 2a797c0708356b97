// PATCH: JSON patch, JSON merge patch, strategic merge patch and server-side apply, each re-applied to a fresh
// read when the compare-and-swap loses a race (kube's GuaranteedUpdate).
import jsonpatch from 'fast-json-patch';
import { yaml } from '../server/yaml.js';
import { applyObject } from '../apimachinery/managedfields/index.js';
import { applyMergePatch } from '../apimachinery/mergepatch.js';
import {
  badRequest,
  fieldErr,
  invalid,
  invalidPatch,
  notFound,
  staleResourceVersion,
  unsupportedMediaType,
} from '../apimachinery/status.js';
import { applyStrategicMergePatch } from '../apimachinery/strategicpatch.js';
import type { KObject } from '../apimachinery/types.js';
import type { CallResult, ResourceCall } from './call.js';
import { apiVersionOf, groupResource } from './keys.js';
import { clone } from './meta.js';
import type { Registry } from './registry.js';
import { readPath, scaleOf, writePath } from './scale.js';
import { schemaOf } from './schema-lookup.js';
import { asTypedObject } from './typemeta.js';
import { decodeComponent } from './typecheck.js';
import { checkJSONLimits, parseJSONBounded } from '../apimachinery/decoding/json-limits.js';
import { parseYAMLBounded } from '../apimachinery/decoding/yaml-limits.js';
import { create, keyFor, RetryableConflict, storeUpdate } from './write.js';

export const JSON_PATCH = 'application/json-patch+json';
export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';
export const APPLY_PATCH_CBOR = 'application/apply-patch+cbor';

const MAX_ATTEMPTS = 8;

export function patchTypesFor(strategic: boolean): string[] {
  return strategic ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];
}

/**
 * Patch bodies arrive raw: apply bodies are YAML. kubectl and client-go send JSON there (JSON is YAML too), so JSON is
 * tried first: it is many times faster to parse, and a document that is valid JSON means the same in YAML.
 */
export function decodePatchBody(contentType: string, raw: Buffer): unknown {
  const text = raw.toString('utf8');
  try {
    if (contentType === APPLY_PATCH) {
      if (/^\s*\{/.test(text)) {
        checkJSONLimits(raw);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          // YAML flow mappings start with `{` too.
        }
      }
      return parseYAMLBounded(yaml(), text);
    }
    return parseJSONBounded(raw);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

export async function patch(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const type = call.contentType ?? '';
  const { def } = call;
  if (!patchTypesFor(def.strategicMergePatch).includes(type)) throw unsupportedMediaType(patchTypesFor(def.strategicMergePatch));
  if (type !== APPLY_PATCH && call.query.has('force')) {
    throw invalid('PatchOptions.meta.k8s.io', '', [fieldErr.forbidden('force', 'may not be specified for non-apply patch')]);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      if (type === APPLY_PATCH) return await serverSideApply(reg, call);
      return await patchOnce(reg, call, type);
    } catch (err) {
      if (err instanceof RetryableConflict && attempt < MAX_ATTEMPTS) continue;
      if (err instanceof RetryableConflict) throw staleResourceVersion(groupResource(def), call.name!);
      throw err;
    }
  }
}

async function patchOnce(reg: Registry, call: ResourceCall, type: string): Promise<CallResult> {
  const { def } = call;
  const old = reg.store.get(keyFor(call, call.name!));
  if (!old) throw notFound(groupResource(def), call.name!);
  if (call.subresource === 'scale') return patchScale(reg, call, type, old);
  const patched = applyPatchDocument(type, old, call.body, def.strategicMergePatch ? schemaOf(def) : undefined);
  const obj = asTypedObject(patched, def, type === STRATEGIC_PATCH ? { via: 'strategic-patch', patch: call.body } : { via: 'patch' });
  const precondition = obj.metadata.resourceVersion;
  if (precondition !== undefined && precondition !== old.metadata.resourceVersion) {
    throw staleResourceVersion(groupResource(def), call.name!);
  }
  const userPrecondition = type !== JSON_PATCH && hasResourceVersion(call.body);
  return storeUpdate(reg, call, obj, old, { expectedRV: Number(old.metadata.resourceVersion), userPrecondition });
}

function hasResourceVersion(patchBody: unknown): boolean {
  const meta = (patchBody as { metadata?: { resourceVersion?: unknown } } | null)?.metadata;
  return meta !== null && typeof meta === 'object' && meta.resourceVersion !== undefined && meta.resourceVersion !== null;
}

export function applyPatchDocument(type: string, target: unknown, body: unknown, schema: Parameters<typeof applyStrategicMergePatch>[2]): unknown {
  switch (type) {
    case JSON_PATCH: {
      if (!Array.isArray(body)) throw badRequest('json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp');
      try {
        return jsonpatch.applyPatch(clone(target), body as jsonpatch.Operation[], true, true).newDocument;
      } catch {
        throw invalidPatch();
      }
    }
    case MERGE_PATCH:
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('merge patch must be a JSON object');
      return applyMergePatch(clone(target), body);
    case STRATEGIC_PATCH:
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('strategic merge patch must be a JSON object');
      return applyStrategicMergePatch(clone(target), body, schema);
    default:
      throw unsupportedMediaType([JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH]);
  }
}

/** PATCH …/scale: patch the Scale view, write spec.replicas back to the resource's own field. */
async function patchScale(reg: Registry, call: ResourceCall, type: string, old: KObject): Promise<CallResult> {
  const spec = call.def.subresources.scale;
  if (!spec) throw notFound(groupResource(call.def), call.name!);
  const scale = applyPatchDocument(type === STRATEGIC_PATCH ? MERGE_PATCH : type, scaleOf(call.def, old), call.body, undefined) as KObject;
  decodeComponent('io.k8s.api.autoscaling.v1.Scale', { group: 'autoscaling', version: 'v1', kind: 'Scale' }, scale, { via: 'patch' });
  const replicas = readPath(scale, '.spec.replicas');
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale.autoscaling', call.name!, [fieldErr.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')], 'autoscaling');
  }
  const obj = clone(old);
  writePath(obj as Record<string, unknown>, spec.specReplicasPath, replicas);
  const result = await storeUpdate(reg, { ...call, subresource: undefined } as ResourceCall, obj, old, {
    expectedRV: Number(old.metadata.resourceVersion),
    userPrecondition: false,
  });
  return { ...result, body: scaleOf(call.def, result.body as KObject) };
}

async function serverSideApply(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const { def } = call;
  const manager = call.query.get('fieldManager');
  if (!manager) {
    throw invalid('PatchOptions.meta.k8s.io', '', [fieldErr.required('fieldManager', 'is required for apply patch')]);
  }
  const force = call.query.get('force') === 'true';
  const body = call.body as KObject | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('apply patch must be an object');
  if (!body.apiVersion || !body.kind) throw badRequest('apiVersion and kind must be set in an apply patch');
  const applied = asTypedObject(clone(body), def, { via: 'apply', namespace: def.namespaced ? call.namespace : '', name: call.name! });
  if (applied.metadata.name && applied.metadata.name !== call.name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${call.name})`);
  }
  applied.metadata.name = call.name;
  if (def.namespaced) applied.metadata.namespace = call.namespace;
  const old = reg.store.get(keyFor(call, call.name!));
  const applyOpts: Parameters<typeof applyObject>[2] = {
    manager,
    force,
    apiVersion: apiVersionOf(def),
    now: call.ctx.now,
    schema: schemaOf(def),
    target: { name: call.name!, kind: def.plural, group: def.group },
  };
  if (call.subresource) applyOpts.subresource = call.subresource;
  if (!old) {
    const merged = applyObject(undefined, applied, applyOpts);
    return create(reg, { ...call, body: merged }, { managedFieldsDone: true });
  }
  const precondition = applied.metadata.resourceVersion;
  if (precondition && precondition !== old.metadata.resourceVersion) throw staleResourceVersion(groupResource(def), call.name!);
  const merged = applyObject(old, applied, applyOpts);
  return storeUpdate(reg, call, merged, old, {
    expectedRV: Number(old.metadata.resourceVersion),
    userPrecondition: Boolean(precondition),
    managedFieldsDone: true,
  });
}

