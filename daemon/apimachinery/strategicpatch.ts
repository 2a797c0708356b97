// Kubernetes strategic merge patch, as k8s.io/apimachinery's StrategicMergeMapPatch applies it (MergeParallelList
// and IgnoreUnmatchedNulls on): maps merge, lists follow the schema's patch strategy and merge key, and the
// `$patch`, `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives kubectl sends are
// honoured, with kube's element order. Unlike kube's, every step is linear or n·log n in the list sizes (merge
// keys and values are looked up in maps, never by scanning), so a 3 MiB patch of a 3 MiB object stays cheap.
//
// Malformed patches are refused with kube's messages: 400 where kube interprets the error (ErrBadPatchFormat*),
// 422 for lists of lists; kube hands its other patch errors (an unknown $patch, a $setElementOrder that is not a
// list, a missing merge key…) to its writer uninterpreted, as 500s — here they are the client's 400s.
import { goTypeOf, goValue } from './gostrings.js';
import { isObject } from './is-object.js';
import { badRequest, invalidPatch } from './status.js';
import type { Schema } from './types.js';

type Obj = Record<string, unknown>;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Assignment that never touches a prototype (`__proto__` in a patch is just a key). */
function set(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Applies `patch` (a JSON object) to `original`, which is modified and returned; `patch` is left as it was (a
 * conflict retry applies it again) and nothing of it is shared with the result.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema?: Schema): unknown {
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${jsonKind(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(isObject(original) ? original : {}, patch, schema);
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function fieldSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const p = schema.properties?.[key];
  if (p) return p;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** extractRetainKeysPatchStrategy: the field's strategy besides retainKeys ("merge", "replace" or none). */
function patchStrategy(schema: Schema | undefined): string {
  const raw = schema?.['x-kubernetes-patch-strategy'];
  if (!raw) return '';
  const strategies = raw.split(',');
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : strategies[0]!;
  if (strategies.length === 2 && strategies.includes('retainKeys')) return strategies.find((s) => s !== 'retainKeys')!;
  throw badRequest(`unexpected patch strategy: [${strategies.join(' ')}]`);
}

function mergeKeyOf(schema: Schema | undefined): string {
  return schema?.['x-kubernetes-patch-merge-key'] ?? '';
}

/** The Go kind of a decoded JSON value, as reflect.TypeOf tells maps, slices and scalars apart. */
type Kind = 'map' | 'slice' | 'string' | 'int' | 'float' | 'bool' | 'nil';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/**
 * Go's == between decoded scalars (a merge key value, a primitive list item), as a Map key: scalars are their own
 * keys (a Map keeps "1" and 1 apart, as Go keeps string and int64 apart). kube panics comparing maps or lists;
 * here equal JSON is equal.
 */
type Identity = string | number | boolean | null;

function identity(v: unknown): Identity {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') return `\u0000${JSON.stringify(v)}`;
  return v as string | number | boolean;
}

/** %s of a $patch value in ErrBadPatchType. */
function goS(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (typeof v === 'number') return `%!s(${Number.isInteger(v) ? 'int64' : 'float64'}=${goValue(v)})`;
  if (typeof v === 'boolean') return `%!s(bool=${v})`;
  return goValue(v);
}

const badPatchType = (t: unknown, m: Obj) => badRequest(`unknown patch type: ${goS(t)} in map: ${goValue(m)}`);
const noMergeKey = (m: Obj, key: string) => badRequest(`map: ${goValue(m)} does not contain declared merge key: ${key}`);
const badArgType = (expected: string, actual: unknown) =>
  badRequest(`expected a ${expected}, but received a ${actual == null ? '%!s(<nil>)' : goTypeOf(actual)}`);

/** A value from the patch, copied for the result, without directive keys or directive elements. */
function strip(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const el of v) if (!(isObject(el) && hasOwn(el, DIRECTIVE))) out.push(strip(el));
    return out;
  }
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) if (!k.startsWith('$')) set(out, k, strip(v[k]));
  return out;
}

