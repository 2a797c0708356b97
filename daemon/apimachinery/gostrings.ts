// The pieces of Go's strconv and fmt that kube's messages are made of: query parameters are converted with
// strconv (and its error texts reach clients verbatim), and field errors print values with %q and %#v.

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function isPrintRune(ch: string): boolean {
  return PRINTABLE.test(ch);
}

const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** strconv.Quote (what %q prints): printable runes as they are, the rest escaped the way Go escapes them. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const short = SHORT_ESCAPES[ch];
    const cp = ch.codePointAt(0)!;
    if (short) out += short;
    // A lone surrogate is not valid UTF-8: Go's string would hold U+FFFD there, which is printable.
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd';
    else if (isPrintRune(ch)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** %q of a []string: `["a" "b"]`. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** %#v of a []string: `[]string{"a", "b"}`. */
export function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

/** A conversion error: its message is what strconv's *NumError prints. */
export class ConversionError extends Error {}

const DECIMAL = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 10, 64). The result is a JS number: exact up to 2^53, which every use here stays within. */
export function parseInt64(s: string): number {
  if (!DECIMAL.test(s)) throw new ConversionError(`strconv.ParseInt: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) throw new ConversionError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

/** strconv.ParseUint(s, 10, 64): no sign allowed. */
export function parseUint64(s: string): number {
  if (!/^[0-9]+$/.test(s)) throw new ConversionError(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > UINT64_MAX) throw new ConversionError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

/** runtime.Convert_Slice_string_To_bool: only "false" (any case) and "0" are false; anything else, even "", is true. */
export function parseQueryBool(s: string): boolean {
  return !(s === '0' || s.toLowerCase() === 'false');
}

/** The byte offset of each rune of s in its UTF-8 encoding, as Go's `for i, r := range s` yields it. */
export function* runesWithByteOffsets(s: string): Generator<[number, string]> {
  let offset = 0;
  for (const ch of s) {
    yield [offset, ch];
    offset += Buffer.byteLength(ch, 'utf8');
  }
}

/** %#U of a rune that is not printable: `U+0009`. */
export function goRuneHex(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A metav1.Time as a field error prints it (time.Time's String(), in the server's zone, UTC):
 * `2026-01-02 03:04:05 +0000 UTC`. Undefined when the text is not RFC 3339, which kube's decoder would have refused.
 */
export function goTimeString(rfc3339: string): string | undefined {
  const m = RFC3339.exec(rfc3339);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as string[];
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const t = new Date(ms);
  if (Number.isNaN(t.getTime())) return undefined;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const fraction = frac ? frac.replace(/0+$/, '') : '';
  return `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}${fraction ? `.${fraction.slice(0, 9)}` : ''} +0000 UTC`;
}

const HEX = '0123456789abcdef';

/** %v of a JSON number: an int64 as digits, a float64 as strconv.FormatFloat(f, 'g', -1, 64). */
export function goNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    // Go: 1e+21, 1e-05 (at least two exponent digits); JS: 1e+21, 1e-5.
    const [mantissa, e] = n.toExponential().split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  return String(n);
}

/**
 * fmt's %v (and %+v) of a decoded JSON value (map[string]interface{}, []interface{}, string, int64/float64, bool,
 * nil): `map[a:1 b:[x y]]` with sorted keys, `<nil>` for null.
 */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort()
    .map((k) => `${k}:${goValue(o[k])}`)
    .join(' ')}]`;
}

/** %#v of a decoded JSON value: map[string]interface {}{"a":1}, []interface {}{"x"}, "s", 1, true, interface {}(nil). */
export function goSharpValue(v: unknown, top = true): string {
  if (v === null || v === undefined) return top ? '<nil>' : 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => goSharpValue(x, false)).join(', ')}}`;
  const o = v as Record<string, unknown>;
  return `map[string]interface {}{${Object.keys(o)
    .sort()
    .map((k) => `${goQuote(k)}:${goSharpValue(o[k], false)}`)
    .join(', ')}}`;
}

/** The Go type name of a decoded JSON value (%T): string, int64, float64, bool, map[string]interface {}, []interface {}. */
export function goTypeOf(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** The reflect.Kind name of a decoded JSON value: string, int64, float64, bool, map, slice, invalid. */
export function goKindOf(v: unknown): string {
  if (v === null || v === undefined) return 'invalid';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return 'map';
  return goTypeOf(v);
}

/** encoding/hex.Dump: offset, 16 bytes in hex (an extra space after 8), and the printable ASCII between bars. */
export function hexDump(bytes: Uint8Array): string {
  let out = '';
  for (let off = 0; off < bytes.length; off += 16) {
    const line = bytes.subarray(off, off + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i < line.length) {
        const b = line[i]!;
        hex += `${HEX[b >> 4]}${HEX[b & 15]} `;
        ascii += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
      } else hex += '   ';
      if (i === 7) hex += ' ';
    }
    out += `${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|\n`;
  }
  return out;
}
