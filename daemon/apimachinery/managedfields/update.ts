// managedFields for non-apply writes: the writer takes ownership of what it changed (operation Update), and
// other managers lose it silently; removed fields leave every manager's set.
import type { KObject, ManagedFieldsEntry, Schema } from '../types.js';
import { isPrintRune } from '../gostrings.js';
import { timestamp } from '../time.js';
import { decodeManagedFieldsEntry, FieldSet, fieldSetOf, FieldsV1Error, type FieldPath } from './fieldset.js';

export interface UpdateOptions {
  manager: string;
  apiVersion: string;
  subresource?: string;
  now: Date;
  schema?: Schema;
}

export function updateManagedFields(old: KObject | undefined, updated: KObject, opts: UpdateOptions): ManagedFieldsEntry[] {
  const newValues = new Map<string, unknown>();
  const newSet = fieldSetOf(updated, opts.schema, newValues);
  // A create without managedFields of its own: the writer owns every field, which is the set just computed (the
  // general path below would re-derive it path by path, the bulk of a create's managedFields cost).
  if (!old && !updated.metadata.managedFields?.length) return newSet.size > 0 ? [entryFor(opts, newSet)] : [];
  const oldValues = new Map<string, unknown>();
  const oldSet = old ? fieldSetOf(old, opts.schema, oldValues) : new FieldSet();
  // Sets are handled by their encoded keys below: encoding a path is most of what a set operation costs, and each
  // path would otherwise be encoded again for every entry it is checked against.
  const changed = new Map<string, FieldPath>();
  for (const [k, p] of newSet.paths) {
    if (!oldValues.has(k) || !sameValue(oldValues.get(k), newValues.get(k))) changed.set(k, p);
  }
  const removed = new Set<string>();
  for (const k of oldSet.paths.keys()) if (!newSet.paths.has(k)) removed.add(k);
  const stored = old?.metadata.managedFields;
  const { entries: baseEntries, sets } = decodedEntries(updated.metadata.managedFields, stored, Boolean(old));
  const entries: ManagedFieldsEntry[] = [];
  let mine: FieldSet | undefined;
  let mineIndex = -1;
  baseEntries.forEach((e, n) => {
    const before = sets[n]!;
    const isMine = e.manager === opts.manager && e.operation === 'Update' && (e.subresource ?? '') === (opts.subresource ?? '');
    // Each entry is walked once, whatever the size of the write: cost follows the entries, not entries × changes.
    const set = new FieldSet();
    for (const [k, p] of before.paths) if (!removed.has(k) && (isMine || !changed.has(k))) set.paths.set(k, p);
    if (isMine) {
      mine = set;
      mineIndex = entries.length;
      return;
    }
    // An entry this write took nothing from is kept as it was (no re-encoding of its fields).
    if (set.size === before.size) entries.push(e);
    else if (set.size > 0) entries.push({ ...e, fieldsV1: set.toFieldsV1() });
  });
  const merged = mine ?? new FieldSet();
  for (const [k, p] of changed) merged.paths.set(k, p);
  if (merged.size > 0) entries.splice(mineIndex < 0 ? entries.length : mineIndex, 0, entryFor(opts, merged));
  return entries;
}

/**
 * The entries a write starts from, decoded: the client's when it sent other ones than stored (an empty list resets
 * them), the stored ones otherwise — and, as kube's decodeLiveOrNew does, the stored ones when the client's do
 * not decode, or none when the stored ones do not either.
 */
function decodedEntries(
  given: ManagedFieldsEntry[] | undefined,
  stored: ManagedFieldsEntry[] | undefined,
  update: boolean,
): { entries: ManagedFieldsEntry[]; sets: FieldSet[] } {
  const decode = (list: ManagedFieldsEntry[]) => ({ entries: list, sets: list.map(decodeManagedFieldsEntry) });
  const fallback = () => {
    try {
      return decode(stored ?? []);
    } catch (err) {
      if (err instanceof FieldsV1Error) return { entries: [], sets: [] };
      throw err;
    }
  };
  const clientSent = given !== undefined && (!update || (given !== stored && JSON.stringify(given) !== JSON.stringify(stored)));
  if (!clientSent) return fallback();
  if (!Array.isArray(given)) return fallback();
  try {
    return decode(given);
  } catch (err) {
    if (err instanceof FieldsV1Error) return fallback();
    throw err;
  }
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

/**
 * kube's default field manager (prefixFromUserAgent): the User-Agent up to the first `/`, without unprintable
 * characters, cut to the 128 bytes a field manager may have.
 */
export function managerFromUserAgent(ua: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of ua.split('/')[0] ?? '') {
    if (!isPrintRune(ch)) continue;
    const n = Buffer.byteLength(ch, 'utf8');
    if (bytes + n > 128) break;
    out += ch;
    bytes += n;
  }
  return out;
}