/** What a patch value becomes where the original has nothing: merged into an empty value (nulls dropped). */
function fresh(v: unknown, schema: Schema | undefined): unknown {
  return isObject(v) ? mergeMap({}, v, schema) : strip(v);
}

function mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Obj {
  if (hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    if (directive === 'replace') return strip(patch) as Obj;
    if (directive === 'delete') return {};
    throw badPatchType(directive, patch);
  }
  const done = new Set<string>();
  applyRetainKeys(original, patch, done);
  mergeElementOrders(original, patch, schema, done);
  for (const k of Object.keys(patch)) {
    if (done.has(k)) continue;
    let key = k;
    let deleteList = false;
    if (k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      key = extractKey(k, DELETE_FROM_PRIMITIVE_LIST);
      deleteList = true;
    } else if (k.startsWith('$')) {
      throw badRequest(`unknown patch directive ${k}`);
    }
    const pv = patch[k];
    if (pv === null) {
      delete original[key];
      continue;
    }
    const fs = fieldSchema(schema, key);
    const ov = hasOwn(original, key) ? original[key] : undefined;
    if (ov === undefined || ov === null) {
      // Nothing to delete from a list that is not there.
      if (!deleteList) set(original, key, fresh(pv, fs));
      continue;
    }
    const kind = kindOf(ov);
    if (kind !== kindOf(pv)) {
      set(original, key, fresh(pv, fs));
      continue;
    }
    if (kind === 'map') {
      set(original, key, patchStrategy(fs) === 'replace' ? strip(pv) : mergeMap(ov as Obj, pv as Obj, fs));
    } else if (kind === 'slice') {
      set(
        original,
        key,
        patchStrategy(fs) === 'merge' ? mergeSlice(ov as unknown[], pv as unknown[], fs?.items, mergeKeyOf(fs), deleteList) : strip(pv),
      );
    } else {
      set(original, key, pv);
    }
  }
  return original;
}

/** `$retainKeys`: every other key the patch sets must be listed, and the original keeps only listed keys. */
function applyRetainKeys(original: Obj, patch: Obj, done: Set<string>): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  done.add(RETAIN_KEYS);
  const list = patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set(list.filter((k): k is string => typeof k === 'string'));
  for (const k of Object.keys(patch)) {
    if (k === RETAIN_KEYS || patch[k] === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!keep.has(k)) throw badRequest('invalid patch format of retainKeys');
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw badRequest(
      prefix === DELETE_FROM_PRIMITIVE_LIST ? 'invalid patch format of primitive list' : 'invalid patch format of setElementOrder list',
    );
  }
  return key.slice(slash + 1);
}

/** `$setElementOrder/<list>`: merges the list (if the patch has it too) and orders the result by the directive. */
function mergeElementOrders(original: Obj, patch: Obj, schema: Schema | undefined, done: Set<string>): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    done.add(key);
    const order = patch[key];
    if (!Array.isArray(order)) throw badArgType('[]interface {}', order);
    const field = extractKey(key, SET_ELEMENT_ORDER);
    const foundOriginal = hasOwn(original, field);
    const foundPatch = hasOwn(patch, field);
    let ov: unknown[] | undefined;
    let pv: unknown[] | undefined;
    if (foundOriginal) {
      if (!Array.isArray(original[field])) throw badArgType('[]interface {}', original[field]);
      ov = original[field] as unknown[];
    }
    if (foundPatch) {
      if (!Array.isArray(patch[field])) throw badArgType('[]interface {}', patch[field]);
      pv = patch[field] as unknown[];
    }
    const fs = fieldSchema(schema, field);
    const mergeKey = mergeKeyOf(fs);
    checkOrderAgainstPatch(pv ?? [], order, mergeKey);
    let merged: unknown[];
    if (ov && !pv) merged = ov;
    else if (!ov && pv) merged = strip(pv) as unknown[];
    else if (ov && pv) merged = patchStrategy(fs) === 'merge' ? mergeSlice(ov, pv, fs?.items, mergeKey, false) : (strip(pv) as unknown[]);
    else continue;
    const { inList, notInList } = partition(merged, order, mergeKey);
    const kind = elementKind([ov ?? [], pv ?? []]);
    set(original, field, normalizeElementOrder(inList, notInList, order, ov ?? [], mergeKey, kind));
    done.add(field);
  }
}

