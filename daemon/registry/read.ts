// GET and LIST.
import { badRequest, notFound, timeout } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { ok, type CallResult, type ObjectList, type ResourceCall } from './call.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { apiVersionOf, groupResource, storageResource } from './keys.js';
import type { Registry } from './registry.js';
import { scaleOf } from './scale.js';
import { compileSelectors } from './selectors.js';

/**
 * Custom resources may be stored through any served version; with conversion `None` serving one in another version
 * is only a matter of its apiVersion.
 */
export function asServedVersion(def: ResourceCall['def'], obj: KObject): KObject {
  const apiVersion = apiVersionOf(def);
  return !def.crd || obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

export function getObject(reg: Registry, call: ResourceCall): KObject {
  const obj = reg.store.get({ cluster: call.cluster, resource: storageResource(call.def), namespace: call.namespace, name: call.name! });
  if (!obj) throw notFound(groupResource(call.def), call.name!);
  return obj;
}

export function get(reg: Registry, call: ResourceCall): CallResult {
  checkReadResourceVersion(reg, call.query);
  if (call.rawOk && call.subresource !== 'scale') {
    const raw = reg.store.getRaw({ cluster: call.cluster, resource: storageResource(call.def), namespace: call.namespace, name: call.name! });
    if (raw === undefined) throw notFound(groupResource(call.def), call.name!);
    return { status: 200, body: undefined, raw };
  }
  const obj = getObject(reg, call);
  if (call.subresource === 'scale') return ok(scaleOf(call.def, obj));
  return ok(asServedVersion(call.def, obj));
}

/** A resourceVersion newer than anything committed can only come from another server: kube waits, then 504s. */
function checkReadResourceVersion(reg: Registry, query: URLSearchParams): void {
  const rv = query.get('resourceVersion');
  if (!rv || rv === '0') return;
  const n = Number(rv);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`invalid resource version: ${rv}`);
  if (n > reg.store.revision()) throw timeout(`Too large resource version: ${n}, current: ${reg.store.revision()}`, 1);
}

export function list(reg: Registry, call: ResourceCall): CallResult {
  const { def, query } = call;
  const predicate = compileSelectors(def, query);
  const limitText = query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  if (limitText && (!Number.isInteger(limit) || limit < 0)) throw badRequest(`invalid limit: ${limitText}`);
  const cont = query.get('continue');
  const rvMatch = query.get('resourceVersionMatch');
  const rv = query.get('resourceVersion');
  if (rvMatch && rvMatch !== 'Exact' && rvMatch !== 'NotOlderThan') {
    throw badRequest(`resourceVersionMatch: Unsupported value: "${rvMatch}": supported values: "Exact", "NotOlderThan"`);
  }
  if (cont && rv && rv !== '0') throw badRequest('specifying resource version is not allowed when using continue');
  checkReadResourceVersion(reg, query);

  const after = cont ? decodeContinue(cont, reg.store.oldestRevision()) : undefined;
  const scope = { cluster: call.cluster, resource: storageResource(def), ...(def.namespaced && call.namespace ? { namespace: call.namespace } : {}) };
  const opts: Parameters<typeof reg.store.list>[1] = {};
  if (limit > 0) opts.limit = limit;
  if (after) opts.after = { cluster: after.cluster, namespace: after.namespace, name: after.name };
  if (predicate) opts.filter = predicate;
  if (call.rawOk) {
    // Stored objects are already JSON: splice them into the list without parsing or re-serialising.
    const page = reg.store.listRaw(scope, opts);
    const listRV = after ? after.rv : page.rv;
    const meta: ObjectList['metadata'] = { resourceVersion: String(listRV) };
    if (page.next) {
      meta.continue = encodeContinue({ rv: listRV, ...page.next });
      if (!predicate && !after) {
        const remaining = reg.store.count(scope) - page.items.length;
        if (remaining > 0) meta.remainingItemCount = remaining;
      }
    }
    const head = JSON.stringify({ kind: def.listKind, apiVersion: apiVersionOf(def), metadata: meta });
    return { status: 200, body: undefined, raw: `${head.slice(0, -1)},"items":[${page.items.join(',')}]}` };
  }
  const page = reg.store.list(scope, opts);
  // Every page of one list reports the first page's revision, so clients resume watches consistently.
  const listRV = after ? after.rv : page.rv;
  const out: ObjectList = {
    kind: def.listKind,
    apiVersion: apiVersionOf(def),
    metadata: { resourceVersion: String(listRV) },
    items: call.def.crd ? page.items.map((o) => asServedVersion(call.def, o)) : page.items,
  };
  if (page.next) {
    out.metadata.continue = encodeContinue({ rv: listRV, ...page.next });
    // Exact only for an unfiltered first page; later pages would need the count at the first page's revision.
    if (!predicate && !after) {
      const remaining = reg.store.count(scope) - page.items.length;
      if (remaining > 0) out.metadata.remainingItemCount = remaining;
    }
  }
  return ok(out);
}
