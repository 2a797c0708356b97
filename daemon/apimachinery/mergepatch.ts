// RFC 7386 JSON merge patch. Keys are own properties only, and assignment never touches a prototype, so
// `__proto__` or `valueOf` in a patch are data like any other key.
import { isObject } from './is-object.js';

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function set(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Applies `patch` to `target` and returns the result (inputs are not modified). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = {};
  if (isObject(target)) for (const k of Object.keys(target)) set(out, k, target[k]);
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else set(out, k, applyMergePatch(has(out, k) ? out[k] : undefined, v));
  }
  return out;
}

/** The merge patch that turns `original` into `modified`. */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (!isObject(original) || !isObject(modified)) return structuredClone(modified);
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(original)) if (!has(modified, k)) set(patch, k, null);
  for (const k of Object.keys(modified)) {
    const v = modified[k];
    if (!has(original, k)) set(patch, k, structuredClone(v));
    else if (JSON.stringify(original[k]) !== JSON.stringify(v)) set(patch, k, createMergePatch(original[k], v));
  }
  return patch;
}
