// Kubernetes strategic merge patch: maps merge, lists follow the schema's patch strategy and merge key, and the
// `$patch`, `$retainKeys`, `$setElementOrder/…` and `$deleteFromPrimitiveList/…` directives kubectl sends.
import { badRequest } from './status.js';
import type { Schema } from './types.js';
import { isObject } from './is-object.js';

type Obj = Record<string, unknown>;

/** Assignment that never touches a prototype (`__proto__` in a patch is just a key). */
function set(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const SET_ORDER = '$setElementOrder/';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';

export function applyStrategicMergePatch(original: unknown, patch: unknown, schema?: Schema): unknown {
  if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const out = mergeMap(isObject(original) ? original : {}, patch, schema);
  return out ?? {};
}

function fieldSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  const p = schema.properties?.[key];
  if (p) return p;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

function mergeKeyOf(schema: Schema | undefined): string | undefined {
  return schema?.['x-kubernetes-patch-merge-key'] ?? schema?.['x-kubernetes-list-map-keys']?.[0];
}

function isMergeList(schema: Schema | undefined): boolean {
  if (!schema) return false;
  const strategy = schema['x-kubernetes-patch-strategy'] ?? '';
  if (strategy.split(',').includes('merge')) return true;
  const lt = schema['x-kubernetes-list-type'];
  return lt === 'map' || lt === 'set';
}

/** Returns undefined when the patch deletes the whole map (`$patch: delete`). */
function mergeMap(orig: Obj, patch: Obj, schema: Schema | undefined): Obj | undefined {
  const directive = patch['$patch'];
  if (directive === 'delete') return undefined;
  if (directive === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (directive !== undefined && directive !== 'merge') throw badRequest(`Unknown patch type: ${String(directive)}`);
  const result: Obj = { ...orig };
  const orders: Array<[string, unknown[]]> = [];
  const deletions: Array<[string, unknown[]]> = [];
  let retain: string[] | undefined;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key === '$retainKeys') {
      if (!Array.isArray(value)) throw badRequest('$retainKeys must be a list');
      retain = value as string[];
      continue;
    }
    if (key.startsWith(SET_ORDER)) {
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      orders.push([key.slice(SET_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_PRIMITIVE)) {
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      deletions.push([key.slice(DELETE_PRIMITIVE.length), value]);
      continue;
    }
    if (key.startsWith('$')) throw badRequest(`unknown patch directive ${key}`);
    if (value === null) {
      delete result[key];
      continue;
    }
    const fs = fieldSchema(schema, key);
    if (isObject(value)) {
      const merged = fs?.['x-kubernetes-map-type'] === 'atomic' ? stripDirectives(value) : mergeMap(isObject(result[key]) ? (result[key] as Obj) : {}, value, fs);
      if (merged === undefined) delete result[key];
      else set(result, key, merged);
    } else if (Array.isArray(value)) {
      set(result, key, mergeList(result[key], value, fs));
    } else {
      set(result, key, value);
    }
  }
  for (const [key, values] of deletions) {
    const cur = result[key];
    if (Array.isArray(cur)) result[key] = cur.filter((v) => !values.some((d) => JSON.stringify(d) === JSON.stringify(v)));
  }
  for (const [key, order] of orders) {
    const cur = result[key];
    if (Array.isArray(cur)) result[key] = reorder(cur, order, mergeKeyOf(fieldSchema(schema, key)));
  }
  if (retain) for (const k of Object.keys(result)) if (!retain.includes(k)) delete result[k];
  return result;
}

function mergeList(orig: unknown, patch: unknown[], schema: Schema | undefined): unknown[] {
  const replaceAll = patch.some((e) => isObject(e) && e['$patch'] === 'replace');
  if (replaceAll) return patch.filter((e) => !(isObject(e) && e['$patch'] === 'replace')).map(stripDirectivesAny);
  if (!isMergeList(schema) || !Array.isArray(orig)) return patch.filter((e) => !(isObject(e) && e['$patch'] === 'delete')).map(stripDirectivesAny);
  const key = mergeKeyOf(schema);
  const items = schema?.items;
  if (!key) {
    // A merging list of primitives is a union.
    const out = [...orig];
    for (const v of patch) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    return out;
  }
  const out: unknown[] = [...orig];
  for (const el of patch) {
    if (!isObject(el)) throw badRequest(`a list with merge key "${key}" needs objects, got ${JSON.stringify(el)}`);
    const idx = out.findIndex((o) => isObject(o) && o[key] === el[key]);
    if (el['$patch'] === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) {
      const merged = mergeMap(out[idx] as Obj, el, items);
      if (merged === undefined) out.splice(idx, 1);
      else out[idx] = merged;
    } else out.push(stripDirectives(el));
  }
  return out;
}

function reorder(list: unknown[], order: unknown[], key: string | undefined): unknown[] {
  const id = (v: unknown) => (key && isObject(v) ? JSON.stringify(v[key]) : JSON.stringify(v));
  const wanted = order.map((o) => (key && isObject(o) ? JSON.stringify(o[key]) : JSON.stringify(o)));
  const placed = wanted.map((w) => list.find((v) => id(v) === w)).filter((v) => v !== undefined);
  const rest = list.filter((v) => !wanted.includes(id(v)));
  return [...placed, ...rest];
}

function stripDirectives(o: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectivesAny(v);
  }
  return out;
}

function stripDirectivesAny(v: unknown): unknown {
  if (isObject(v)) return stripDirectives(v);
  if (Array.isArray(v)) return v.map(stripDirectivesAny);
  return v;
}
