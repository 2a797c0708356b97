// ObjectMeta on update, as rest.BeforeUpdate and ValidateObjectMetaUpdate treat it: a few server-owned fields are
// silently restored from the stored object, and the other identity fields refuse to change (422 "field is
// immutable"), so no write can rename, re-own or un-delete an object.
import { goQuote, goStringSlice, goTimeString } from './gostrings.js';
import { fieldErr, GoSyntax } from './status.js';
import type { FieldError, ObjectMeta } from './types.js';

/**
 * rest.BeforeUpdate: generation is the server's; uid is kept when the update leaves it empty; creationTimestamp
 * cannot be changed; deletionTimestamp cannot be removed or changed once set; deletionGracePeriodSeconds is kept
 * when the update leaves it unset.
 */
export function restoreMetaOnUpdate(meta: ObjectMeta, old: ObjectMeta): void {
  if (old.generation !== undefined) meta.generation = old.generation;
  else delete meta.generation;
  if (!meta.uid && old.uid) meta.uid = old.uid;
  if (old.creationTimestamp) meta.creationTimestamp = old.creationTimestamp;
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp;
  if (
    old.deletionGracePeriodSeconds !== undefined &&
    old.deletionGracePeriodSeconds !== null &&
    (meta.deletionGracePeriodSeconds ?? null) === null
  ) {
    meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds;
  }
}

const IMMUTABLE = 'field is immutable';

/** How a field error prints a *metav1.Time: its String(), or "null". */
function timeValue(v: string | null | undefined): unknown {
  if (v === undefined || v === null) return null;
  const text = goTimeString(v);
  return new GoSyntax(text ?? goQuote(v));
}

/** ValidateObjectMetaUpdate's rules for fields a client cannot change (after restoreMetaOnUpdate). */
export function objectMetaUpdateErrors(meta: ObjectMeta, old: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (old.deletionTimestamp) {
    const had = new Set(old.finalizers ?? []);
    const extra = [...new Set((meta.finalizers ?? []).filter((f) => !had.has(f)))].sort();
    if (extra.length) {
      errs.push(
        fieldErr.forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice(extra)}`,
        ),
      );
    }
  }
  for (const f of ['name', 'namespace', 'uid'] as const) {
    const now = meta[f] ?? '';
    if (now !== (old[f] ?? '')) errs.push(fieldErr.invalid(`metadata.${f}`, new GoSyntax(goQuote(String(now))), IMMUTABLE));
  }
  if ((meta.deletionTimestamp ?? null) !== (old.deletionTimestamp ?? null)) {
    errs.push(fieldErr.invalid('metadata.deletionTimestamp', timeValue(meta.deletionTimestamp), IMMUTABLE));
  }
  if ((meta.deletionGracePeriodSeconds ?? null) !== (old.deletionGracePeriodSeconds ?? null)) {
    errs.push(fieldErr.invalid('metadata.deletionGracePeriodSeconds', meta.deletionGracePeriodSeconds ?? null, IMMUTABLE));
  }
  return errs;
}
