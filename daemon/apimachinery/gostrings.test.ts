import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ConversionError,
  goQuote,
  goQuoteList,
  goRuneHex,
  goStringSlice,
  isPrintRune,
  parseInt64,
  parseQueryBool,
  parseUint64,
  runesWithByteOffsets,
} from './gostrings.js';

describe("Go's strconv and fmt, as kube's messages print them", () => {
  it('quotes like strconv.Quote', () => {
    expect(goQuote('abc')).toBe('"abc"');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\t\n\x01\x7f')).toBe('"\\t\\n\\x01\\x7f"');
    expect(goQuote('héllo ☃')).toBe('"héllo ☃"');
    expect(goQuote('\u00a0\u2028')).toBe('"\\u00a0\\u2028"');
  });

  it('prints a []string with %#v', () => {
    expect(goStringSlice(['Bogus'])).toBe('[]string{"Bogus"}');
    expect(goStringSlice(['All', ''])).toBe('[]string{"All", ""}');
  });

  it('parses int64 as strconv.ParseInt(s, 10, 64)', () => {
    expect(parseInt64('42')).toBe(42);
    expect(parseInt64('-7')).toBe(-7);
    expect(parseInt64('+3')).toBe(3);
    expect(parseInt64('007')).toBe(7);
    for (const bad of ['', 'abc', '1.5', '1e3', ' 1', '0x10', '1_000']) {
      expect(() => parseInt64(bad)).toThrow(new ConversionError(`strconv.ParseInt: parsing ${goQuote(bad)}: invalid syntax`));
    }
    expect(() => parseInt64('9223372036854775808')).toThrow('strconv.ParseInt: parsing "9223372036854775808": value out of range');
    expect(parseInt64('-9223372036854775808')).toBe(-9223372036854775808);
  });

  it('parses uint64 as strconv.ParseUint(s, 10, 64): no sign', () => {
    expect(parseUint64('18446744073709551615')).toBe(2 ** 64);
    expect(() => parseUint64('18446744073709551616')).toThrow('value out of range');
    expect(() => parseUint64('-1')).toThrow('strconv.ParseUint: parsing "-1": invalid syntax');
    expect(() => parseUint64('+1')).toThrow('invalid syntax');
    expect(() => parseUint64('1e26')).toThrow('strconv.ParseUint: parsing "1e26": invalid syntax');
  });

  it('reads query bools as runtime.Convert_Slice_string_To_bool: only false and 0 are false', () => {
    for (const f of ['false', 'FALSE', 'False', '0']) expect(parseQueryBool(f)).toBe(false);
    for (const t of ['true', '1', '', 'yes', 'no', 'abc']) expect(parseQueryBool(t)).toBe(true);
  });

  it('knows printable runes and their byte offsets', () => {
    expect(isPrintRune('a')).toBe(true);
    expect(isPrintRune(' ')).toBe(true);
    expect(isPrintRune('\t')).toBe(false);
    expect(isPrintRune('\u00a0')).toBe(false);
    expect([...runesWithByteOffsets('aé☃b')]).toEqual([
      [0, 'a'],
      [1, 'é'],
      [3, '☃'],
      [6, 'b'],
    ]);
    expect(goRuneHex('\t')).toBe('U+0009');
  });

  it('never parses what Go would refuse, nor refuses what Go parses', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const goAccepts = /^[+-]?\d+$/.test(s) && BigInt(s) >= -(2n ** 63n) && BigInt(s) < 2n ** 63n;
        let ok = true;
        try {
          parseInt64(s);
        } catch {
          ok = false;
        }
        expect(ok).toBe(goAccepts);
      }),
    );
  });
});

describe('goQuote', () => {
  it('quotes plain text and escapes quotes and backslashes', () => {
    expect(goQuote('alice')).toBe('"alice"');
    expect(goQuote('')).toBe('""');
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('keeps printable non-ASCII text as is', () => {
    expect(goQuote('Zoë 日本 🎉')).toBe('"Zoë 日本 🎉"');
  });

  it('escapes control and other non-printable characters as strconv.Quote does', () => {
    expect(goQuote('a\nb\tc\rd')).toBe('"a\\nb\\tc\\rd"');
    expect(goQuote('\x07\x08\x0b\x0c')).toBe('"\\a\\b\\v\\f"');
    expect(goQuote('\x00\x1b\x7f')).toBe('"\\x00\\x1b\\x7f"');
    // No-break space and soft hyphen are not printable for Go; line separator neither.
    expect(goQuote('\u00a0\u00ad\u2028')).toBe('"\\u00a0\\u00ad\\u2028"');
    expect(goQuote('\u{e0001}')).toBe('"\\U000e0001"');
  });

  it('renders a lone surrogate as the replacement character', () => {
    expect(goQuote('x\ud800y')).toBe('"x\ufffdy"');
  });
});

describe('goQuoteList', () => {
  it('renders []string with %q: space-separated, in brackets', () => {
    expect(goQuoteList([])).toBe('[]');
    expect(goQuoteList(['system:authenticated'])).toBe('["system:authenticated"]');
    expect(goQuoteList(['a', 'b "c"'])).toBe('["a" "b \\"c\\""]');
  });
});
