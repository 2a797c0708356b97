// PATCH: JSON patch, JSON merge patch, strategic merge patch and server-side apply, each re-applied to a fresh
// read when the compare-and-swap loses a race (kube's GuaranteedUpdate).
import type { YamlParser } from '../apimachinery/decoding/yaml.js';
import { applyObject } from '../apimachinery/managedfields/index.js';
import { applyJsonPatch, JsonPatchError, MAX_JSON_PATCH_OPERATIONS } from '../apimachinery/jsonpatch.js';
import { applyMergePatch } from '../apimachinery/mergepatch.js';
import {
  badRequest,
  invalidPatch,
  notFound,
  requestEntityTooLargeBecause,
  staleResourceVersion,
  unsupportedMediaType,
} from '../apimachinery/status.js';
import { applyStrategicMergePatch } from '../apimachinery/strategicpatch.js';
import type { KObject } from '../apimachinery/types.js';
import type { CallResult, ResourceCall } from './call.js';
import { apiVersionOf, groupResource } from './keys.js';
import { clone } from './meta.js';
import type { Registry } from './registry.js';
import { schemaOf } from './schema-lookup.js';
import type { FieldValidation } from './options.js';
import { asTypedObject } from './typemeta.js';
import { checkIdentity } from './identity.js';
import { checkUpdatePrecondition, create, readServed, RetryableConflict, storeUpdate, strategyPending, writeOptions } from './write.js';
import { checkJSONLimits, parseJSONBounded } from '../apimachinery/decoding/json-limits.js';
import { parseYAMLBounded } from '../apimachinery/decoding/yaml-limits.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from './patch-types.js';

const MAX_ATTEMPTS = 8;

/**
 * Patch bodies arrive raw: apply bodies are YAML. kubectl and client-go send JSON there (JSON is YAML too), so JSON is
 * tried first: it is many times faster to parse, and a document that is valid JSON means the same in YAML.
 */
export function decodePatchBody(contentType: string, raw: Buffer, yaml: YamlParser | undefined): unknown {
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
      if (!yaml) throw new Error('an apply patch was decoded without the YAML parser');
      return parseYAMLBounded(yaml, text);
    }
    return parseJSONBounded(raw);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** One attempt at a JSON, merge or strategic patch, against a fresh read; retried when its write loses a race. */
export type PatchAttempt = (reg: Registry, call: ResourceCall, type: string) => Promise<CallResult>;

/** PATCH of the object (or of a subresource written as the object, status); `attempt` patches another view (Scale). */
export async function patch(reg: Registry, call: ResourceCall, attempt: PatchAttempt = patchObject): Promise<CallResult> {
  const type = call.contentType ?? '';
  const { def } = call;
  const pending = strategyPending(def);
  if (pending) await pending;
  if (!def.strategy.patchTypes.includes(type)) throw unsupportedMediaType([...def.strategy.patchTypes]);
  writeOptions(call, 'PatchOptions', type === APPLY_PATCH);
  for (let tries = 0; ; tries++) {
    try {
      if (type === APPLY_PATCH) return await serverSideApply(reg, call);
      return await attempt(reg, call, type);
    } catch (err) {
      if (err instanceof RetryableConflict && tries < MAX_ATTEMPTS) continue;
      if (err instanceof RetryableConflict) throw staleResourceVersion(groupResource(def), call.name!);
      throw err;
    }
  }
}

async function patchObject(reg: Registry, call: ResourceCall, type: string): Promise<CallResult> {
  const { def } = call;
  const read = readServed(reg, call);
  const old = read instanceof Promise ? await read : read;
  if (!old) throw notFound(groupResource(def), call.name!);
  // A patch applies to the object as this version serves it (one stored through another version is converted
  // first); only kinds that accept strategic merge patches get this far with one, merged by the kind's schema.
  const patched = applyPatchDocument(
    type,
    def.strategy.served(old),
    call.body,
    type === STRATEGIC_PATCH ? schemaOf(def) : undefined,
    writeOptions(call).fieldValidation,
  );
  const obj = asTypedObject(patched, def, type === STRATEGIC_PATCH ? { via: 'strategic-patch', patch: call.body } : { via: 'patch' });
  // The patched object is held to the URL's name and namespace: a patch cannot move an object to another key.
  checkIdentity(def, call.namespace, call.name!, obj.metadata);
  checkUpdatePrecondition(def, call.name!, obj, old);
  // A resourceVersion the patch itself names is the client's precondition: losing a race on it is the client's 409.
  const userPrecondition = type !== JSON_PATCH && hasResourceVersion(call.body);
  return storeUpdate(reg, call, obj, old, { expectedRV: Number(old.metadata.resourceVersion), userPrecondition });
}

