// Server-side apply: merge an applied configuration into the live object, with per-manager field ownership,
// conflicts (409 FieldManagerConflict), force, and removal of fields a manager stopped applying.
import { StatusError } from '../status.js';
import { timestamp } from '../time.js';
import type { KObject, ManagedFieldsEntry, Schema } from '../types.js';
import { childSchema, FieldSet, fieldSetOf, listKeys, pathString, removeAt, valueAt, type FieldPath } from './fieldset.js';
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

/** Merges for apply: maps merge, keyed lists merge by key, sets union, everything else is replaced. */
export function mergeApplied(live: unknown, applied: unknown, schema: Schema | undefined): unknown {
  if (isObject(applied)) {
    if (!isObject(live) || schema?.['x-kubernetes-map-type'] === 'atomic') return structuredClone(applied);
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(applied)) out[k] = mergeApplied(live[k], v, childSchema(schema, k));
    return out;
  }
  if (Array.isArray(applied) && Array.isArray(live)) {
    const keys = listKeys(schema);
    if (keys && applied.every(isObject) && live.every(isObject)) {
      const out: unknown[] = live.map((x) => structuredClone(x));
      for (const el of applied as Record<string, unknown>[]) {
        const idx = out.findIndex((o) => keys.every((k) => JSON.stringify((o as Record<string, unknown>)[k]) === JSON.stringify(el[k])));
        if (idx >= 0) out[idx] = mergeApplied(out[idx], el, schema?.items);
        else out.push(structuredClone(el));
      }
      return out;
    }
    const isSetList = schema?.['x-kubernetes-list-type'] === 'set' || (!keys && (schema?.['x-kubernetes-patch-strategy'] ?? '').includes('merge'));
    if (isSetList) {
      const out = [...live];
      for (const v of applied) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
      return out;
    }
  }
  return structuredClone(applied);
}

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

function owners(entries: ManagedFieldsEntry[] | undefined): Owner[] {
  return (entries ?? []).map((entry) => ({ entry, set: FieldSet.fromFieldsV1(entry.fieldsV1 ?? {}) }));
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
  const appliedSet = fieldSetOf(applied, opts.schema);
  const base: KObject = live ? structuredClone(live) : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: {} };
  const all = owners(live?.metadata.managedFields);
  const others = all.filter((o) => !sameEntry(o.entry, opts.manager, 'Apply', opts.subresource));
  const mine = all.find((o) => sameEntry(o.entry, opts.manager, 'Apply', opts.subresource));

  const conflicts: Array<{ owner: Owner; path: FieldPath }> = [];
  if (live) {
    for (const o of others) {
      for (const p of appliedSet) {
        if (!o.set.has(p)) continue;
        const a = valueAt(applied, p);
        const l = valueAt(live, p);
        if (l.found && JSON.stringify(a.value) !== JSON.stringify(l.value)) conflicts.push({ owner: o, path: p });
      }
    }
  }
  if (conflicts.length && !opts.force) throw conflictError(conflicts, opts);
  for (const c of conflicts) c.owner.set.delete(c.path);

  const merged = mergeApplied(base, applied, opts.schema) as KObject;
  merged.metadata = { ...(merged.metadata ?? {}) };
  // Fields this manager applied before but not now go away, unless someone else still owns them.
  if (mine) {
    for (const p of mine.set) {
      if (appliedSet.has(p)) continue;
      if (others.some((o) => o.set.has(p))) continue;
      removeAt(merged, p);
    }
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
  return merged;
}

function conflictError(conflicts: Array<{ owner: Owner; path: FieldPath }>, opts: ApplyOptions): StatusError {
  const byOwner = new Map<string, string[]>();
  for (const c of conflicts) {
    const d = describe(c.owner.entry);
    byOwner.set(d, [...(byOwner.get(d) ?? []), pathString(c.path)]);
  }
  const n = conflicts.length;
  let message: string;
  if (n === 1) {
    const [[who, paths]] = [...byOwner] as [[string, string[]]];
    message = `Apply failed with 1 conflict: conflict with ${who}: ${paths[0]}`;
  } else {
    const parts = [...byOwner].sort(([a], [b]) => a.localeCompare(b)).map(([who, paths]) => `conflicts with ${who}:\n${paths.map((p) => `- ${p}`).join('\n')}`);
    message = `Apply failed with ${n} conflicts: ${parts.join('\n')}`;
  }
  const details: Record<string, unknown> = {};
  if (opts.target) {
    details['name'] = opts.target.name;
    if (opts.target.group) details['group'] = opts.target.group;
    details['kind'] = opts.target.kind;
  }
  details['causes'] = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${describe(c.owner.entry)}`, field: pathString(c.path) }));
  return new StatusError(409, 'Conflict', message, details);
}
