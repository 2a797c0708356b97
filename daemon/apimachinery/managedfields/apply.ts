// Server-side apply: merge an applied configuration into the live object, with per-manager field ownership,
// conflicts (409 FieldManagerConflict), force, and removal of fields a manager stopped applying.
import { applyConflict, StatusError } from '../status.js';
import { timestamp } from '../time.js';
import type { KObject, ManagedFieldsEntry, Schema } from '../types.js';
import {
  childSchema,
  decodeManagedFieldsEntry,
  FieldSet,
  fieldSetOf,
  FieldsV1Error,
  keyIdentity,
  listKeys,
  pathString,
  removePaths,
  type FieldPath,
} from './fieldset.js';
import { isObject } from '../is-object.js';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  apiVersion: string;
  subresource?: string;
  now: Date;
  schema?: Schema;
  /** For the Status details of a conflict. */
  target?: { name: string; kind: string; group: string };
}

/**
 * Merges for apply: maps merge, keyed lists merge by key, sets union, everything else is replaced. Items are found
 * by key in a map, so a merge costs the size of the lists, not their product.
 */
export function mergeApplied(live: unknown, applied: unknown, schema: Schema | undefined): unknown {
  if (isObject(applied)) {
    if (!isObject(live) || schema?.['x-kubernetes-map-type'] === 'atomic') return structuredClone(applied);
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(applied)) set(out, k, mergeApplied(live[k], v, childSchema(schema, k)));
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const keys = listKeys(schema);
    if (keys && applied.every(isObject) && live.every(isObject)) {
      const out: unknown[] = live.map((x) => structuredClone(x));
      const at = new Map<string, number>();
      out.forEach((o, i) => {
        const id = keyIdentity(o as Record<string, unknown>, keys);
        if (!at.has(id)) at.set(id, i);
      });
      for (const el of applied) {
        const id = keyIdentity(el, keys);
        const idx = at.get(id);
        if (idx !== undefined) out[idx] = mergeApplied(out[idx], el, schema?.items);
        else {
          at.set(id, out.length);
          out.push(structuredClone(el));
        }
      }
      return out;
    }
    const isSetList =
      schema?.['x-kubernetes-list-type'] === 'set' || (!keys && (schema?.['x-kubernetes-patch-strategy'] ?? '').includes('merge'));
    if (isSetList) {
      const out = [...live];
      const seen = new Set(live.map((v) => JSON.stringify(v)));
      for (const v of applied) {
        const id = JSON.stringify(v);
        if (!seen.has(id)) {
          seen.add(id);
          out.push(v);
        }
      }
      return out;
    }
  }
  return structuredClone(applied);
}

function set(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

/** The stored managers and their fields; entries that do not decode count as none, as kube's decoder has it. */
function owners(entries: ManagedFieldsEntry[] | undefined): Owner[] {
  try {
    return (Array.isArray(entries) ? entries : []).map((entry) => ({ entry, set: decodeManagedFieldsEntry(entry) }));
  } catch (err) {
    if (err instanceof FieldsV1Error) return [];
    throw err;
  }
}

function describe(e: ManagedFieldsEntry): string {
  let s = `"${e.manager ?? ''}"`;
  if (e.subresource) s += ` with subresource "${e.subresource}"`;
  s += ` using ${e.apiVersion ?? ''}`;
  if (e.operation === 'Update' && e.time) s += ` at ${e.time}`;
  return s;
}

function sameEntry(e: ManagedFieldsEntry, manager: string, operation: string, subresource?: string): boolean {
  return e.manager === manager && e.operation === operation && (e.subresource ?? '') === (subresource ?? '');
}

export function applyObject(live: KObject | undefined, applied: KObject, opts: ApplyOptions): KObject {
  const appliedValues = new Map<string, unknown>();
  const appliedSet = fieldSetOf(applied, opts.schema, appliedValues);
  const base: KObject = live ? structuredClone(live) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  const all = owners(live?.metadata.managedFields);
  const others = all.filter((o) => !sameEntry(o.entry, opts.manager, 'Apply', opts.subresource));
  const mine = all.find((o) => sameEntry(o.entry, opts.manager, 'Apply', opts.subresource));

  const conflicts: Array<{ owner: Owner; path: FieldPath }> = [];
  if (live) {
    const liveValues = new Map<string, unknown>();
    fieldSetOf(live, opts.schema, liveValues);
    const order = new Map<string, number>();
    for (const o of others) {
      // Walk the smaller of the two sets (either way a path is one map lookup in the other), then report the
      // conflicts in the order the applied fields come in.
      const [small, large] = o.set.size < appliedSet.size ? [o.set.paths, appliedSet.paths] : [appliedSet.paths, o.set.paths];
      const found: Array<{ owner: Owner; path: FieldPath; key: string }> = [];
      for (const [k, p] of small) {
        if (!large.has(k) || !liveValues.has(k)) continue;
        if (JSON.stringify(appliedValues.get(k)) !== JSON.stringify(liveValues.get(k))) found.push({ owner: o, path: p, key: k });
      }
      if (found.length > 1 && small !== appliedSet.paths) {
        if (order.size === 0) for (const k of appliedSet.paths.keys()) order.set(k, order.size);
        found.sort((a, b) => order.get(a.key)! - order.get(b.key)!);
      }
      for (const f of found) conflicts.push({ owner: f.owner, path: f.path });
    }
  }
  if (conflicts.length && !opts.force) {
    // kubectl taking over from client-side apply may take what its last-applied configuration holds
    // (lastAppliedManager); any other conflict is still one.
    const allowed = opts.manager === 'kubectl' ? lastAppliedFields(live, opts.schema) : undefined;
    const remaining = allowed ? conflicts.filter((c) => !allowed.paths.has(FieldSet.key(c.path))) : conflicts;
    if (remaining.length) throw conflictError(remaining, opts);
  }
  for (const c of conflicts) c.owner.set.delete(c.path);

  const merged = mergeApplied(base, applied, opts.schema) as KObject;
  merged.metadata = { ...(merged.metadata ?? {}) };
  // Fields this manager applied before but not now go away, unless someone else still owns them.
  if (mine) {
    const gone = new Set<string>();
    for (const k of mine.set.paths.keys()) {
      if (appliedSet.paths.has(k)) continue;
      if (others.some((o) => o.set.paths.has(k))) continue;
      gone.add(k);
    }
    removePaths(merged, opts.schema, gone);
  }
  const entries: ManagedFieldsEntry[] = others.filter((o) => o.set.size > 0).map((o) => ({ ...o.entry, fieldsV1: o.set.toFieldsV1() }));
  const entry: ManagedFieldsEntry = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: opts.apiVersion,
    time: timestamp(opts.now),
    fieldsType: 'FieldsV1',
    fieldsV1: appliedSet.toFieldsV1(),
  };
  if (opts.subresource) entry.subresource = opts.subresource;
  const idx = (live?.metadata.managedFields ?? []).findIndex((e) => sameEntry(e, opts.manager, 'Apply', opts.subresource));
  entries.splice(idx < 0 ? entries.length : Math.min(idx, entries.length), 0, entry);
  merged.metadata.managedFields = entries;
  if (opts.manager === 'kubectl') syncLastApplied(live, merged, applied);
  return merged;
}

