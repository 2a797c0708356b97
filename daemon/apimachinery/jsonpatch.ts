// RFC 6902 JSON patch with the semantics of the library kube applies it with (gopkg.in/evanphx/json-patch.v4):
// pointers are resolved from the second segment on, the document root can only be replaced or tested, a move
// takes its value out before it puts it back (so nothing can be moved into itself), a replace of a missing key
// adds it, negative array indices count from the end, and a missing "value" is null. Work and memory are
// bounded: copies by kube's accumulated-copy limit, array shifting by a budget of its own, so no patch can make
// the server spin or grow a document without bound.
import { isObject } from './is-object.js';

type Obj = Record<string, unknown>;
type Container = Obj | unknown[];

/** handlers.maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;
/** The apiserver's JSONPatchMaxCopyBytes, armed as jsonpatch.AccumulatedCopySizeLimit. */
export const MAX_COPY_BYTES = 3 * 1024 * 1024;
/**
 * Array elements inserts and removals may shift in one patch. kube has no such bound (its arrays shift as fast
 * as Go copies memory); 10,000 inserts at the head of a million-element list would keep a JS server busy for
 * seconds, so past this a patch fails as any other patch that does not apply.
 */
export const MAX_SHIFTED_ELEMENTS = 64 * 1024 * 1024;

/** A patch that does not apply to the document (kube answers every such failure with one 422). */
export class JsonPatchError extends Error {}

export interface JsonPatchLimits {
  maxCopyBytes?: number;
  maxShiftedElements?: number;
}

const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function setOwn(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** RFC 6901 unescaping, both escapes in one left-to-right pass (`~01` is `~1`). */
function decodeKey(k: string): string {
  return k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));
}

/** strconv.Atoi: an optional sign and decimal digits. */
function atoi(key: string): number | undefined {
  return /^[+-]?\d+$/.test(key) ? Number(key) : undefined;
}

class Patcher {
  private copied = 0;
  private shifted = 0;

  constructor(
    private doc: Container,
    private readonly limits: Required<JsonPatchLimits>,
  ) {}

  result(): Container {
    return this.doc;
  }

  /** findObject: the container a pointer's last segment is in, and that segment; undefined when there is none. */
  private find(path: string): { con: Container; key: string } | undefined {
    const parts = path.split('/');
    if (parts.length < 2) return undefined;
    let con: Container = this.doc;
    for (let i = 1; i < parts.length - 1; i++) {
      const next = this.child(con, decodeKey(parts[i]!));
      if (next === undefined || next === null || typeof next !== 'object') return undefined;
      con = next as Container;
    }
    return { con, key: decodeKey(parts[parts.length - 1]!) };
  }

  /** A container's member: undefined when an object lacks the key or an index is out of range. */
  private child(con: Container, key: string): unknown {
    if (!Array.isArray(con)) return hasOwn(con, key) ? con[key] : undefined;
    const i = this.index(con, key, con.length);
    return i === undefined ? undefined : con[i];
  }

  /** An index into an array of `size` (negative ones count from the end); undefined when out of range. */
  private index(arr: unknown[], key: string, size: number): number | undefined {
    let i = atoi(key);
    if (i === undefined) return undefined;
    if (i < 0) {
      if (i < -size) return undefined;
      i += size;
    }
    return i < size ? i : undefined;
  }

  private shift(n: number): void {
    this.shifted += n;
    if (this.shifted > this.limits.maxShiftedElements) throw new JsonPatchError('array operations exceed the budget of one patch');
  }

  private get(con: Container, key: string, op: string): unknown {
    if (!Array.isArray(con)) return hasOwn(con, key) ? con[key] : undefined;
    const i = this.index(con, key, con.length);
    if (i === undefined) throw new JsonPatchError(`error in ${op}: invalid index ${key}`);
    return con[i];
  }

  private add(con: Container, key: string, value: unknown): void {
    if (!Array.isArray(con)) {
      setOwn(con, key, value);
      return;
    }
    if (key === '-') {
      con.push(value);
      return;
    }
    const i = this.index(con, key, con.length + 1);
    if (i === undefined) throw new JsonPatchError(`value was not a proper array index: '${key}'`);
    this.shift(con.length - i);
    con.splice(i, 0, value);
  }

