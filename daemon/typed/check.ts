// Walks a decoded body against its TypeNode the way kube's JSON decoder fills a Go struct: every value of the wrong
// JSON kind, every number out of its Go type's range and every text a Go unmarshaler refuses (base64, times,
// quantities) becomes a DecodeIssue. Values kube would change while decoding are changed the same way when
// `normalize` is set: a null field is dropped (Go leaves the zero value, which is not written back), a null list
// item or map value becomes its type's zero value, a timestamp is re-encoded as kube stores it, a quantity given
// as a number becomes its text.
// Cost: one pass over the typed part of the body (about 0.3 µs for a small ConfigMap), allocating only the walk's
// state unless something is wrong; `object`/`any` subtrees (types kcpx does not model) are not entered.
import { base64Error } from './base64.js';
import { normalizeGoTime, RFC3339, RFC3339_MICRO } from './go-time.js';
import type { DecodeIssue, TypeNode } from './model.js';
import { quantityError, quantityText } from './quantity.js';

export interface CheckOptions {
  /** Rewrite nulls and timestamps as kube would store them (request bodies); off to only inspect (read-back). */
  normalize: boolean;
  /** Stop at the first problem Go would return at once (decoding), or collect up to `max` problems. */
  stopAtImmediate: boolean;
  /** How many problems to collect at most. */
  max: number;
}

/** One walk's state; a class, so every walk has the same shape and property reads stay monomorphic. */
class State {
  readonly normalize: boolean;
  readonly stopAtImmediate: boolean;
  readonly max: number;
  readonly path: Array<string | number> = [];
  readonly fields: string[] = [];
  struct = '';
  readonly issues: DecodeIssue[] = [];
  stop = false;

  constructor(opts: CheckOptions) {
    this.normalize = opts.normalize;
    this.stopAtImmediate = opts.stopAtImmediate;
    this.max = opts.max;
  }
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/** 2^63: the first value int64 cannot hold (and, as a double, the first that would serialise out of range). */
const INT64_LIMIT = 9223372036854775808;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Walks `value` as `node`; returns the problems found (empty when the body decodes). */
export function checkTyped(value: unknown, node: TypeNode, opts: CheckOptions): DecodeIssue[] {
  const st = new State(opts);
  visit(value, node, st);
  return st.issues;
}

function report(st: State, issue: Omit<DecodeIssue, 'struct' | 'fieldStack' | 'path'>): void {
  if (st.issues.length < st.max) st.issues.push({ ...issue, struct: st.struct, fieldStack: st.fields.join('.'), path: [...st.path] });
  if ((issue.immediate && st.stopAtImmediate) || st.issues.length >= st.max) st.stop = true;
}

function mismatch(st: State, node: TypeNode, value: unknown, immediate = false, goType?: string): void {
  const issue: Omit<DecodeIssue, 'struct' | 'fieldStack' | 'path'> = { problem: 'type', immediate, node, value };
  if (goType) issue.goType = goType;
  report(st, issue);
}

function refused(st: State, node: TypeNode, value: unknown, message: string, immediate: boolean): void {
  report(st, { problem: 'value', immediate, node, value, message });
}

/** Go's zero value of a type, as a null list item or map value decodes to it; undefined where it stays null. */
function zeroOf(node: TypeNode): unknown {
  switch (node.kind) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
    case 'float64':
    case 'intorstring':
      return 0;
    case 'quantity':
      return '0';
    case 'struct':
      return {};
    default:
      return undefined;
  }
}

