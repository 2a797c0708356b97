// Field paths of structured-merge-diff, their FieldsV1 encoding, and how values are found along them.
import type { JsonObject, ManagedFieldsEntry, Schema } from '../types.js';
import { isObject } from '../is-object.js';

export type PathElement = { f: string } | { k: Record<string, unknown> } | { v: unknown } | { i: number };
export type FieldPath = PathElement[];

function sortedJSON(o: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    ),
  );
}

export function encodeElement(e: PathElement): string {
  if ('f' in e) return `f:${e.f}`;
  if ('k' in e) return `k:${sortedJSON(e.k)}`;
  if ('v' in e) return `v:${JSON.stringify(e.v)}`;
  return `i:${e.i}`;
}

/** A managedFields entry whose fieldsV1 cannot be decoded (kube then falls back to the stored entries). */
export class FieldsV1Error extends Error {}

function decodeElement(s: string): PathElement {
  const body = s.slice(2);
  try {
    switch (s.slice(0, 2)) {
      case 'f:':
        return { f: body };
      case 'k:': {
        const k = JSON.parse(body) as unknown;
        if (k === null || typeof k !== 'object' || Array.isArray(k)) break;
        return { k: k as Record<string, unknown> };
      }
      case 'v:':
        return { v: JSON.parse(body) as unknown };
      case 'i:':
        if (/^\d+$/.test(body)) return { i: Number(body) };
        break;
    }
  } catch {
    // malformed JSON in a k: or v: element
  }
  throw new FieldsV1Error(`invalid managedFields path element ${s}`);
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

  /** Decodes a fieldsV1 tree; throws FieldsV1Error when an element is not one structured-merge-diff writes. */
  static fromFieldsV1(tree: unknown): FieldSet {
    const set = new FieldSet();
    // One path, grown and shrunk while walking: a leaf's path is copied once, when it is added.
    const path: FieldPath = [];
    const walk = (node: unknown) => {
      if (!isObject(node)) throw new FieldsV1Error('invalid managedFields: a fieldsV1 node is not an object');
      const keys = Object.keys(node).filter((k) => k !== '.');
      if (keys.length === 0 && path.length) set.add([...path]);
      for (const k of keys) {
        path.push(decodeElement(k));
        walk(node[k]);
        path.pop();
      }
    };
    walk(tree);
    return set;
  }
}

/**
 * One managedFields entry as kube's DecodeManagedFields reads it: an Apply or Update of a named apiVersion, in
 * FieldsV1. Throws FieldsV1Error for anything else (kube then ignores the entries: the client's for the stored
 * ones, the stored ones for none).
 */
export function decodeManagedFieldsEntry(e: unknown): FieldSet {
  if (e === null || typeof e !== 'object') throw new FieldsV1Error('invalid managedFields entry');
  const entry = e as ManagedFieldsEntry;
  if (entry.operation !== 'Apply' && entry.operation !== 'Update') throw new FieldsV1Error('operation must be `Apply` or `Update`');
  if (!entry.apiVersion) throw new FieldsV1Error('apiVersion must not be empty');
  if (entry.fieldsType !== 'FieldsV1') throw new FieldsV1Error('invalid fieldsType');
  return FieldSet.fromFieldsV1(entry.fieldsV1 ?? {});
}