  private remove(con: Container, key: string): void {
    if (!Array.isArray(con)) {
      if (!hasOwn(con, key)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}`);
      delete con[key];
      return;
    }
    const i = this.index(con, key, con.length);
    if (i === undefined) throw new JsonPatchError(`Unable to access invalid index: ${key}`);
    this.shift(con.length - i);
    con.splice(i, 1);
  }

  apply(op: Obj): void {
    const kind = op['op'];
    switch (kind) {
      case 'add': {
        const at = this.located(op, 'path');
        this.add(at.con, at.key, valueOf(op));
        return;
      }
      case 'remove': {
        const at = this.located(op, 'path');
        this.remove(at.con, at.key);
        return;
      }
      case 'replace': {
        const path = pointer(op, 'path');
        if (path === '') {
          const v = valueOf(op);
          if (!isObject(v) && !Array.isArray(v)) throw new JsonPatchError('replace operation value must be object or array');
          this.doc = v;
          return;
        }
        const at = this.located(op, 'path');
        this.get(at.con, at.key, 'replace');
        if (Array.isArray(at.con)) at.con[this.index(at.con, at.key, at.con.length)!] = valueOf(op);
        else setOwn(at.con, at.key, valueOf(op));
        return;
      }
      case 'move': {
        const from = this.located(op, 'from');
        const v = this.get(from.con, from.key, 'move');
        this.remove(from.con, from.key);
        // Resolved only now: a value moved into its own child finds its destination gone.
        const to = this.located(op, 'path');
        this.add(to.con, to.key, v);
        return;
      }
      case 'test': {
        const path = pointer(op, 'path');
        const expected = hasOwn(op, 'value') ? op['value'] : undefined;
        if (path === '') {
          if (!jsonEqual(this.doc, expected ?? null)) throw new JsonPatchError('testing value failed');
          return;
        }
        const at = this.located(op, 'path');
        const actual = this.get(at.con, at.key, 'test');
        if (actual === undefined || actual === null) {
          if (expected === undefined || expected === null) return;
          throw new JsonPatchError('testing value failed');
        }
        if (expected === undefined || !jsonEqual(actual, expected)) throw new JsonPatchError('testing value failed');
        return;
      }
      case 'copy': {
        const from = this.located(op, 'from');
        const v = this.get(from.con, from.key, 'copy');
        const to = this.located(op, 'path');
        const json = v === undefined ? undefined : JSON.stringify(v);
        this.copied += json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
        if (this.copied > this.limits.maxCopyBytes) {
          throw new JsonPatchError(`unable to apply a patch of more than ${this.limits.maxCopyBytes} bytes of copies`);
        }
        this.add(to.con, to.key, json === undefined ? null : JSON.parse(json));
        return;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${typeof kind === 'string' ? kind : 'unknown'}`);
    }
  }

  private located(op: Obj, field: 'path' | 'from'): { con: Container; key: string } {
    const at = this.find(pointer(op, field));
    if (!at) throw new JsonPatchError(`doc is missing ${field}`);
    return at;
  }
}

function pointer(op: Obj, field: 'path' | 'from'): string {
  const v = op[field];
  if (typeof v !== 'string') throw new JsonPatchError(`operation missing ${field} field`);
  return v;
}

/** The operation's value, copied: the patch is applied again after a lost race, so it must stay as it came. */
function valueOf(op: Obj): unknown {
  return hasOwn(op, 'value') && op['value'] !== undefined ? structuredClone(op['value']) : null;
}

/** JSON equality: objects by their members (order aside), arrays element by element. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!hasOwn(b, k) || !jsonEqual((a as Obj)[k], (b as Obj)[k])) return false;
  return true;
}

/**
 * Applies decoded operations to `doc`, which is modified (a replace of the root returns another document).
 * Throws JsonPatchError when an operation does not apply.
 */
export function applyJsonPatch(doc: Container, ops: readonly unknown[], limits: JsonPatchLimits = {}): Container {
  const p = new Patcher(doc, {
    maxCopyBytes: limits.maxCopyBytes ?? MAX_COPY_BYTES,
    maxShiftedElements: limits.maxShiftedElements ?? MAX_SHIFTED_ELEMENTS,
  });
  for (const op of ops) {
    // A null operation decodes to an empty one, whose kind is unknown.
    p.apply(isObject(op) ? op : {});
  }
  return p.result();
}
