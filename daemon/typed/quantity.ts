// resource.Quantity's UnmarshalJSON: any JSON value but null is read as text (quotes stripped, spaces trimmed) and
// must parse as a quantity (ParseQuantity), else kube answers with one of its three fixed messages.

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

const SUFFIX_CHARS = 'eEinumkKMGTP';
const SUFFIXES = new Set(['', 'n', 'u', 'm', 'k', 'M', 'G', 'T', 'P', 'E', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei']);
const BINARY_EXP: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const INT64_MAX = 9223372036854775807n;

/** The text UnmarshalJSON hands to ParseQuantity for a decoded JSON value. */
export function quantityText(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

/** ParseQuantity's error for `str`, or undefined when it parses. */
export function quantityError(str: string): string | undefined {
  if (str.length === 0) return QUANTITY_FORMAT_ERROR;
  if (str === '0') return undefined;
  const end = str.length;
  let pos = 0;
  if (str[0] === '-' || str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return undefined; // all zeros
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  pos = i;
  if (pos >= end) return checkNumeric(str.slice(0, end), num, '', '');
  if (num === '') num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    pos = i;
    if (pos >= end) return checkNumeric(str.slice(0, end), num, denom, '');
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos]!)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return QUANTITY_FORMAT_ERROR;
  const suffix = str.slice(suffixStart, end);
  if (!SUFFIXES.has(suffix)) {
    if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
      const exp = BigInt(suffix.slice(1));
      if (exp > INT64_MAX || exp < -INT64_MAX - 1n) return QUANTITY_SUFFIX_ERROR;
    } else return QUANTITY_SUFFIX_ERROR;
  }
  return checkNumeric(value, num, denom, suffix);
}

/**
 * ParseQuantity's int64 fast path (few digits, scale at least nano) reads num+denom and cannot fail; otherwise
 * the numeric text itself must be a decimal inf.Dec accepts (so "k" and "." parse as zero, ".e-20" does not).
 */
function checkNumeric(value: string, num: string, denom: string, suffix: string): string | undefined {
  const binary = BINARY_EXP[suffix];
  let precision: number;
  let scale: number;
  if (binary !== undefined) {
    precision = denom.length === 0 ? 15 - num.length - Math.trunc((binary * 3) / 10) - 1 : -1;
    scale = 0;
  } else {
    // int32(parsed): kube truncates decimal exponents to 32 bits.
    scale = Number(BigInt.asIntN(32, BigInt(DECIMAL_EXP[suffix] ?? suffix.slice(1))));
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0 && scale - denom.length >= -9) return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(value) ? undefined : QUANTITY_NUMERIC_ERROR;
}