/** `.data.owned`, `.spec.ports[port=80]`, `.metadata.finalizers[="a"]` — as conflict messages print paths. */
export function pathString(p: FieldPath): string {
  let s = '';
  for (const e of p) {
    if ('f' in e) s += `.${e.f}`;
    else if ('k' in e)
      s += `[${Object.entries(e.k)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
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

/** The identity of a keyed list item: its key fields' values (a missing field is not null). */
export function keyIdentity(el: Record<string, unknown>, keys: readonly string[]): string {
  return keys.map((k) => (el[k] === undefined ? '\u0000' : JSON.stringify(el[k]))).join('\u0001');
}

/**
 * The leaf fields present in an object. Atomic lists and maps are leaves. With `values`, every path visited
 * (leaves and the nodes above them) is mapped to its value, the first item winning where a keyed list repeats a
 * key: one walk answers what valueAt would find, without searching lists path by path.
 */
export function fieldSetOf(obj: unknown, schema?: Schema, values?: Map<string, unknown>): FieldSet {
  const set = new FieldSet();
  // Each node's key extends its parent's (FieldSet.key, built one element at a time instead of per path).
  const child = (key: string, e: PathElement) => (key === '' ? encodeElement(e) : `${key}\u0000${encodeElement(e)}`);
  const record = (key: string, v: unknown) => {
    if (values && key !== '' && !values.has(key)) values.set(key, v);
  };
  const leaf = (key: string, path: FieldPath) => set.paths.set(key, path);
  const walk = (v: unknown, s: Schema | undefined, path: FieldPath, key: string, top: boolean) => {
    record(key, v);
    if (isObject(v)) {
      if (s?.['x-kubernetes-map-type'] === 'atomic' && path.length) {
        leaf(key, path);
        return;
      }
      const keys = Object.keys(v);
      if (keys.length === 0 && path.length) leaf(key, path);
      for (const k of keys) {
        if (top && (k === 'apiVersion' || k === 'kind')) continue;
        if (top && k === 'metadata') {
          const m = v[k];
          if (isObject(m)) {
            const metaKey = child('', { f: 'metadata' });
            record(metaKey, m);
            for (const mk of Object.keys(m)) {
              if (!OWNED_METADATA.has(mk)) continue;
              const e = { f: mk };
              walk(m[mk], childSchema(childSchema(s, 'metadata'), mk), [{ f: 'metadata' }, e], child(metaKey, e), false);
            }
          }
          continue;
        }
        const e = { f: k };
        walk(v[k], childSchema(s, k), [...path, e], child(key, e), false);
      }
      return;
    }
    if (Array.isArray(v)) {
      const keys = listKeys(s);
      if (keys && v.every(isObject)) {
        if (v.length === 0) leaf(key, path);
        for (const el of v) {
          const e = { k: Object.fromEntries(keys.filter((k) => el[k] !== undefined).map((k) => [k, el[k]])) };
          walk(el, s?.items, [...path, e], child(key, e), false);
        }
        return;
      }
      if (isSet(s) && v.every((x) => !isObject(x) && !Array.isArray(x))) {
        if (v.length === 0) leaf(key, path);
        for (const el of v) {
          const e = { v: el };
          const k = child(key, e);
          record(k, el);
          leaf(k, [...path, e]);
        }
        return;
      }
      leaf(key, path);
      return;
    }
    if (path.length) leaf(key, path);
  };
  walk(obj, schema, [], '', true);
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

/**
 * Removes the fields whose path keys are in `gone` (a removed node takes what is below it), in one walk shaped as
 * fieldSetOf's: keyed list items by their key, set items by their value.
 */
export function removePaths(obj: unknown, schema: Schema | undefined, gone: ReadonlySet<string>): void {
  if (gone.size === 0) return;
  const walk = (v: unknown, s: Schema | undefined, path: FieldPath, top: boolean) => {
    if (isObject(v)) {
      if (s?.['x-kubernetes-map-type'] === 'atomic' && path.length) return;
      for (const k of Object.keys(v)) {
        if (top && (k === 'apiVersion' || k === 'kind')) continue;
        if (top && k === 'metadata') {
          const m = v[k];
          if (!isObject(m)) continue;
          for (const mk of Object.keys(m)) {
            if (!OWNED_METADATA.has(mk)) continue;
            const p: FieldPath = [{ f: 'metadata' }, { f: mk }];
            if (gone.has(FieldSet.key(p))) delete m[mk];
            else walk(m[mk], childSchema(childSchema(s, 'metadata'), mk), p, false);
          }
          continue;
        }
        const p: FieldPath = [...path, { f: k }];
        if (gone.has(FieldSet.key(p))) delete v[k];
        else walk(v[k], childSchema(s, k), p, false);
      }
      return;
    }
    if (!Array.isArray(v)) return;
    const keys = listKeys(s);
    const keyed = Boolean(keys) && v.every(isObject);
    const pathOf = (el: unknown): FieldPath | undefined => {
      if (keys && keyed) {
        const e = el as Record<string, unknown>;
        return [...path, { k: Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]])) }];
      }
      if (isSet(s) && !isObject(el) && !Array.isArray(el)) return [...path, { v: el }];
      return undefined;
    };
    let write = 0;
    for (let read = 0; read < v.length; read++) {
      const el = v[read];
      const p = pathOf(el);
      if (p && gone.has(FieldSet.key(p))) continue;
      if (p && keyed) walk(el, s?.items, p, false);
      v[write++] = el;
    }
    v.length = write;
  };
  walk(obj, schema, [], true);
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
