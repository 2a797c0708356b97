// DELETE and DELETE-collection, with preconditions, propagation policies (finalizers the garbage collector
// acts on) and graceful deletion through metadata.finalizers.
import { badRequest, conflict, fieldErr, invalid, notFound, successStatus } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { ok, type CallResult, type ObjectList, type ResourceCall } from './call.js';
import { apiVersionOf, groupResource, storageResource } from './keys.js';
import { clone, timestamp } from './meta.js';
import { list } from './read.js';
import type { Registry } from './registry.js';
import { decodeDeleteOptions } from './typecheck.js';
import { isDryRun, keyFor } from './write.js';

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export function deleteOptionsOf(call: ResourceCall): DeleteOptions {
  const opts: DeleteOptions = {};
  const body = call.body;
  if (body !== undefined && body !== null) {
    if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('DeleteOptions must be an object');
    decodeDeleteOptions(body);
    Object.assign(opts, body);
  }
  const q = call.query;
  const pp = q.get('propagationPolicy');
  if (pp) opts.propagationPolicy = pp as PropagationPolicy;
  if (q.has('orphanDependents')) opts.orphanDependents = q.get('orphanDependents') === 'true';
  if (q.has('gracePeriodSeconds')) opts.gracePeriodSeconds = Number(q.get('gracePeriodSeconds'));
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw invalid('DeleteOptions.meta.k8s.io', '', [
      fieldErr.notSupported('propagationPolicy', opts.propagationPolicy, ['Foreground', 'Background', 'Orphan']),
    ]);
  }
  if (opts.propagationPolicy && opts.orphanDependents !== undefined) {
    throw invalid('DeleteOptions.meta.k8s.io', '', [
      fieldErr.invalid('propagationPolicy', opts.propagationPolicy, 'orphanDependents and deletionPropagation cannot be both set'),
    ]);
  }
  return opts;
}

function policyOf(opts: DeleteOptions): PropagationPolicy {
  if (opts.propagationPolicy) return opts.propagationPolicy;
  if (opts.orphanDependents === true) return 'Orphan';
  return 'Background';
}

export async function remove(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const opts = deleteOptionsOf(call);
  const dryRun = isDryRun(call.query) || (opts.dryRun ?? []).includes('All');
  return deleteNamed(reg, call, call.name!, opts, dryRun);
}

export async function deleteNamed(reg: Registry, call: ResourceCall, name: string, opts: DeleteOptions, dryRun: boolean): Promise<CallResult> {
  const { def, ctx } = call;
  const gr = groupResource(def);
  const key = keyFor(call, name);
  for (;;) {
    const old = reg.store.get(key);
    if (!old) throw notFound(gr, name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== old.metadata.uid) {
      throw conflict(gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(gr, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${old.metadata.resourceVersion}`);
    }
    const policy = policyOf(opts);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (old.metadata.deletionTimestamp) {
      // Already being deleted: a new policy may still add its finalizer (kube lets Orphan/Foreground switch).
      const want = policy === 'Foreground' ? FOREGROUND_FINALIZER : policy === 'Orphan' ? ORPHAN_FINALIZER : undefined;
      if (!want || finalizers.includes(want) || dryRun) return ok(old);
      const next = clone(old);
      next.metadata.finalizers = [...finalizers, want];
      try {
        return ok(reg.store.update(key, next, Number(old.metadata.resourceVersion)));
      } catch (err) {
        if (err instanceof RevisionMismatchError) continue;
        throw err;
      }
    }
    await reg.admission.run({ operation: 'DELETE', def, ctx, namespace: call.namespace, name, oldObject: old }, storageResource(def));
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
    const pending = finalizers.length > 0 || Boolean(def.hooks?.hasPendingFinalizers?.(old));
    if (pending) {
      const next = clone(old);
      next.metadata.deletionTimestamp = timestamp(ctx.now);
      next.metadata.deletionGracePeriodSeconds = 0;
      if (finalizers.length) next.metadata.finalizers = finalizers;
      if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
      def.hooks?.prepareForDelete?.(next, ctx);
      if (dryRun) return ok(next);
      try {
        return ok(reg.store.update(key, next, Number(old.metadata.resourceVersion)));
      } catch (err) {
        if (err instanceof RevisionMismatchError) continue;
        if (err instanceof KeyNotFoundError) throw notFound(gr, name);
        throw err;
      }
    }
    let gone: KObject = old;
    if (!dryRun) {
      try {
        gone = reg.store.delete(key, Number(old.metadata.resourceVersion));
      } catch (err) {
        if (err instanceof RevisionMismatchError) continue;
        if (err instanceof KeyNotFoundError) throw notFound(gr, name);
        throw err;
      }
    }
    // Custom resources answer with the deleted object; kube's typed stores answer with a Status.
    if (def.crd) return ok(gone);
    const details: { name: string; group?: string; kind: string; uid?: string } = { name, kind: def.plural };
    if (def.group) details.group = def.group;
    if (old.metadata.uid) details.uid = old.metadata.uid;
    return ok(successStatus(details));
  }
}

export async function removeCollection(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const opts = deleteOptionsOf(call);
  const dryRun = isDryRun(call.query) || (opts.dryRun ?? []).includes('All');
  const listed = list(reg, { ...call, query: withoutPaging(call.query) }).body as ObjectList;
  const deleted: KObject[] = [];
  for (const item of listed.items) {
    const ns = item.metadata.namespace ?? '';
    try {
      const r = await deleteNamed(reg, { ...call, namespace: ns }, item.metadata.name!, opts, dryRun);
      const body = r.body as KObject;
      deleted.push(body.kind === 'Status' ? item : body);
    } catch (err) {
      if ((err as { code?: number }).code === 404) continue;
      throw err;
    }
  }
  return ok({ kind: call.def.listKind, apiVersion: apiVersionOf(call.def), metadata: { resourceVersion: String(reg.store.revision()) }, items: deleted });
}

function withoutPaging(q: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams(q);
  out.delete('limit');
  out.delete('continue');
  return out;
}