function hasResourceVersion(patchBody: unknown): boolean {
  const meta = (patchBody as { metadata?: { resourceVersion?: unknown } } | null)?.metadata;
  return meta !== null && typeof meta === 'object' && meta.resourceVersion !== undefined && meta.resourceVersion !== null;
}

export function applyPatchDocument(
  type: string,
  target: unknown,
  body: unknown,
  schema: Parameters<typeof applyStrategicMergePatch>[2],
  mode: FieldValidation = 'Warn',
): unknown {
  switch (type) {
    case JSON_PATCH: {
      const ops = jsonPatchOperations(body, mode);
      try {
        return applyJsonPatch(clone(target) as Record<string, unknown>, ops);
      } catch (err) {
        if (err instanceof JsonPatchError) throw invalidPatch();
        throw err;
      }
    }
    case MERGE_PATCH:
      // evanphx's MergePatch refuses a patch that is no object or list (ErrBadJSONPatch); a list replaces the object.
      if (body === null || typeof body !== 'object') throw badRequest('Invalid JSON Patch');
      return applyMergePatch(clone(target), body);
    case STRATEGIC_PATCH:
      // A null patch decodes to no map at all: nothing to change.
      if (body === null) return clone(target);
      return applyStrategicMergePatch(clone(target), body, schema);
    default:
      throw unsupportedMediaType([JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, APPLY_PATCH]);
  }
}

/**
 * A JSON patch body as kube's patch handler decodes it: strictly as []jsonPatchOp unless fieldValidation is
 * Ignore (then as jsonpatch.Patch), null as no operations, and at most maxJSONPatchOperations of them (413).
 */
function jsonPatchOperations(body: unknown, mode: FieldValidation): unknown[] {
  const strict = mode !== 'Ignore';
  const refuse = (kind: string, strictType: string, looseType: string) =>
    badRequest(
      strict
        ? `error decoding patch: json: cannot unmarshal ${kind} into Go value of type ${strictType}`
        : `json: cannot unmarshal ${kind} into Go value of type ${looseType}`,
    );
  if (body === null) return [];
  if (!Array.isArray(body)) throw refuse(jsonKind(body), '[]handlers.jsonPatchOp', 'jsonpatch.Patch');
  for (const op of body) {
    if (op === null) continue;
    if (typeof op !== 'object' || Array.isArray(op)) throw refuse(jsonKind(op), 'handlers.jsonPatchOp', 'jsonpatch.Operation');
    if (!strict) continue;
    for (const f of ['op', 'path', 'from'] as const) {
      const v = (op as Record<string, unknown>)[f];
      if (v !== undefined && v !== null && typeof v !== 'string') {
        throw badRequest(
          `error decoding patch: json: cannot unmarshal ${jsonKind(v)} into Go struct field jsonPatchOp.${f} of type string`,
        );
      }
    }
  }
  if (body.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLargeBecause(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${body.length}`,
    );
  }
  return body;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

async function serverSideApply(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const { def } = call;
  const { fieldManager: manager, force } = writeOptions(call, 'PatchOptions', true);
  const body = call.body as KObject | null;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('apply patch must be an object');
  if (!body.apiVersion || !body.kind) throw badRequest('apiVersion and kind must be set in an apply patch');
  const applied = asTypedObject(clone(body), def, { via: 'apply', namespace: def.namespaced ? call.namespace : '', name: call.name! });
  const read = readServed(reg, call);
  const old = read instanceof Promise ? await read : read;
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
    // What the apply makes is held to the URL's name and namespace, as a patched object is.
    checkIdentity(def, call.namespace, call.name!, applied.metadata);
    const merged = applyObject(undefined, applied, applyOpts);
    return create(reg, { ...call, body: merged }, { managedFieldsDone: true });
  }
  const merged = applyObject(old, applied, applyOpts);
  checkIdentity(def, call.namespace, call.name!, merged.metadata);
  const userPrecondition = checkUpdatePrecondition(def, call.name!, merged, old) && hasResourceVersion(applied);
  return storeUpdate(reg, call, merged, old, {
    expectedRV: Number(old.metadata.resourceVersion),
    userPrecondition,
    managedFieldsDone: true,
  });
}