/** validatePatchWithSetOrderList: the patch's items must appear in the directive, in the same relative order. */
function checkOrderAgainstPatch(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const items = mergeKey ? splitDeletions(patchList).keep : patchList;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isObject(item) && hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameMergeKey(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw badRequest(`The order in patch list:\n${goValue(patchList)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goValue(order)}\n`);
  }
}

function sameMergeKey(left: unknown, right: unknown, mergeKey: string): boolean {
  if (!mergeKey) return identity(left) === identity(right);
  if (!isObject(left)) throw badArgType('map[string]interface {}', left);
  if (!isObject(right)) throw badArgType('map[string]interface {}', right);
  if (!hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return identity(left[mergeKey]) === identity(right[mergeKey]);
}

/** sliceElementType: the one kind every item of the lists has; lists of lists are not supported. */
function elementKind(lists: unknown[][]): Kind {
  let kind: Kind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'slice') throw invalidPatch();
        kind = k;
      } else if (k !== kind) {
        throw badRequest(`list element types are not identical: ${goValue(lists)}`);
      }
    }
  }
  if (kind === undefined) throw badRequest('no elements in any of the given slices');
  return kind;
}

function mergeSlice(original: unknown[], patch: unknown[], items: Schema | undefined, mergeKey: string, deleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind([original, patch]);
  let orig = original;
  let pat = patch;
  let merged: unknown[];
  if (kind !== 'map') {
    if (deleteList) {
      const gone = new Set(patch.map(identity));
      return original.filter((v) => !gone.has(identity(v)));
    }
    // The union; its order is set by normalizeElementOrder below.
    const seen = new Set<Identity>();
    merged = [];
    for (const v of [...original, ...patch]) {
      const id = identity(v);
      if (!seen.has(id)) {
        seen.add(id);
        merged.push(v);
      }
    }
  } else {
    if (!mergeKey) throw badRequest('cannot merge lists without merge key for type struct');
    ({ orig, pat } = applyListDirectives(original, patch, mergeKey));
    merged = mergeByKey(orig, pat, mergeKey, items);
  }
  const { inList, notInList } = partition(merged, pat, mergeKey);
  return normalizeElementOrder(inList, notInList, pat, orig, mergeKey, kind);
}

