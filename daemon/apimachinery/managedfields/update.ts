// managedFields for non-apply writes: the writer takes ownership of what it changed (operation Update), and
// other managers lose it silently; removed fields leave every manager's set.
import type { KObject, ManagedFieldsEntry, Schema } from '../types.js';
import { timestamp } from '../time.js';
import { decodableFieldsV1, FieldSet, fieldSetOf, valueAt, type FieldPath } from './fieldset.js';

export interface UpdateOptions {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: Date;
  schema?: Schema;
}

/**
 * Whether managedFields a client sent decode as kube's DecodeManagedFields requires: an operation of Apply or
 * Update and a FieldsV1 tree of valid path elements. Entries that do not are ignored, as kube ignores them (it
 * keeps the stored ones), so they never reach storage or the field set code.
 */
export function decodableManagedFields(entries: ManagedFieldsEntry[]): boolean {
  return entries.every((e) => (e.operation === 'Apply' || e.operation === 'Update') && e.fieldsType === 'FieldsV1' && decodableFieldsV1(e.fieldsV1));
}

export function updateManagedFields(old: KObject | undefined, updated: KObject, opts: UpdateOptions): ManagedFieldsEntry[] {
  const newSet = fieldSetOf(updated, opts.schema);
  const sent = updated.metadata.managedFields;
  const stored = old?.metadata.managedFields;
  // Sent back as stored (most updates) needs no decoding; new entries are used only if they decode.
  const changedBySender = sent !== undefined && (!old || (sent !== stored && JSON.stringify(sent) !== JSON.stringify(stored)));
  const given = sent && (!changedBySender || decodableManagedFields(sent)) ? sent : undefined;
  // A create without managedFields of its own: the writer owns every field, which is the set just computed (the
  // general path below would re-derive it path by path, the bulk of a create's managedFields cost).
  if (!old && !given?.length) return newSet.size > 0 ? [entryFor(opts, newSet)] : [];
  const oldSet = old ? fieldSetOf(old, opts.schema) : new FieldSet();
  // Sets are handled by their encoded keys below: encoding a path is most of what a set operation costs, and each
  // path would otherwise be encoded again for every entry it is checked against.
  const changed = new Map<string, FieldPath>();
  for (const [k, p] of newSet.paths) {
    const before = old ? valueAt(old, p) : { found: false, value: undefined };
    if (!before.found || !sameValue(before.value, valueAt(updated, p).value)) changed.set(k, p);
  }
  const removed: string[] = [];
  for (const k of oldSet.paths.keys()) if (!newSet.paths.has(k)) removed.push(k);
  // A client may reset managedFields with []; otherwise the stored entries carry on.
  const baseEntries = given !== undefined && old && changedBySender ? given : (stored ?? given ?? []);
  const entries: ManagedFieldsEntry[] = [];
  let mine: FieldSet | undefined;
  let mineIndex = -1;
  for (const e of baseEntries) {
    const set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    const isMine = e.manager === opts.manager && e.operation === 'Update' && (e.subresource ?? '') === (opts.subresource ?? '');
    const size = set.size;
    for (const k of removed) set.paths.delete(k);
    if (isMine) {
      mine = set;
      mineIndex = entries.length;
      continue;
    }
    for (const k of changed.keys()) set.paths.delete(k);
    // An entry this write took nothing from is kept as it was (no re-encoding of its fields).
    if (set.size === size) entries.push(e);
    else if (set.size > 0) entries.push({ ...e, fieldsV1: set.toFieldsV1() });
  }
  const merged = mine ?? new FieldSet();
  for (const [k, p] of changed) merged.paths.set(k, p);
  if (merged.size > 0) entries.splice(mineIndex < 0 ? entries.length : mineIndex, 0, entryFor(opts, merged));
  return entries;
}

/** Equality of two field values as JSON sees them; leaves are mostly strings, compared without serialising. */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function entryFor(opts: UpdateOptions, fields: FieldSet): ManagedFieldsEntry {
  const entry: ManagedFieldsEntry = {
    manager: opts.manager,
    operation: 'Update',
    apiVersion: opts.apiVersion,
    time: timestamp(opts.now),
    fieldsType: 'FieldsV1',
    fieldsV1: fields.toFieldsV1(),
  };
  if (opts.subresource) entry.subresource = opts.subresource;
  return entry;
}

/** kube's default field manager: the User-Agent up to the first `/`. */
export function managerFromUserAgent(ua: string): string {
  const m = ua.split('/')[0]?.trim() ?? '';
  return (m || 'unknown').slice(0, 128);
}
