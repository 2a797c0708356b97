// managedFields for non-apply writes: the writer takes ownership of what it changed (operation Update), and
// other managers lose it silently; removed fields leave every manager's set.
import type { KObject, ManagedFieldsEntry, Schema } from '../types.js';
import { timestamp } from '../time.js';
import { FieldSet, fieldSetOf, valueAt } from './fieldset.js';

export interface UpdateOptions {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: Date;
  schema?: Schema;
}

export function updateManagedFields(old: KObject | undefined, updated: KObject, opts: UpdateOptions): ManagedFieldsEntry[] {
  const newSet = fieldSetOf(updated, opts.schema);
  // A create without managedFields of its own: the writer owns every field, which is the set just computed (the
  // general path below would re-derive it path by path, the bulk of a create's managedFields cost).
  if (!old && !updated.metadata.managedFields?.length) return newSet.size > 0 ? [entryFor(opts, newSet)] : [];
  const oldSet = old ? fieldSetOf(old, opts.schema) : new FieldSet();
  const changed = new FieldSet();
  for (const p of newSet) {
    const before = old ? valueAt(old, p) : { found: false, value: undefined };
    if (!before.found || JSON.stringify(before.value) !== JSON.stringify(valueAt(updated, p).value)) changed.add(p);
  }
  const removed: FieldSet = new FieldSet();
  for (const p of oldSet) if (!newSet.has(p)) removed.add(p);
  // A client may reset managedFields with []; otherwise the stored entries carry on.
  const given = updated.metadata.managedFields;
  const baseEntries = given !== undefined && old && JSON.stringify(given) !== JSON.stringify(old.metadata.managedFields) ? given : (old?.metadata.managedFields ?? given ?? []);
  const entries: ManagedFieldsEntry[] = [];
  let mine: FieldSet | undefined;
  let mineIndex = -1;
  for (const e of baseEntries) {
    const set = FieldSet.fromFieldsV1(e.fieldsV1 ?? {});
    const isMine = e.manager === opts.manager && e.operation === 'Update' && (e.subresource ?? '') === (opts.subresource ?? '');
    for (const p of removed) set.delete(p);
    if (isMine) {
      mine = set;
      mineIndex = entries.length;
      continue;
    }
    for (const p of changed) set.delete(p);
    if (set.size > 0) entries.push({ ...e, fieldsV1: set.toFieldsV1() });
  }
  const merged = mine ?? new FieldSet();
  for (const p of changed) merged.add(p);
  if (merged.size > 0) entries.splice(mineIndex < 0 ? entries.length : mineIndex, 0, entryFor(opts, merged));
  return entries;
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
