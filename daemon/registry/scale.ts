// The scale subresource (`<plural>/<name>/scale`): the autoscaling/v1 Scale view of a resource whose replica counts
// sit at the paths its ScaleSpec names (CRDs' subresources.scale). Read as a Scale, written (PUT or PATCH of a Scale)
// by storing the new spec.replicas into the resource.
import { isObject } from '../apimachinery/is-object.js';
import { badRequest, fieldErr, invalid, notFound, staleResourceVersion } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { ok, type CallResult, type ResourceCall } from './call.js';
import { checkIdentity } from './identity.js';
import { groupResource } from './keys.js';
import { clone } from './meta.js';
import { applyPatchDocument, patch } from './patch.js';
import { MERGE_PATCH, STRATEGIC_PATCH } from './patch-types.js';
import { checkGetOptions } from './read.js';
import type { Registry } from './registry.js';
import type { SubresourceHandler } from './strategy.js';
import { decodeComponent } from './typecheck.js';
import type { ScaleSpec } from './types.js';
import { readServed, resourceVersionOfObject, RetryableConflict, storeUpdate, writeOptions } from './write.js';

const SCALE_KIND = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
const SCALE_COMPONENT = 'io.k8s.api.autoscaling.v1.Scale';
const MAX_ATTEMPTS = 8;

export function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function writePath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur = obj;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === null || typeof next !== 'object') cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

export function scaleOf(spec: ScaleSpec, obj: KObject): KObject {
  const m = obj.metadata;
  const status: Record<string, unknown> = { replicas: Number(readPath(obj, spec.statusReplicasPath) ?? 0) };
  if (spec.labelSelectorPath) {
    const sel = readPath(obj, spec.labelSelectorPath);
    if (typeof sel === 'string') status['selector'] = sel;
  }
  const meta: KObject['metadata'] = {
    name: m.name,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp ?? null,
  };
  if (m.namespace) meta.namespace = m.namespace;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: { replicas: Number(readPath(obj, spec.specReplicasPath) ?? 0) },
    status,
  };
}

/** The scale subresource of a resource whose replica counts sit where `spec` says. */
export function scaleSubresource(spec: ScaleSpec): SubresourceHandler {
  return {
    kind: SCALE_KIND,
    verbs: ['get', 'patch', 'update'],
    // The replica paths are the served version's: an object stored in another version is read as served first
    // (through a conversion webhook when the resource has one).
    async get(reg, call) {
      checkGetOptions(reg, call);
      return ok(scaleOf(spec, await servedObject(reg, call)));
    },
    update: (reg, call) => updateScale(reg, call, spec),
    patch: (reg, call) => patch(reg, call, (r, c, type) => patchScale(r, c, type, spec)),
  };
}

/** PATCH …/scale: patch the Scale view, write spec.replicas back to the resource's own field. */
async function patchScale(reg: Registry, call: ResourceCall, type: string, spec: ScaleSpec): Promise<CallResult> {
  const old = await servedObject(reg, call);
  const scale = applyPatchDocument(
    type === STRATEGIC_PATCH ? MERGE_PATCH : type,
    scaleOf(spec, old),
    call.body,
    undefined,
    writeOptions(call).fieldValidation,
  ) as KObject;
  checkIdentity(call.def, call.namespace, call.name!, isObject(scale) && isObject(scale.metadata) ? scale.metadata : {});
  // A resourceVersion left in (or put into) the Scale is a precondition on the resource it scales; the patch is
  // re-applied to a fresh read when its write loses a race.
  checkScalePrecondition(call, scale, old);
  decodeComponent(SCALE_COMPONENT, SCALE_KIND, scale, { via: 'patch' });
  return writeScale(reg, call, spec, scale, old, false);
}

/** PUT …/scale: a Scale whose spec.replicas the resource takes; a resourceVersion in it is the client's precondition. */
async function updateScale(reg: Registry, call: ResourceCall, spec: ScaleSpec): Promise<CallResult> {
  writeOptions(call, 'UpdateOptions');
  const scale = call.body;
  if (!isObject(scale)) throw badRequest(`Object '${SCALE_KIND.kind}' is missing in the request body: expected a JSON object`);
  decodeComponent(SCALE_COMPONENT, SCALE_KIND, scale);
  const body = scale as KObject;
  body.metadata ??= {};
  checkIdentity(call.def, call.namespace, call.name!, body.metadata);
  for (let tries = 0; ; tries++) {
    const old = await servedObject(reg, call);
    checkScalePrecondition(call, body, old);
    try {
      return await writeScale(reg, call, spec, body, old, resourceVersionOfObject(body) !== undefined);
    } catch (err) {
      if (err instanceof RetryableConflict && tries < MAX_ATTEMPTS) continue;
      if (err instanceof RetryableConflict) throw staleResourceVersion(groupResource(call.def), call.name!);
      throw err;
    }
  }
}

/** The resource as this version serves it: storeUpdate takes the old object in the served version. */
async function servedObject(reg: Registry, call: ResourceCall): Promise<KObject> {
  const served = readServed(reg, call);
  if (!served) throw notFound(groupResource(call.def), call.name!);
  return served;
}

function checkScalePrecondition(call: ResourceCall, scale: KObject, old: KObject): void {
  const named = resourceVersionOfObject(scale);
  if (named !== undefined && String(named) !== old.metadata.resourceVersion)
    throw staleResourceVersion(groupResource(call.def), call.name!);
}

async function writeScale(
  reg: Registry,
  call: ResourceCall,
  spec: ScaleSpec,
  scale: KObject,
  old: KObject,
  userPrecondition: boolean,
): Promise<CallResult> {
  const replicas = readPath(scale, '.spec.replicas');
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid(
      'Scale.autoscaling',
      call.name!,
      [fieldErr.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')],
      'autoscaling',
    );
  }
  const obj = clone(old);
  writePath(obj, spec.specReplicasPath, replicas);
  const result = await storeUpdate(reg, { ...call, subresource: undefined }, obj, old, {
    expectedRV: Number(old.metadata.resourceVersion),
    userPrecondition,
  });
  return { ...result, body: scaleOf(spec, result.body as KObject) };
}
