// Field paths of structured-merge-diff, their FieldsV1 encoding, and how values are found along them.
import type { JsonObject, Schema } from '../types.js';
import { isObject } from '../is-object.js';

export type PathElement = { f: string } | { k: Record<string, unknown> } | { v: unknown } | { i: number };
export type FieldPath = PathElement[];

function sortedJSON(o: Record<string, unknown>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])));
}

export function encodeElement(e: PathElement): string {
  if ('f' in e) return `f:${e.f}`;
  if ('k' in e) return `k:${sortedJSON(e.k)}`;
  if ('v' in e) return `v:${JSON.stringify(e.v)}`;
  return `i:${e.i}`;
}

function decodeElement(s: string): PathElement {
  const body = s.slice(2);
  switch (s.slice(0, 2)) {
    case 'f:':
      return { f: body };
    case 'k:':
      return { k: JSON.parse(body) as Record<string, unknown> };
    case 'v:':
      return { v: JSON.parse(body) as unknown };
    case 'i:':
      return { i: Number(body) };
    default:
      throw new Error(`invalid managedFields path element ${s}`);
  }
}

const ELEMENT = /^(f:|k:|v:|i:)/;

/** Whether a path element's encoding decodes (structured-merge-diff's DeserializePathElement). */
function decodableElement(s: string): boolean {
  const m = ELEMENT.exec(s);
  if (!m) return false;
  const body = s.slice(2);
  switch (m[1]) {
    case 'f:':
      return true;
    case 'i:':
      return /^[+-]?\d+$/.test(body);
    default:
      try {
        const v = JSON.parse(body) as unknown;
        return m[1] === 'v:' || isObject(v);
      } catch {
        return false;
      }
  }
}

/** Whether a FieldsV1 tree decodes: objects all the way down, keyed by valid path elements (or "."). */
export function decodableFieldsV1(tree: unknown): boolean {
  const stack: unknown[] = [tree];
  while (stack.length) {
    const node = stack.pop();
    if (!isObject(node)) return false;
    for (const k of Object.keys(node)) {
      if (k === '.') continue;
      if (!decodableElement(k)) return false;
      stack.push(node[k]);
    }
  }
  return true;
}

/** A set of leaf paths, keyed by their encoding. */
export class FieldSet {
  readonly paths = new Map<string, FieldPath>();

  static key(p: FieldPath): string {
    return p.map(encodeElement).join('\u0000');
  }

  add(p: FieldPath): void {
    this.paths.set(FieldSet.key(p), p);
  }

  has(p: FieldPath): boolean {
    return this.paths.has(FieldSet.key(p));
  }

  delete(p: FieldPath): void {
    this.paths.delete(FieldSet.key(p));
  }

  get size(): number {
    return this.paths.size;
  }

  *[Symbol.iterator](): IterableIterator<FieldPath> {
    yield* this.paths.values();
  }

  toFieldsV1(): JsonObject {
    const root: JsonObject = {};
    for (const p of this.paths.values()) {
      let node = root;
      for (const e of p) {
        const k = encodeElement(e);
        node[k] ??= {};
        node = node[k] as JsonObject;
      }
    }
    return root;
  }

  static fromFieldsV1(tree: unknown): FieldSet {
    const set = new FieldSet();
    const walk = (node: unknown, prefix: FieldPath) => {
      if (!isObject(node)) return;
      const keys = Object.keys(node).filter((k) => k !== '.');
      if (keys.length === 0 && prefix.length) set.add(prefix);
      for (const k of keys) walk(node[k], [...prefix, decodeElement(k)]);
    };
    walk(tree, []);
    return set;
  }
}

/** `.data.owned`, `.spec.ports[port=80]`, `.metadata.finalizers[="a"]` — as conflict messages print paths. */
export function pathString(p: FieldPath): string {
  let s = '';
  for (const e of p) {
    if ('f' in e) s += `.${e.f}`;
    else if ('k' in e) s += `[${Object.entries(e.k).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`;
    else if ('v' in e) s += `[=${JSON.stringify(e.v)}]`;
    else s += `[${e.i}]`;
  }
  return s;
}

export function listKeys(schema: Schema | undefined): string[] | undefined {
  if (!schema) return undefined;
  if (schema['x-kubernetes-list-type'] === 'map') return schema['x-kubernetes-list-map-keys'];
  const mk = schema['x-kubernetes-patch-merge-key'];
  if (mk && (schema['x-kubernetes-patch-strategy'] ?? '').includes('merge')) return [mk];
  return undefined;
}

