// GET and LIST.
import { badRequest, notFound, timeout } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { ok, type CallResult, type ObjectList, type ResourceCall } from './call.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { apiVersionOf, groupResource, storageResource } from './keys.js';
import type { Registry } from './registry.js';
import { getOptionsOf, listOptionsOf, parseResourceVersion, type ListOptions } from './options.js';
import { compileSelectors } from './selectors.js';
import { fromStorage } from './stored-as.js';
import type { ResourceStrategy } from './strategy.js';

export function getObject(reg: Registry, call: ResourceCall): KObject {
  const obj = reg.store.get({ cluster: call.cluster, resource: storageResource(call.def), namespace: call.namespace, name: call.name! });
  if (!obj) throw notFound(groupResource(call.def), call.name!);
  return obj;
}

/** The GetOptions a GET carries, checked. */
export function checkGetOptions(reg: Registry, call: ResourceCall): void {
  const { resourceVersion } = getOptionsOf(call.query);
  // kube reads a GET without a resourceVersion from storage, and one with a resourceVersion from the watch cache.
  if (resourceVersion !== '') checkNotNewer(reg, parseResourceVersion(resourceVersion));
}

/** A promise only for kinds that convert through a round trip (see ObjectConverter). */
export function get(reg: Registry, call: ResourceCall): CallResult | Promise<CallResult> {
  checkGetOptions(reg, call);
  if (call.rawOk) {
    const raw = reg.store.getRaw({
      cluster: call.cluster,
      resource: storageResource(call.def),
      namespace: call.namespace,
      name: call.name!,
    });
    if (raw === undefined) throw notFound(groupResource(call.def), call.name!);
    return { status: 200, body: undefined, raw: servedText(call.def.strategy, raw) };
  }
  const { strategy } = call.def;
  if (strategy.converter) return strategy.converter.toServed([getObject(reg, call)]).then(([obj]) => ok(obj));
  return ok(strategy.served(getObject(reg, call)));
}

/** A stored object's JSON as served: untouched when the kind serves it as stored, else parsed, served and serialised. */
function servedText(strategy: ResourceStrategy, json: string): string {
  if (strategy.storedIsServed || strategy.servesStoredText?.(json)) return json;
  return JSON.stringify(strategy.served(JSON.parse(json) as KObject));
}

/** A resourceVersion newer than anything committed can only come from another server: kube waits, then 504s. */
function checkNotNewer(reg: Registry, rv: number): void {
  if (rv > reg.store.revision()) throw timeout(`Too large resource version: ${rv}, current: ${reg.store.revision()}`, 1);
}

/** A promise only for kinds that convert through a round trip (see ObjectConverter): a page is one round trip. */
export function list(reg: Registry, call: ResourceCall, listOpts?: ListOptions): CallResult | Promise<CallResult> {
  const { def, query } = call;
  const opts = listOpts ?? listOptionsOf(query);
  const predicate = compileSelectors(def, opts);
  const limit = opts.limit > 0 ? opts.limit : 0;
  const cont = opts.continue;
  let after: ReturnType<typeof decodeContinue> | undefined;
  if (cont) {
    after = decodeContinue(cont, reg.store.oldestRevision());
    // A continuation carries its own revision; storage refuses another one beside it (but never parses it).
    if (opts.resourceVersion !== '' && opts.resourceVersion !== '0')
      throw badRequest('specifying resource version is not allowed when using continue');
  } else {
    checkNotNewer(reg, parseResourceVersion(opts.resourceVersion));
  }

  const scope = {
    cluster: call.cluster,
    resource: storageResource(def),
    ...(def.namespaced && call.namespace ? { namespace: call.namespace } : {}),
  };
  const storeOpts: Parameters<typeof reg.store.list>[1] = {};
  if (limit > 0) storeOpts.limit = limit;
  if (after) storeOpts.after = { cluster: after.cluster, namespace: after.namespace, name: after.name };
  if (predicate) storeOpts.filter = def.storedAs ? (o) => predicate(fromStorage(def, o)) : predicate;
  if (call.rawOk) {
    // Stored objects are already JSON: splice them into the list without parsing or re-serialising.
    const page = reg.store.listRaw(scope, storeOpts);
    const listRV = after && after.rv > 0 ? after.rv : page.rv;
    const meta: ObjectList['metadata'] = { resourceVersion: String(listRV) };
    if (page.next) {
      meta.continue = encodeContinue({ rv: listRV, ...page.next });
      if (!predicate && !after) {
        const remaining = reg.store.count(scope) - page.items.length;
        if (remaining > 0) meta.remainingItemCount = remaining;
      }
    }
    const head = JSON.stringify({ kind: def.listKind, apiVersion: apiVersionOf(def), metadata: meta });
    const { strategy } = def;
    const items = strategy.storedIsServed ? page.items : page.items.map((json) => servedText(strategy, json));
    return { status: 200, body: undefined, raw: `${head.slice(0, -1)},"items":[${items.join(',')}]}` };
  }
  const page = reg.store.list(scope, storeOpts);
  // Every page of one list reports the first page's revision, so clients resume watches consistently.
  const listRV = after && after.rv > 0 ? after.rv : page.rv;
  const out: ObjectList = {
    kind: def.listKind,
    apiVersion: apiVersionOf(def),
    metadata: { resourceVersion: String(listRV) },
    items: def.strategy.storedIsServed || def.strategy.converter ? page.items : page.items.map((o) => def.strategy.served(o)),
  };
  if (page.next) {
    out.metadata.continue = encodeContinue({ rv: listRV, ...page.next });
    // Exact only for an unfiltered first page; later pages would need the count at the first page's revision.
    if (!predicate && !after) {
      const remaining = reg.store.count(scope) - page.items.length;
      if (remaining > 0) out.metadata.remainingItemCount = remaining;
    }
  }
  const { converter } = def.strategy;
  if (converter) return converter.toServed(out.items, true).then((items) => ok({ ...out, items }));
  return ok(out);
}
