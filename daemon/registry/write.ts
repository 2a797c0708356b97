// CREATE and UPDATE: the write pipeline every resource shares (typed decoding, strictness, server-owned
// metadata, the kind's strategy, validation, admission, managedFields, optimistic concurrency).
import { parseUint64 } from '../apimachinery/gostrings.js';
import { objectMetaUpdateErrors } from '../apimachinery/objectmeta-update.js';
import { validateObjectMeta } from '../apimachinery/validation.js';
import { updateManagedFields, managerFromUserAgent } from '../apimachinery/managedfields/index.js';
import {
  alreadyExists,
  badRequest,
  fieldErr,
  invalid,
  notFound,
  GoSyntax,
  methodNotAllowedMessage,
  pathNotFound,
  qualifiedResource,
  staleResourceVersion,
  StatusError,
} from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { checkIdentity, ensureNamespace } from './identity.js';
import { checkNamespaceForCreate } from './namespace-state.js';
import { writeOptionsOf, type FieldValidation, type WriteOptionsKind, type WriteRequestOptions } from './options.js';
import { ok, type CallResult, type ResourceCall } from './call.js';
import { apiVersionOf, groupResource, qualifiedKind, storageResource } from './keys.js';
import { generateName, isNoop, preserveMetaOnUpdate, prepareMetaForCreate, specChanged } from './meta.js';
import type { AdmissionAttributes } from './admission.js';
import type { Registry } from './registry.js';
import { schemaOf } from './schema-lookup.js';
import { asTypedObject } from './typemeta.js';
import { hasStatusSubresource, type UpdateStrategy } from './strategy.js';
import { fromStorage, fromStorageConverted, toStorageConverted } from './stored-as.js';
import type { RequestContext, ResourceDef } from './types.js';

export type { FieldValidation } from './options.js';

/**
 * The options of the write a call carries, read from its query once: by the verb that received it (create,
 * update, patch), which names the options kind its refusals speak of.
 */
export function writeOptions(call: ResourceCall, kind: WriteOptionsKind = 'UpdateOptions', applyPatch = false): WriteRequestOptions {
  return (call.writeOptions ??= writeOptionsOf(call.query, kind, applyPatch));
}

/** The fieldValidation directive in force (the verb has already refused unknown values). */
export function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  return v === 'Strict' || v === 'Ignore' ? v : 'Warn';
}

/** Whether the write is a dry run (the verb has already refused values other than "All"). */
export function isDryRun(query: URLSearchParams): boolean {
  return query.has('dryRun');
}

/** The manager a write records: the fieldManager option, else kube's prefix of the User-Agent. */
export function fieldManagerOf(call: ResourceCall): string {
  return writeOptions(call).fieldManager || managerFromUserAgent(call.userAgent ?? '');
}

/**
 * What decoding against the kind's schema does with the fields it does not declare (see ResourceStrategy
 * decodeFields), answered per fieldValidation: Strict refuses, Warn returns warnings, Ignore says nothing.
 */
export function checkUnknownFields(def: ResourceDef, obj: KObject, mode: FieldValidation): string[] {
  const unknown = def.strategy.decodeFields(obj, mode !== 'Ignore');
  if (unknown.length === 0 || mode === 'Ignore') return [];
  const list = unknown.map((p) => `unknown field "${p}"`);
  if (mode === 'Strict') {
    throw badRequest(
      `${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: strict decoding error: ${list.join(', ')}`,
    );
  }
  return list;
}

/** ObjectMeta's validation, then the kind's (`endpoint` validates an update: the resource's strategy, or a subresource's). */
function validationErrors(
  def: ResourceDef,
  obj: KObject,
  ctx: RequestContext,
  old?: KObject,
  endpoint: UpdateStrategy = def.strategy,
): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: def.namespaced, nameRule: def.strategy.nameRule });
  if (old) {
    errs.push(...objectMetaUpdateErrors(obj.metadata, old.metadata));
    errs.push(...endpoint.validateUpdate(obj, old, ctx));
  } else errs.push(...def.strategy.validate(obj, ctx));
  return errs;
}