export function isSet(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema['x-kubernetes-list-type'] === 'set') return true;
  return !listKeys(schema) && (schema['x-kubernetes-patch-strategy'] ?? '').includes('merge');
}

export function childSchema(schema: Schema | undefined, key: string): Schema | undefined {
  if (!schema) return undefined;
  if (schema.properties?.[key]) return schema.properties[key];
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

/** Metadata a client's field ownership covers; the rest is server-owned. */
const OWNED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

/** The leaf fields present in an object. Atomic lists and maps are leaves. */
export function fieldSetOf(obj: unknown, schema?: Schema): FieldSet {
  const set = new FieldSet();
  const walk = (v: unknown, s: Schema | undefined, path: FieldPath, top: boolean) => {
    if (isObject(v)) {
      if (s?.['x-kubernetes-map-type'] === 'atomic' && path.length) {
        set.add(path);
        return;
      }
      const keys = Object.keys(v);
      if (keys.length === 0 && path.length) set.add(path);
      for (const k of keys) {
        if (top && (k === 'apiVersion' || k === 'kind')) continue;
        if (top && k === 'metadata') {
          const m = v[k];
          if (isObject(m)) for (const mk of Object.keys(m)) if (OWNED_METADATA.has(mk)) walk(m[mk], childSchema(childSchema(s, 'metadata'), mk), [{ f: 'metadata' }, { f: mk }], false);
          continue;
        }
        walk(v[k], childSchema(s, k), [...path, { f: k }], false);
      }
      return;
    }
    if (Array.isArray(v)) {
      const keys = listKeys(s);
      if (keys && v.every(isObject)) {
        if (v.length === 0) set.add(path);
        for (const el of v) {
          const kv = Object.fromEntries(keys.filter((k) => (el as Record<string, unknown>)[k] !== undefined).map((k) => [k, (el as Record<string, unknown>)[k]]));
          walk(el, s?.items, [...path, { k: kv }], false);
        }
        return;
      }
      if (isSet(s) && v.every((x) => !isObject(x) && !Array.isArray(x))) {
        if (v.length === 0) set.add(path);
        for (const el of v) set.add([...path, { v: el }]);
        return;
      }
      set.add(path);
      return;
    }
    if (path.length) set.add(path);
  };
  walk(obj, schema, [], true);
  return set;
}

/** The value at a path, or undefined; `found` distinguishes a missing field from an explicit null. */
export function valueAt(obj: unknown, path: FieldPath): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const e of path) {
    if ('f' in e) {
      if (!isObject(cur) || !Object.prototype.hasOwnProperty.call(cur, e.f)) return { found: false, value: undefined };
      cur = cur[e.f];
    } else if ('k' in e) {
      if (!Array.isArray(cur)) return { found: false, value: undefined };
      cur = cur.find((el) => isObject(el) && Object.entries(e.k).every(([k, v]) => JSON.stringify(el[k]) === JSON.stringify(v)));
      if (cur === undefined) return { found: false, value: undefined };
    } else if ('v' in e) {
      if (!Array.isArray(cur) || !cur.some((x) => JSON.stringify(x) === JSON.stringify(e.v))) return { found: false, value: undefined };
      cur = e.v;
    } else {
      if (!Array.isArray(cur) || e.i >= cur.length) return { found: false, value: undefined };
      cur = cur[e.i];
    }
  }
  return { found: true, value: cur };
}

/** Removes the field at a path (list elements by key or value). */
export function removeAt(obj: unknown, path: FieldPath): void {
  if (path.length === 0) return;
  const parent = valueAt(obj, path.slice(0, -1));
  if (!parent.found) return;
  const last = path[path.length - 1]!;
  const container = parent.value;
  if ('f' in last && isObject(container)) delete container[last.f];
  else if (Array.isArray(container)) {
    const idx =
      'k' in last
        ? container.findIndex((el) => isObject(el) && Object.entries(last.k).every(([k, v]) => JSON.stringify(el[k]) === JSON.stringify(v)))
        : 'v' in last
          ? container.findIndex((x) => JSON.stringify(x) === JSON.stringify(last.v))
          : 'i' in last
            ? last.i
            : -1;
    if (idx >= 0) container.splice(idx, 1);
  }
}
