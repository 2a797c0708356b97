// JSON merge patch (RFC 7386) as the library kube applies it with (evanphx/json-patch.v4 MergePatch): null deletes,
// objects merge, anything else replaces; where a value lands on nothing (or on a non-object), the nulls inside it
// are pruned, in lists too. Keys are own properties only, and assignment never touches a prototype, so
// `__proto__` or `valueOf` in a patch are data like any other key. Linear in the size of the patch.
import { isObject } from './is-object.js';

type Obj = Record<string, unknown>;

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function set(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Applies `patch` to `target` and returns the result; neither is modified, and nothing of the patch is shared. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch) || !isObject(target)) return pruneNulls(patch);
  return mergeDocs(target, patch);
}

function mergeDocs(doc: Obj, patch: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(doc)) set(out, k, doc[k]);
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else if (!has(out, k) || out[k] === null) set(out, k, pruneNulls(v));
    else {
      const cur = out[k];
      // A value that is no object is replaced (nulls pruned); an object takes a non-object as it is.
      set(out, k, !isObject(cur) ? pruneNulls(v) : isObject(v) ? mergeDocs(cur, v) : structuredClone(v));
    }
  }
  return out;
}

/** A copy without null members (pruneDocNulls) or null elements (pruneAryNulls), at any depth. */
function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const el of v) if (el !== null) out.push(pruneNulls(el));
    return out;
  }
  if (!isObject(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v)) if (v[k] !== null) set(out, k, pruneNulls(v[k]));
  return out;
}

/** The merge patch that turns `original` into `modified`. */
export function createMergePatch(original: unknown, modified: unknown): unknown {
  if (!isObject(original) || !isObject(modified)) return structuredClone(modified);
  const patch: Obj = {};
  for (const k of Object.keys(original)) if (!has(modified, k)) set(patch, k, null);
  for (const k of Object.keys(modified)) {
    const v = modified[k];
    if (!has(original, k)) set(patch, k, structuredClone(v));
    else if (JSON.stringify(original[k]) !== JSON.stringify(v)) set(patch, k, createMergePatch(original[k], v));
  }
  return patch;
}
