// What ConfigMaps and Secrets share: valid data keys, and data frozen by `immutable: true`.
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { deepEqual } from '../../registry/meta.js';

const KEY_RE = /^[-._a-zA-Z0-9]+$/;

export function dataKeyErrors(obj: KObject, fields: readonly string[]): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    const m = obj[f];
    if (m === undefined || m === null) continue;
    if (typeof m !== 'object' || Array.isArray(m)) {
      errs.push(fieldErr.invalid(f, m, 'must be a map'));
      continue;
    }
    for (const k of Object.keys(m)) {
      if (!KEY_RE.test(k) || k.length > 253) {
        errs.push(
          fieldErr.invalid(
            `${f}[${k}]`,
            k,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
          ),
        );
      }
      if (seen.has(k)) errs.push(fieldErr.invalid(`${f}[${k}]`, k, 'duplicate of key present in data'));
      seen.add(k);
    }
  }
  return errs;
}

/**
 * ConfigMaps and Secrets marked `immutable: true`: the mark cannot be taken back and the data cannot change
 * (ValidateConfigMapUpdate, ValidateSecretUpdate).
 */
export function immutableDataErrors(obj: KObject, old: KObject, fields: readonly string[]): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errs: FieldError[] = [];
  if (obj['immutable'] !== true) errs.push(fieldErr.forbidden('immutable', 'field is immutable when `immutable` is set'));
  // An empty map is stored as none (kube's storage cannot tell them apart), so the two are the same data.
  const data = (o: KObject, f: string) => (o[f] && typeof o[f] === 'object' && Object.keys(o[f]).length ? o[f] : undefined);
  for (const f of fields)
    if (!deepEqual(data(obj, f), data(old, f))) errs.push(fieldErr.forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}