/** kubectl's client-side apply record, kept by kubectl's server-side applies as kube's lastAppliedUpdater keeps it. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** The fields of the object's last-applied configuration, or undefined when it has none that decodes. */
function lastAppliedFields(live: KObject | undefined, schema: Schema | undefined): FieldSet | undefined {
  const text = live?.metadata.annotations?.[LAST_APPLIED];
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const config = JSON.parse(text) as unknown;
    return isObject(config) ? fieldSetOf(config, schema) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON as Go encodes a map: keys sorted at every level (and the encoder's trailing newline). */
function sortedJSON(v: unknown): string {
  const sort = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sort);
    if (!isObject(x)) return x;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort())
      Object.defineProperty(out, k, { value: sort(x[k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return `${JSON.stringify(sort(v))}\n`;
}

/**
 * lastAppliedUpdater: where kubectl applied client-side before, its annotation follows what it now applies
 * server-side (unless the annotations would then exceed their total size).
 */
function syncLastApplied(live: KObject | undefined, merged: KObject, applied: KObject): void {
  if (!live?.metadata.annotations?.[LAST_APPLIED]) return;
  const config = structuredClone(applied);
  if (config.metadata?.annotations) {
    delete config.metadata.annotations[LAST_APPLIED];
    if (Object.keys(config.metadata.annotations).length === 0) delete config.metadata.annotations;
  }
  const annotations: Record<string, string> = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: sortedJSON(config) };
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) size += k.length + String(v).length;
  if (size > TOTAL_ANNOTATION_SIZE) delete annotations[LAST_APPLIED];
  merged.metadata.annotations = annotations;
}

function conflictError(conflicts: Array<{ owner: Owner; path: FieldPath }>, opts: ApplyOptions): StatusError {
  const byOwner = new Map<string, string[]>();
  for (const c of conflicts) {
    const d = describe(c.owner.entry);
    const paths = byOwner.get(d);
    if (paths) paths.push(pathString(c.path));
    else byOwner.set(d, [pathString(c.path)]);
  }
  const n = conflicts.length;
  let message: string;
  if (n === 1) {
    const [[who, paths]] = [...byOwner] as [[string, string[]]];
    message = `Apply failed with 1 conflict: conflict with ${who}: ${paths[0]}`;
  } else {
    const parts = [...byOwner]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([who, paths]) => `conflicts with ${who}:\n${paths.map((p) => `- ${p}`).join('\n')}`);
    message = `Apply failed with ${n} conflicts: ${parts.join('\n')}`;
  }
  const details: Record<string, unknown> = {};
  if (opts.target) {
    details['name'] = opts.target.name;
    if (opts.target.group) details['group'] = opts.target.group;
    details['kind'] = opts.target.kind;
  }
  details['causes'] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describe(c.owner.entry)}`,
    field: pathString(c.path),
  }));
  return applyConflict(message, details);
}
