// Bounds on what a JSON text may cost before it is parsed. kube's decoders refuse nesting deeper than 10000
// (encoding/json's maxNestingDepth) with "invalid character '[' exceeded max depth". kcpx refuses at a lower depth
// with the same words: V8's own recursive code (JSON.stringify, structuredClone) overflows its stack at a few
// thousand levels, and the server's walkers (patches, managed fields, validation) at fewer, so a deeper body would
// end in a stack overflow somewhere on its way to storage. JSON.parse also turns number literals beyond float64
// into Infinity, which JSON.stringify writes back as null; Go's decoder refuses them, and so does this scan.
import { goJSONSyntaxError, quoteChar } from './json-syntax.js';

/** The deepest nesting of arrays and objects a body may have (kube: 10000; see above). */
export const MAX_NESTING_DEPTH = 1000;

const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** A JSON text refused before or while parsing, with Go's words. */
export class JSONLimitError extends Error {}

/**
 * One pass over the bytes: nesting depth and number literals. Returns nothing for a text within bounds, whether or
 * not it is valid JSON (the parser reports syntax); throws JSONLimitError with Go's words otherwise.
 */
export function checkJSONLimits(text: Uint8Array, maxDepth = MAX_NESTING_DEPTH): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i]!;
    if (c === QUOTE) {
      // Skip the string: its brackets and digits are text.
      for (i++; i < n; i++) {
        const s = text[i]!;
        if (s === BACKSLASH) i++;
        else if (s === QUOTE) break;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > maxDepth) throw new JSONLimitError(`invalid character ${quoteChar(c)} exceeded max depth`);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      // A number literal: only long ones or ones with an exponent can leave float64's range.
      const start = i;
      let exponent = false;
      while (i + 1 < n) {
        const d = text[i + 1]!;
        if (d === 0x65 || d === 0x45) exponent = true;
        else if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2b || d === 0x2d)) break;
        i++;
      }
      if (exponent || i - start > 300) {
        const literal = Buffer.from(text.buffer, text.byteOffset + start, i + 1 - start).toString('latin1');
        const value = Number(literal);
        if (!Number.isNaN(value) && !Number.isFinite(value)) {
          throw new JSONLimitError(`json: cannot unmarshal number ${literal} into Go value of type float64`);
        }
      }
    }
  }
}

/** The deepest nesting of a decoded value, walked without recursion; stops counting past `limit`. */
export function nestingDepthExceeds(value: unknown, limit = MAX_NESTING_DEPTH): boolean {
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length) {
    const { v, d } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > limit) return true;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push({ v: c, d: d + 1 });
  }
  return false;
}

/** The first number in a decoded value that is not finite (YAML's .inf, 1e400), walked without recursion. */
export function findNonFinite(value: unknown): number | undefined {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return v;
    } else if (v !== null && typeof v === 'object') {
      if (Array.isArray(v)) for (const c of v) stack.push(c);
      else for (const c of Object.values(v as Record<string, unknown>)) stack.push(c);
    }
  }
  return undefined;
}

/**
 * JSON.parse within the bounds above, failing as Go's decoder fails: a JSONLimitError, or a JSONLimitError with
 * Go's syntax message for text that is not JSON.
 */
export function parseJSONBounded(raw: Buffer): unknown {
  checkJSONLimits(raw);
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw new JSONLimitError(goJSONSyntaxError(raw) ?? err.message);
  }
}