function throwIfInvalid(def: ResourceDef, obj: KObject, errs: FieldError[]): void {
  if (errs.length) throw invalid(qualifiedKind(def), obj.metadata.name ?? '', errs, def.group || undefined);
}

function checkNamespaceMatches(call: ResourceCall, obj: KObject): void {
  ensureNamespace(call.def, call.namespace, obj.metadata);
}

/** Whether an object names a revision the versioner can read (a number other than 0). */
function namesResourceVersion(obj: KObject): boolean {
  const rv = obj.metadata.resourceVersion;
  return typeof rv === 'string' && /^[0-9]+$/.test(rv) && BigInt(rv) !== 0n && BigInt(rv) < 2n ** 64n;
}

/**
 * The resourceVersion an update names, as the versioner reads it from the object: none ("" or absent) or a
 * number. Anything else is the client's mistake: 400 with the parser's words (kube lets it through as a 500).
 */
export function resourceVersionOfObject(obj: KObject): number | undefined {
  const rv = obj.metadata.resourceVersion;
  if (rv === undefined || rv === null || rv === '') return undefined;
  try {
    return parseUint64(String(rv));
  } catch (err) {
    throw badRequest((err as Error).message);
  }
}

export interface WriteOptions {
  /** Managed fields already computed (server-side apply). */
  managedFieldsDone?: boolean;
  manager?: string;
}

/**
 * What the kind's strategy loads lazily (custom resources' schema validator) and a write must wait for; undefined
 * (no await, no extra turn) once it is loaded, and for kinds that load nothing.
 */
export function strategyPending(def: ResourceDef): Promise<unknown> | undefined {
  return def.strategy.prepare?.();
}

export async function create(reg: Registry, call: ResourceCall, opts: WriteOptions = {}): Promise<CallResult> {
  const { def, ctx } = call;
  const { strategy } = def;
  const pending = strategyPending(def);
  if (pending) await pending;
  const { fieldValidation: mode, dryRun } = writeOptions(call, 'CreateOptions');
  if (strategy.compute) return ok(await strategy.compute(asTypedObject(call.body, def), ctx), 201);
  if (call.subresource) throw notSupportedOnSubresource(def, call.subresource, 'create');
  const obj = strategy.resetFields(asTypedObject(call.body, def));
  checkNamespaceMatches(call, obj);
  ctx.dryRun = dryRun;

  const warnings = checkUnknownFields(def, obj, mode);

  const requested = obj.metadata.name;
  const base = obj.metadata.generateName;
  if (!requested && base) obj.metadata.name = generateName(base);
  const namesVersion = !opts.managedFieldsDone && namesResourceVersion(obj);
  prepareMetaForCreate(obj, strategy.tracksGeneration, call.cluster, ctx.now);
  strategy.prepareForCreate(obj, ctx);
  checkNamespaceForCreate(reg.store, call, requested);
  const attrs: AdmissionAttributes = {
    operation: 'CREATE',
    def,
    ctx,
    namespace: call.namespace,
    name: obj.metadata.name ?? '',
    object: obj,
  };
  await reg.admission.admit(attrs, storageResource(def));
  throwIfInvalid(def, obj, validationErrors(def, obj, ctx));
  await reg.admission.validate(attrs, storageResource(def));
  if (attrs.warnings) warnings.push(...attrs.warnings);
  if (!opts.managedFieldsDone) {
    obj.metadata.managedFields = updateManagedFields(undefined, obj, {
      manager: opts.manager ?? fieldManagerOf(call),
      apiVersion: apiVersionOf(def),
      now: ctx.now,
      schema: schemaOf(def),
    });
  }
  if (dryRun) return ok(obj, 201, warnings);
  // etcd's create refuses an object that names a revision (after every check, and never for a dry run) with these
  // words; kube lets that through as a 500, but it is the client's mistake. A create through apply is not refused.
  if (namesVersion) throw badRequest('resourceVersion should not be set on objects to be created');

  const converted = toStorageConverted(def, obj);
  const storable = converted instanceof Promise ? await converted : converted;
  for (let attempt = 0; ; attempt++) {
    try {
      return asStored(reg, call, reg.store.create(keyFor(call, storable.metadata.name!), storable), 201, warnings);
    } catch (err) {
      if (!(err instanceof KeyExistsError)) throw err;
      if (requested || !base || attempt >= 8) throw alreadyExists(groupResource(def), storable.metadata.name!);
      storable.metadata.name = obj.metadata.name = generateName(base);
    }
  }
}