/** mergeSliceWithSpecialElements: `$patch: delete` items remove their key, `$patch: replace` replaces the list. */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): { orig: unknown[]; pat: unknown[] } {
  const rest: unknown[] = [];
  const deleted = new Set<Identity>();
  let replace = false;
  for (const v of patch) {
    const el = v as Obj;
    if (!hasOwn(el, DIRECTIVE)) {
      rest.push(el);
      continue;
    }
    const directive = el[DIRECTIVE];
    if (directive === 'delete') {
      if (!hasOwn(el, mergeKey)) throw noMergeKey(el, mergeKey);
      deleted.add(identity(el[mergeKey]));
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw badRequest('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, el);
    }
  }
  if (replace) return { orig: rest.map(strip), pat: [] };
  const kept = deleted.size
    ? original.filter((x) => !(hasOwn(x as Obj, mergeKey) && deleted.has(identity((x as Obj)[mergeKey]))))
    : original;
  return { orig: kept, pat: rest };
}

/** mergeSliceWithoutSpecialElements: each patch item merges into the first item with its key, or is appended. */
function mergeByKey(original: unknown[], patch: unknown[], mergeKey: string, items: Schema | undefined): unknown[] {
  const out = [...original];
  const at = new Map<Identity, number>();
  out.forEach((x, i) => {
    if (hasOwn(x as Obj, mergeKey)) {
      const id = identity((x as Obj)[mergeKey]);
      if (!at.has(id)) at.set(id, i);
    }
  });
  for (const v of patch) {
    const el = v as Obj;
    if (!hasOwn(el, mergeKey)) throw noMergeKey(el, mergeKey);
    const id = identity(el[mergeKey]);
    const i = at.get(id);
    if (i !== undefined) out[i] = mergeMap(out[i] as Obj, el, items);
    else {
      at.set(id, out.length);
      out.push(mergeMap({}, el, items));
    }
  }
  return out;
}

/** Splits `list` into the items whose key (or value) `by` has, and the rest, keeping their order. */
function partition(list: unknown[], by: unknown[], mergeKey: string): { inList: unknown[]; notInList: unknown[] } {
  const present = new Set<Identity>();
  if (mergeKey) {
    for (const b of by) if (isObject(b) && hasOwn(b, mergeKey)) present.add(identity(b[mergeKey]));
  } else for (const b of by) present.add(identity(b));
  const inList: unknown[] = [];
  const notInList: unknown[] = [];
  for (const v of list) {
    let id: Identity;
    if (mergeKey) {
      if (!isObject(v)) throw badArgType('map[string]interface {}', v);
      if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
      id = identity(v[mergeKey]);
    } else id = identity(v);
    (present.has(id) ? inList : notInList).push(v);
  }
  return { inList, notInList };
}

/** extractToDeleteItems: `$patch: delete` items go last when a list is ordered. */
function splitDeletions(list: unknown[]): { keep: unknown[]; deletions: unknown[] } {
  const keep: unknown[] = [];
  const deletions: unknown[] = [];
  for (const v of list) {
    if (!isObject(v)) throw badArgType('map[string]interface {}', v);
    (v[DIRECTIVE] === 'delete' ? deletions : keep).push(v);
  }
  return { keep, deletions };
}

/** The first position of each key (or value) in `order`. */
function positions(order: unknown[], mergeKey: string, kind: Kind): (v: unknown) => number {
  const key = (v: unknown) => (kind === 'map' ? identity(isObject(v) ? v[mergeKey] : undefined) : identity(v));
  const first = new Map<Identity, number>();
  order.forEach((v, i) => {
    const k = key(v);
    if (!first.has(k)) first.set(k, i);
  });
  return (v) => first.get(key(v)) ?? -1;
}

/**
 * normalizeElementOrder: the patch's items in the patch's (or the directive's) order, the server's other items in
 * the live order, then the two interleaved by the live order.
 */
function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: unknown[],
  serverOrder: unknown[],
  mergeKey: string,
  kind: Kind,
): unknown[] {
  const fromPatch = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const fromServer = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const index = positions(serverOrder, mergeKey, kind);
  // mergeSortedSlice: a server item goes before a patch item only when both are in the live list and it comes first.
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < fromServer.length || j < fromPatch.length) {
    if (i >= fromServer.length) out.push(fromPatch[j++]);
    else if (j >= fromPatch.length) out.push(fromServer[i++]);
    else {
      const li = index(fromServer[i]);
      const ri = index(fromPatch[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(fromServer[i++]);
      else out.push(fromPatch[j++]);
    }
  }
  return out;
}

/**
 * normalizeSliceOrder: a stable sort by position in `order` (items of keyed lists must have their key; deletions go
 * last). Items `order` lacks sort after those it has — kube's comparator is inconsistent for them, so its result
 * there is an accident of its sort algorithm.
 */
function sortByOrder(list: unknown[], order: unknown[], mergeKey: string, kind: Kind): unknown[] {
  let items = list;
  let deletions: unknown[] = [];
  if (kind === 'map') {
    for (const v of [...list, ...order]) {
      if (!isObject(v)) throw badArgType('map[string]interface {}', v);
      if (!hasOwn(v, mergeKey)) throw noMergeKey(v, mergeKey);
    }
    ({ keep: items, deletions } = splitDeletions(list));
  }
  const index = positions(order, mergeKey, kind);
  const keyed = items.map((v, i) => ({ v, at: index(v), i }));
  keyed.sort((a, b) => (a.at < 0 ? Infinity : a.at) - (b.at < 0 ? Infinity : b.at) || a.i - b.i);
  return [...keyed.map((k) => k.v), ...deletions];
}
