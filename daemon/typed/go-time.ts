// Go's time.Parse for the two layouts kube decodes timestamps with — metav1.Time (time.RFC3339) and
// metav1.MicroTime ("2006-01-02T15:04:05.000000Z07:00") — with Go's acceptance rules (a one-digit hour, a
// fractional second the RFC 3339 layout does not ask for, offsets up to ±24:60) and its exact error messages,
// which kube returns verbatim (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`).
// Parsed times are re-encoded as kube stores them: UTC, second precision (Time) or microseconds (MicroTime).

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

type Layout = typeof RFC3339 | typeof RFC3339_MICRO;

/** The layout split as Go's nextStdChunk splits it: literal prefixes and std elements. */
type Chunk = { prefix: string; std: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'frac6' | 'tz' | 'end'; text: string };

const CHUNKS: Record<Layout, Chunk[]> = {
  [RFC3339]: chunks(false),
  [RFC3339_MICRO]: chunks(true),
};

function chunks(micro: boolean): Chunk[] {
  const out: Chunk[] = [
    { prefix: '', std: 'year', text: '2006' },
    { prefix: '-', std: 'month', text: '01' },
    { prefix: '-', std: 'day', text: '02' },
    { prefix: 'T', std: 'hour', text: '15' },
    { prefix: ':', std: 'minute', text: '04' },
    { prefix: ':', std: 'second', text: '05' },
  ];
  if (micro) out.push({ prefix: '', std: 'frac6', text: '.000000' });
  out.push({ prefix: '', std: 'tz', text: 'Z07:00' }, { prefix: '', std: 'end', text: '' });
  return out;
}

export interface ParsedTime {
  /** Milliseconds since the epoch (UTC). */
  ms: number;
  /** Nanoseconds within the second. */
  nanos: number;
}

const isDigit = (s: string, i: number) => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** time's quote(): printable ASCII as is (with \" and \\), everything else as \xNN bytes of its UTF-8. */
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x80 || c < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += `\\x${b.toString(16).padStart(2, '0')}`;
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return `${out}"`;
}

class ParseError extends Error {}

function cannotParse(layout: string, value: string, valueElem: string, layoutElem: string): ParseError {
  return new ParseError(`parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`);
}

function withMessage(value: string, message: string): ParseError {
  return new ParseError(`parsing time ${quote(value)}${message}`);
}

/** getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) {
    if (fixed) return undefined;
    return [s.charCodeAt(0) - 48, s.slice(1)];
  }
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** Go's atoi: optional sign, then digits only. */
function atoi(s: string): number | undefined {
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '' || !/^[0-9]+$/.test(s)) return undefined;
  const n = Number(s);
  return neg ? -n : n;
}