/**
 * The answer to a write: the object exactly as stored, reusing the store's JSON instead of serialising it again — or
 * converted back to the version written, for kinds that convert through a round trip.
 */
function asStored(
  reg: Registry,
  call: ResourceCall,
  stored: KObject,
  status: number,
  warnings: string[],
): CallResult | Promise<CallResult> {
  const { converter } = call.def.strategy;
  if (converter) return converter.toServed([stored]).then(([obj]) => ok(obj, status, warnings));
  const result = ok(fromStorage(call.def, stored), status, warnings);
  const raw = call.rawOk ? reg.store.serialized?.(stored) : undefined;
  if (raw !== undefined) result.raw = raw;
  return result;
}

/** kube's MethodNotSupported for a verb a subresource does not serve. */
export function notSupportedOnSubresource(def: ResourceDef, sub: string, verb: string): StatusError {
  return methodNotAllowedMessage(
    { group: '', resource: def.plural },
    `${verb} is not supported on resources of kind "${def.plural}/${sub}"`,
  );
}

export function keyFor(call: Pick<ResourceCall, 'cluster' | 'def' | 'namespace'>, name: string) {
  return { cluster: call.cluster, resource: storageResource(call.def), namespace: call.def.namespaced ? call.namespace : '', name };
}

export async function update(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const { def } = call;
  const pending = strategyPending(def);
  if (pending) await pending;
  writeOptions(call, 'UpdateOptions');
  const obj = asTypedObject(call.body, def);
  checkIdentity(def, call.namespace, call.name!, obj.metadata);
  const served = readServed(reg, call);
  if (!served) throw notFound(groupResource(def), call.name!);
  const old = served instanceof Promise ? await served : served;
  const userPrecondition = checkUpdatePrecondition(def, call.name!, obj, old);
  return storeUpdate(reg, call, obj, old, { expectedRV: Number(old.metadata.resourceVersion), userPrecondition });
}

/**
 * The stored object a write through `call` starts from, as this resource serves it (through its converter's round
 * trip if it has one: a promise then); undefined when there is none.
 */
export function readServed(reg: Registry, call: ResourceCall): KObject | undefined | Promise<KObject> {
  const stored = reg.store.get(keyFor(call, call.name!));
  return stored && fromStorageConverted(call.def, stored);
}

/**
 * The registry's compare-and-swap rule for an update: a resourceVersion the object names must be the stored one
 * (409 otherwise); naming none is an unconditional update, which the kind's strategy may not allow (custom
 * resources). Returns whether the object named one.
 */
export function checkUpdatePrecondition(def: ResourceDef, name: string, obj: KObject, old: KObject): boolean {
  const rv = resourceVersionOfObject(obj);
  if (rv === undefined) {
    if (!def.strategy.allowUnconditionalUpdate) {
      // kube names the resource here, not the kind, and prints the uint64 0 as %#v does.
      const gr = groupResource(def);
      throw invalid(
        qualifiedResource(gr),
        name,
        [fieldErr.invalid('metadata.resourceVersion', new GoSyntax('0x0'), 'must be specified for an update')],
        def.group || undefined,
      );
    }
    return false;
  }
  if (String(rv) !== old.metadata.resourceVersion) throw staleResourceVersion(groupResource(def), name);
  return true;
}

