import { describe, expect, it } from 'vitest';
import { goQuote, goQuoteList } from './gostrings.js';

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