/** parseNanoseconds: value[0] is '.' or ',', value[1:n] the digits. */
function parseNanos(value: string, n: number): { ns?: number; range?: string } {
  if (value[0] !== '.' && value[0] !== ',') return {};
  if (n > 10) n = 10;
  const ns = atoi(value.slice(1, n));
  if (ns === undefined) return {};
  if (ns < 0) return { range: 'fractional second' };
  return { ns: ns * 10 ** (10 - n) };
}

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** time.Parse(layout, value); throws with Go's message. */
export function parseGoTime(layout: Layout, value: string): ParsedTime {
  let v = value;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let offset = 0;
  const list = CHUNKS[layout];
  for (let c = 0; c < list.length; c++) {
    const { prefix, std, text } = list[c]!;
    if (prefix) {
      if (!v.startsWith(prefix)) throw cannotParse(layout, value, v, prefix);
      v = v.slice(prefix.length);
    }
    if (std === 'end') {
      if (v.length !== 0) throw withMessage(value, `: extra text: ${quote(v)}`);
      break;
    }
    const hold = v;
    let bad = false;
    let range = '';
    /** The first `n` characters of v are a fraction of a second (its dot included). */
    const takeNanos = (n: number) => {
      const p = parseNanos(v, n);
      if (p.range) range = p.range;
      else if (p.ns === undefined) bad = true;
      else nsec = p.ns;
      v = v.slice(n);
    };
    switch (std) {
      case 'year': {
        if (v.length < 4 || !isDigit(v, 0)) {
          bad = true;
          break;
        }
        const y = atoi(v.slice(0, 4));
        v = v.slice(4);
        if (y === undefined) bad = true;
        else year = y;
        break;
      }
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
      case 'second': {
        const r = getnum(v, std !== 'hour');
        if (!r) {
          bad = true;
          break;
        }
        v = r[1];
        if (std === 'month') {
          month = r[0];
          if (month <= 0 || month > 12) range = 'month';
        } else if (std === 'day') day = r[0];
        else if (std === 'hour') {
          hour = r[0];
          if (hour >= 24) range = 'hour';
        } else if (std === 'minute') {
          min = r[0];
          if (min >= 60) range = 'minute';
        } else {
          sec = r[0];
          if (sec >= 60) {
            range = 'second';
            break;
          }
          // A fractional second the layout does not ask for is accepted after the seconds.
          if (v.length >= 2 && (v[0] === '.' || v[0] === ',') && isDigit(v, 1) && list[c + 1]!.std !== 'frac6') {
            let n = 2;
            while (n < v.length && isDigit(v, n)) n++;
            takeNanos(n);
          }
        }
        break;
      }
      case 'frac6': {
        const n = 7;
        if (v.length < n) {
          bad = true;
          break;
        }
        takeNanos(n);
        break;
      }
      case 'tz': {
        if (v.length >= 1 && v[0] === 'Z') {
          v = v.slice(1);
          offset = 0;
          break;
        }
        if (v.length < 6 || v[3] !== ':') {
          bad = true;
          break;
        }
        // As Go: the range checks run on whatever parsed (0 otherwise), and win over a bad sign or digit.
        const sign = v[0]!;
        const hh = getnum(v.slice(1, 3), true);
        const mm = hh ? getnum(v.slice(4, 6), true) : undefined;
        v = v.slice(6);
        if (!hh || !mm) bad = true;
        const hr = hh?.[0] ?? 0;
        const mi = mm?.[0] ?? 0;
        if (hr > 24) range = 'time zone offset hour';
        if (mi > 60) range = 'time zone offset minute';
        offset = (hr * 60 + mi) * 60;
        if (sign === '-') offset = -offset;
        else if (sign !== '+') bad = true;
        break;
      }
    }
    if (range) throw withMessage(value, `: ${range} out of range`);
    if (bad) throw cannotParse(layout, value, hold, text);
  }
  if (day < 1 || day > daysIn(month, year)) throw withMessage(value, ': day out of range');
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, min, sec, 0);
  return { ms: d.getTime() - offset * 1000, nanos: nsec };
}

/** The error text for `value` under `layout`, or undefined if Go parses it. */
export function goTimeError(layout: Layout, value: string): string | undefined {
  try {
    parseGoTime(layout, value);
    return undefined;
  } catch (err) {
    if (err instanceof ParseError) return err.message;
    throw err;
  }
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** How kube writes a parsed time back: UTC, `2006-01-02T15:04:05Z`, or with six fractional digits for MicroTime. */
export function formatGoTime(layout: Layout, t: ParsedTime): string {
  const d = new Date(t.ms);
  const y = d.getUTCFullYear();
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  const base = `${year}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  if (layout === RFC3339) return `${base}Z`;
  return `${base}.${pad(Math.floor(t.nanos / 1000), 6)}Z`;
}

const CANONICAL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/;
const CANONICAL_MICRO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{6}Z$/;

/**
 * Checks a timestamp string: `{ error }` with Go's message, or `{ value }` with the text kube would store (the
 * same string when it is canonical already, which is the common case and costs one regular expression).
 */
export function normalizeGoTime(layout: Layout, s: string): { error: string } | { value: string } {
  const canonical = layout === RFC3339 ? CANONICAL_TIME : CANONICAL_MICRO;
  if (canonical.test(s) && Number(s.slice(8, 10)) <= daysIn(Number(s.slice(5, 7)), Number(s.slice(0, 4)))) return { value: s };
  try {
    return { value: formatGoTime(layout, parseGoTime(layout, s)) };
  } catch (err) {
    if (err instanceof ParseError) return { error: err.message };
    throw err;
  }
}
