// Server-owned metadata: what kube-apiserver's rest.BeforeCreate/BeforeUpdate fill in or protect.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KObject, ObjectMeta } from '../apimachinery/types.js';
import { restoreMetaOnUpdate } from '../apimachinery/objectmeta-update.js';
import { timestamp } from '../apimachinery/time.js';

export { timestamp };

const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** apiserver's SimpleNameGenerator: base truncated to 58 characters plus 5 random characters. */
export function generateName(base: string): string {
  const bytes = randomBytes(5);
  let suffix = '';
  for (const b of bytes) suffix += NAME_ALPHABET[b % NAME_ALPHABET.length];
  return base.slice(0, 58) + suffix;
}

export const CLUSTER_ANNOTATION = 'kcp.io/cluster';

/** Fields a create may not choose (`tracksGeneration`: the kind's strategy maintains metadata.generation). */
export function prepareMetaForCreate(obj: KObject, tracksGeneration: boolean, cluster: string, now: Date): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = timestamp(now);
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete (m as Record<string, unknown>)['selfLink'];
  if (tracksGeneration) m.generation = 1;
  else delete m.generation;
  m.annotations = { ...(m.annotations ?? {}), [CLUSTER_ANNOTATION]: cluster };
}

/**
 * Server-owned fields an update leaves as they were (rest.BeforeUpdate's restorations, and the logical cluster the
 * object lives in); identity fields that an update tries to change are refused by validation instead.
 */
export function preserveMetaOnUpdate(obj: KObject, old: KObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  restoreMetaOnUpdate(m, o);
  if (m.creationTimestamp === undefined) m.creationTimestamp = null;
  if (o.annotations?.[CLUSTER_ANNOTATION])
    m.annotations = { ...(m.annotations ?? {}), [CLUSTER_ANNOTATION]: o.annotations[CLUSTER_ANNOTATION] };
  delete (m as Record<string, unknown>)['selfLink'];
}

/** Everything but metadata (and status, when it has its own endpoint) counts as spec for generation bumps. */
export function specChanged(obj: KObject, old: KObject, ignoreStatus: boolean): boolean {
  const strip = (o: KObject): Record<string, unknown> => {
    const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = o;
    if (ignoreStatus) delete rest['status'];
    return rest;
  };
  return !deepEqual(strip(obj), strip(old));
}

/** Whether an update would change nothing a client can see (kube skips such writes and keeps the resourceVersion). */
export function isNoop(obj: KObject, old: KObject): boolean {
  const norm = (o: KObject) => {
    const meta: ObjectMeta = { ...o.metadata };
    delete meta.resourceVersion;
    delete meta.managedFields;
    return { ...o, metadata: meta };
  };
  return deepEqual(norm(obj), norm(old)) && managedFieldsEqualIgnoringTime(obj, old);
}

function managedFieldsEqualIgnoringTime(a: KObject, b: KObject): boolean {
  const strip = (o: KObject) => (o.metadata.managedFields ?? []).map(({ time: _t, ...rest }) => rest);
  return deepEqual(strip(a), strip(b));
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!deepEqual(ao[k], bo[k])) return false;
  return true;
}

export function clone<T>(v: T): T {
  return structuredClone(v);
}