export interface StoreUpdateOptions extends WriteOptions {
  expectedRV: number;
  /** The client named a resourceVersion: a lost race is its 409, not ours to retry. */
  userPrecondition: boolean;
}

/** What an update through a subresource may do; a subresource that is not written as the object is not found here. */
function subresourceUpdateStrategy(def: ResourceDef, sub: string): UpdateStrategy {
  const handler = def.strategy.subresources[sub]?.updateStrategy;
  if (!handler) throw pathNotFound();
  return handler;
}

/** Thrown internally when a compare-and-swap lost a race the server may retry (patches). */
export class RetryableConflict extends Error {}

/**
 * The shared tail of PUT, PATCH and apply: `obj` is the desired object, `old` the stored one it was derived
 * from. Handles subresource scoping, server-owned metadata, generation, validation, admission, managedFields,
 * no-op detection, finalizer-driven deletion and the CAS write.
 */
export async function storeUpdate(
  reg: Registry,
  call: ResourceCall,
  desired: KObject,
  old: KObject,
  opts: StoreUpdateOptions,
): Promise<CallResult> {
  const { def, ctx } = call;
  const { strategy } = def;
  const { fieldValidation: mode, dryRun } = writeOptions(call);
  ctx.dryRun = dryRun;
  const sub = call.subresource;
  // A write through a subresource changes what that subresource may change; one through the resource, the rest.
  const endpoint = sub ? subresourceUpdateStrategy(def, sub) : strategy;
  const obj = endpoint.resetFields(desired, old);

  const warnings = checkUnknownFields(def, obj, mode);
  preserveMetaOnUpdate(obj, old);
  if (strategy.tracksGeneration && specChanged(obj, old, hasStatusSubresource(strategy))) {
    obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
  }
  endpoint.prepareForUpdate(obj, old, ctx);
  const attrs: AdmissionAttributes = {
    operation: 'UPDATE',
    def,
    ctx,
    namespace: call.namespace,
    name: call.name!,
    object: obj,
    oldObject: old,
  };
  if (sub) attrs.subresource = sub;
  await reg.admission.admit(attrs, storageResource(def));
  throwIfInvalid(def, obj, validationErrors(def, obj, ctx, old, endpoint));
  await reg.admission.validate(attrs, storageResource(def));
  if (attrs.warnings) warnings.push(...attrs.warnings);
  if (!opts.managedFieldsDone) {
    if (desired.metadata.managedFields === undefined) obj.metadata.managedFields = old.metadata.managedFields;
    const mfOpts: Parameters<typeof updateManagedFields>[2] = {
      manager: opts.manager ?? fieldManagerOf(call),
      apiVersion: apiVersionOf(def),
      now: ctx.now,
      schema: schemaOf(def),
    };
    if (sub) mfOpts.subresource = sub;
    obj.metadata.managedFields = updateManagedFields(old, obj, mfOpts);
  }
  obj.metadata.resourceVersion = old.metadata.resourceVersion;
  if (isNoop(obj, old)) return ok(old, 200, warnings);
  if (dryRun) return ok(obj, 200, warnings);

  const converted = toStorageConverted(def, obj);
  const storable = converted instanceof Promise ? await converted : converted;
  const key = keyFor(call, call.name!);
  const finished =
    Boolean(obj.metadata.deletionTimestamp) && (obj.metadata.finalizers ?? []).length === 0 && !strategy.hasPendingFinalizers(obj);
  try {
    if (finished) return asStored(reg, call, reg.store.delete(key, opts.expectedRV), 200, warnings);
    return asStored(reg, call, reg.store.update(key, storable, opts.expectedRV), 200, warnings);
  } catch (err) {
    if (err instanceof RevisionMismatchError) {
      if (opts.userPrecondition) throw staleResourceVersion(groupResource(def), call.name!);
      throw new RetryableConflict();
    }
    if (err instanceof KeyNotFoundError) throw notFound(groupResource(def), call.name!);
    throw err;
  }
}