function visit(v: unknown, node: TypeNode, st: State): unknown {
  switch (node.kind) {
    case 'string':
      if (typeof v === 'string') return v;
      break;
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'int32':
      if (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) return v;
      break;
    case 'int64':
      if (typeof v === 'number' && Number.isInteger(v) && v < INT64_LIMIT && v >= -INT64_LIMIT) return v;
      break;
    case 'float64':
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      break;
    case 'bytes':
      if (typeof v === 'string') {
        const err = base64Error(v);
        if (err) refused(st, node, v, err, false);
        return v;
      }
      break;
    case 'time':
    case 'microtime':
      // metav1.Time's UnmarshalJSON decodes a string first, so a wrong kind is reported against `string`.
      if (typeof v !== 'string') {
        mismatch(st, node, v, true, 'string');
        return v;
      }
      {
        const t = normalizeGoTime(node.kind === 'time' ? RFC3339 : RFC3339_MICRO, v);
        if ('error' in t) {
          refused(st, node, v, t.error, true);
          return v;
        }
        return st.normalize ? t.value : v;
      }
    case 'quantity': {
      const text = quantityText(v);
      const err = quantityError(text);
      if (err) refused(st, node, v, err, true);
      // kube writes a Quantity back as a string (1.5 as "1500m"); its text is the same quantity, and a string.
      else if (typeof v === 'number' && st.normalize) return text;
      return v;
    }
    case 'intorstring':
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX) return v;
      // IntOrString decodes anything but a string into its int32.
      mismatch(st, node, v, true, 'int32');
      return v;
    case 'struct':
      if (isObject(v)) {
        visitStruct(v, node, st);
        return v;
      }
      break;
    case 'slice':
      if (Array.isArray(v)) {
        visitSlice(v, node.elem!, st);
        return v;
      }
      break;
    case 'map':
      if (isObject(v)) {
        visitMap(v, node.elem!, st);
        return v;
      }
      break;
    case 'object':
      if (isObject(v)) return v;
      break;
    case 'any':
      return v;
    case 'alternatives': {
      const alt = node.alternatives!;
      const inner = isObject(v) ? alt.object : Array.isArray(v) ? alt.array : undefined;
      if (inner) visitNested(v, inner, st);
      else if (typeof v === 'boolean' && alt.bool) return v;
      else if (alt.other !== 'ignored') refused(st, node, v, alt.other.message, true);
      // Decoded to nothing: dropped, as kube writes it back empty.
      else if (st.normalize) return undefined;
      return v;
    }
  }
  mismatch(st, node, v);
  return v;
}

/**
 * A value decoded by a json.Unmarshal of its own inside a custom UnmarshalJSON: its problems carry no context of
 * their own, Go returns them at once, and the outer decoder then names the outer field (keeping the inner type).
 */
function visitNested(v: unknown, node: TypeNode, st: State): void {
  const inner = checkTyped(v, node, { normalize: st.normalize, stopAtImmediate: true, max: st.stopAtImmediate ? 8 : st.max });
  const found = st.stopAtImmediate ? [inner.find((i) => i.immediate) ?? inner[0]].filter((i) => i !== undefined) : inner;
  for (const issue of found) {
    const goType = issue.problem === 'type' ? (issue.goType ?? issue.node.goType) : undefined;
    const outer: Omit<DecodeIssue, 'struct' | 'fieldStack' | 'path'> = {
      problem: issue.problem,
      immediate: true,
      node: issue.node,
      value: issue.value,
    };
    if (goType) outer.goType = goType;
    if (issue.message) outer.message = issue.message;
    const depth = st.path.length;
    st.path.push(...issue.path);
    report(st, outer);
    st.path.length = depth;
    if (st.stop) return;
  }
}

function visitStruct(obj: Record<string, unknown>, node: TypeNode, st: State): void {
  const fields = node.fields!;
  const outer = st.struct;
  // for…in rather than Object.keys: no array per object; bodies are JSON.parse'd, with nothing enumerable inherited.
  for (const k in obj) {
    const f = fields[k];
    if (f === undefined) continue; // unknown fields are fieldValidation's business
    const v = obj[k];
    // undefined only reaches here from in-process callers: it is what JSON leaves out.
    if (v === undefined) continue;
    if (v === null) {
      if (st.normalize && f.kind !== 'any') delete obj[k];
      continue;
    }
    st.path.push(k);
    st.fields.push(k);
    st.struct = node.struct!;
    const nv = visit(v, f, st);
    if (nv === undefined) delete obj[k];
    else if (nv !== v) obj[k] = nv;
    st.path.pop();
    st.fields.pop();
    st.struct = outer;
    if (st.stop) return;
  }
}

function visitSlice(list: unknown[], elem: TypeNode, st: State): void {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (v === null) {
      if (st.normalize) {
        const zero = zeroOf(elem);
        if (zero !== undefined) list[i] = zero;
      }
      continue;
    }
    st.path.push(i);
    const nv = visit(v, elem, st);
    if (nv !== v) list[i] = nv ?? null;
    st.path.pop();
    if (st.stop) return;
  }
}

function visitMap(obj: Record<string, unknown>, elem: TypeNode, st: State): void {
  for (const k in obj) {
    const v = obj[k];
    if (v === null) {
      if (st.normalize) {
        const zero = zeroOf(elem);
        if (zero !== undefined) obj[k] = zero;
      }
      continue;
    }
    st.path.push(k);
    const nv = visit(v, elem, st);
    if (nv !== v) obj[k] = nv ?? null;
    st.path.pop();
    if (st.stop) return;
  }
}
