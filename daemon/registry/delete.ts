// DELETE and DELETE-collection, with preconditions, propagation policies (finalizers the garbage collector
// acts on) and graceful deletion through metadata.finalizers; what a kind adds (objects it never lets go,
// finalizers of its own, what deletion changes, the deleted object or a Status as the answer) is its strategy's.
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../apimachinery/finalizers.js';
import { conflict, notFound, successStatus } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { ok, type CallResult, type ObjectList, type ResourceCall } from './call.js';
import { apiVersionOf, groupResource, storageResource } from './keys.js';
import { clone, timestamp } from './meta.js';
import { list } from './read.js';
import type { Registry } from './registry.js';
import { fromStorageConverted } from './stored-as.js';
import { deleteOptionsOf as parseDeleteOptions, listOptionsOf, type DeleteOptions, type PropagationPolicy } from './options.js';
import type { ResourceDef } from './types.js';
import { keyFor } from './write.js';

export type { DeleteOptions, PropagationPolicy } from './options.js';

/** A call's DeleteOptions: its body's, or its query's when it has no body; validated (see options.ts). */
export function deleteOptionsOf(call: ResourceCall): DeleteOptions {
  return parseDeleteOptions(call.body, call.query);
}

function policyOf(opts: DeleteOptions): PropagationPolicy {
  if (opts.propagationPolicy) return opts.propagationPolicy;
  if (opts.orphanDependents === true) return 'Orphan';
  return 'Background';
}

export async function remove(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const opts = deleteOptionsOf(call);
  call.def.strategy.checkDelete(call.name!);
  return deleteNamed(reg, call, call.name!, opts, (opts.dryRun ?? []).length > 0);
}

export async function deleteNamed(
  reg: Registry,
  call: ResourceCall,
  name: string,
  opts: DeleteOptions,
  dryRun: boolean,
): Promise<CallResult> {
  const { def, ctx } = call;
  const { strategy } = def;
  const gr = groupResource(def);
  const key = keyFor(call, name);
  for (;;) {
    const old = reg.store.get(key);
    if (!old) throw notFound(gr, name);
    checkPreconditions(def, old, opts.preconditions);
    const policy = policyOf(opts);
    const finalizers = [...(old.metadata.finalizers ?? [])];
    if (old.metadata.deletionTimestamp) {
      // Already being deleted: a new policy may still add its finalizer (kube lets Orphan/Foreground switch).
      const want = policy === 'Foreground' ? FOREGROUND_FINALIZER : policy === 'Orphan' ? ORPHAN_FINALIZER : undefined;
      if (!want || finalizers.includes(want) || dryRun) return answer(def, old);
      const next = clone(old);
      next.metadata.finalizers = [...finalizers, want];
      try {
        return answer(def, reg.store.update(key, next, Number(old.metadata.resourceVersion)));
      } catch (err) {
        if (err instanceof RevisionMismatchError) continue;
        throw err;
      }
    }
    const served = fromStorageConverted(def, old);
    await reg.admission.run(
      { operation: 'DELETE', def, ctx, namespace: call.namespace, name, oldObject: served instanceof Promise ? await served : served },
      storageResource(def),
    );
    if (policy === 'Foreground' && !finalizers.includes(FOREGROUND_FINALIZER)) finalizers.push(FOREGROUND_FINALIZER);
    if (policy === 'Orphan' && !finalizers.includes(ORPHAN_FINALIZER)) finalizers.push(ORPHAN_FINALIZER);
    const pending = finalizers.length > 0 || strategy.hasPendingFinalizers(old);
    if (pending) {
      const next = clone(old);
      next.metadata.deletionTimestamp = timestamp(ctx.now);
      next.metadata.deletionGracePeriodSeconds = 0;
      if (finalizers.length) next.metadata.finalizers = finalizers;
      if ((next.metadata.generation ?? 0) > 0) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
      strategy.prepareForDelete(next, ctx);
      if (dryRun) return answer(def, next);
      try {
        return answer(def, reg.store.update(key, next, Number(old.metadata.resourceVersion)));
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
    // kube's ReturnDeletedObject: custom resources answer with the deleted object, typed stores with a Status.
    if (strategy.returnDeletedObject) return answer(def, gone);
    const details: { name: string; group?: string; kind: string; uid?: string } = { name, kind: def.plural };
    if (def.group) details.group = def.group;
    if (old.metadata.uid) details.uid = old.metadata.uid;
    return ok(successStatus(details));
  }
}

/** An object read from storage as the answer, converted to the version asked for (through a round trip if need be). */
function answer(def: ResourceDef, stored: KObject): CallResult | Promise<CallResult> {
  const served = fromStorageConverted(def, stored);
  return served instanceof Promise ? served.then((o) => ok(o)) : ok(served);
}

export async function removeCollection(reg: Registry, call: ResourceCall): Promise<CallResult> {
  const listOpts = listOptionsOf(call.query);
  const opts = deleteOptionsOf(call);
  const dryRun = (opts.dryRun ?? []).length > 0;
  // Every selected object goes, whatever page the query asked for.
  const page = list(reg, call, { ...listOpts, limit: 0, continue: '' });
  const listed = (page instanceof Promise ? await page : page).body as ObjectList;
  const deleted: KObject[] = [];
  let refused: Error | undefined;
  for (const item of listed.items) {
    const ns = item.metadata.namespace ?? '';
    // kube deletes the others and answers the refusal.
    try {
      call.def.strategy.checkDelete(item.metadata.name!);
    } catch (err) {
      refused ??= err as Error;
      continue;
    }
    try {
      const r = await deleteNamed(reg, { ...call, namespace: ns }, item.metadata.name!, opts, dryRun);
      const body = r.body as KObject;
      deleted.push(body.kind === 'Status' ? item : body);
    } catch (err) {
      if ((err as { code?: number }).code === 404) continue;
      throw err;
    }
  }
  if (refused) throw refused;
  return ok({
    kind: call.def.listKind,
    apiVersion: apiVersionOf(call.def),
    metadata: { resourceVersion: String(reg.store.revision()) },
    items: deleted,
  });
}

/**
 * rest.BeforeDelete checks preconditions before anything else happens, naming the object by its kind: a uid or
 * resourceVersion that is given (even empty) must be the object's.
 */
function checkPreconditions(def: ResourceDef, obj: KObject, pre: DeleteOptions['preconditions']): void {
  if (!pre) return;
  const gk = { group: def.group, resource: def.kind };
  const name = obj.metadata.name ?? '';
  if (pre.uid !== undefined && pre.uid !== (obj.metadata.uid ?? '')) {
    throw conflict(
      gk,
      name,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${obj.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (pre.resourceVersion !== undefined && pre.resourceVersion !== (obj.metadata.resourceVersion ?? '')) {
    throw conflict(
      gk,
      name,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${obj.metadata.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
}
