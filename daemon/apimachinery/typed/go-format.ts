// How Go's fmt prints the values kube puts into error messages: decoded JSON (map[string]interface{}, []interface{},
// int64, float64, string, bool, nil) under %v, %+v and %#v, strconv.Quote (%q) and encoding/hex's Dump. Only error
// paths call these, so they favour fidelity over speed.

const HEX = '0123456789abcdef';

/** Go's strconv.Quote: printable runes stay, the rest become \a \b \f \n \r \t \v \xNN \uNNNN \UNNNNNNNN. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += `\\x${HEX[c >> 4]}${HEX[c & 15]}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\uFFFD'; // Go's JSON decoder turned a lone surrogate into U+FFFD
    else if (isPrintable(c)) out += ch;
    else if (c < 0x10000) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += `\\U${c.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** An approximation of unicode.IsPrint for runes beyond ASCII: letters, marks, numbers, punctuation, symbols. */
function isPrintable(c: number): boolean {
  if (c === 0xa0 || c === 0xad) return false;
  return /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(String.fromCodePoint(c));
}

/** A JSON number as Go's %v prints a float64 ('g' with the shortest representation) or an int64. */
export function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    // Go: 1e+21, 1e-05 (at least two exponent digits); JS: 1e+21, 1e-5.
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '');
    return `${mant}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
  }
  return String(n);
}

/** %v and %+v of a decoded JSON value: map[a:1 b:[x y]] with sorted keys, <nil> for null. */
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
