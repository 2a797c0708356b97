// The Go unmarshalers typed decoding reproduces: base64 ([]byte), time.Parse (Time, MicroTime), ParseQuantity,
// and fmt's renderings used in kube's messages.
import { describe, expect, it } from 'vitest';
import { base64Error, base64ErrorOffset } from './base64.js';
import { goNumber, goQuote, goSharpValue, goValue, hexDump } from '../apimachinery/gostrings.js';
import { goTimeError, normalizeGoTime, RFC3339, RFC3339_MICRO } from './go-time.js';
import { QUANTITY_FORMAT_ERROR, QUANTITY_NUMERIC_ERROR, QUANTITY_SUFFIX_ERROR, quantityError } from './quantity.js';

describe('base64 as encoding/json decodes []byte', () => {
  it('accepts padded standard base64, with CR and LF anywhere', () => {
    for (const ok of ['', 'aGk=', 'aGVsbG8=', 'aGVsbG8h', 'aG\nk=', 'aGk=\r\n', 'YQ==']) expect(base64ErrorOffset(ok), ok).toBe(-1);
  });

  it("reports the offset Go's decoder reports", () => {
    expect(base64Error('aGk')).toBe('illegal base64 data at input byte 0'); // unpadded final quantum
    expect(base64ErrorOffset('a')).toBe(0);
    expect(base64ErrorOffset('aGk=aGk=')).toBe(4); // data after the padding
    expect(base64ErrorOffset('a===')).toBe(1); // padding after one symbol
    expect(base64ErrorOffset('YQ=')).toBe(3); // "==" expected, input ends
    expect(base64ErrorOffset('YQ=x')).toBe(2); // "==" expected, something else found
    expect(base64ErrorOffset('aGk!')).toBe(3);
    expect(base64ErrorOffset('not base64!')).toBe(3);
    expect(base64ErrorOffset('aGk=é')).toBe(4);
    expect(base64ErrorOffset('-_-_')).toBe(0); // the URL alphabet is not the standard one
  });
});

describe("Go's time.Parse for metav1.Time and MicroTime", () => {
  it('accepts what Go accepts and stores it as kube re-encodes it', () => {
    expect(normalizeGoTime(RFC3339, '2024-05-06T07:08:09Z')).toEqual({ value: '2024-05-06T07:08:09Z' });
    expect(normalizeGoTime(RFC3339, '2024-05-06T07:08:09+02:00')).toEqual({ value: '2024-05-06T05:08:09Z' });
    expect(normalizeGoTime(RFC3339, '2024-05-06T7:08:09.123456789Z')).toEqual({ value: '2024-05-06T07:08:09Z' }); // one-digit hour, fraction dropped
    expect(normalizeGoTime(RFC3339, '2024-02-29T00:00:00Z')).toEqual({ value: '2024-02-29T00:00:00Z' });
    expect(normalizeGoTime(RFC3339_MICRO, '2024-05-06T07:08:09.123456Z')).toEqual({ value: '2024-05-06T07:08:09.123456Z' });
    expect(normalizeGoTime(RFC3339_MICRO, '2024-05-06T07:08:09.123456-01:30')).toEqual({ value: '2024-05-06T08:38:09.123456Z' });
  });

  it("refuses the rest with Go's messages", () => {
    expect(goTimeError(RFC3339, 'yesterday')).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    expect(goTimeError(RFC3339, '2024-13-01T00:00:00Z')).toBe('parsing time "2024-13-01T00:00:00Z": month out of range');
    expect(goTimeError(RFC3339, '2023-02-29T00:00:00Z')).toBe('parsing time "2023-02-29T00:00:00Z": day out of range');
    expect(goTimeError(RFC3339, '2024-01-01 00:00:00Z')).toBe(
      'parsing time "2024-01-01 00:00:00Z" as "2006-01-02T15:04:05Z07:00": cannot parse " 00:00:00Z" as "T"',
    );
    expect(goTimeError(RFC3339, '2024-01-01T24:00:00Z')).toBe('parsing time "2024-01-01T24:00:00Z": hour out of range');
    expect(goTimeError(RFC3339, '2024-01-01T00:00:00')).toBe(
      'parsing time "2024-01-01T00:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"',
    );
    expect(goTimeError(RFC3339, '2024-01-01T00:00:00Zjunk')).toBe('parsing time "2024-01-01T00:00:00Zjunk": extra text: "junk"');
    expect(goTimeError(RFC3339, '2024-01-01T00:00:00+25:00')).toBe(
      'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range',
    );
    expect(goTimeError(RFC3339, '2024-01-01T00:00:00Ü')).toBe(
      'parsing time "2024-01-01T00:00:00\\xc3\\x9c" as "2006-01-02T15:04:05Z07:00": cannot parse "\\xc3\\x9c" as "Z07:00"',
    );
    // MicroTime wants exactly six fractional digits.
    expect(goTimeError(RFC3339_MICRO, '2024-01-01T00:00:00Z')).toBe(
      'parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"',
    );
  });
});

describe("resource.Quantity's ParseQuantity", () => {
  it('accepts quantities', () => {
    for (const q of [
      '0',
      '1',
      '-1',
      '+1.5',
      '500m',
      '1Gi',
      '1.5Gi',
      '1e3',
      '1E-3',
      '.5',
      '5.',
      'k',
      '.',
      '-',
      '1e-20',
      '123456789012345678901234567890',
    ])
      expect(quantityError(q), q).toBeUndefined();
  });

  it("refuses the rest with kube's three messages", () => {
    for (const q of ['', 'abc', '1 Gi', '1.5.5', '1Gb', 'true', '{}']) expect(quantityError(q), q).toBe(QUANTITY_FORMAT_ERROR);
    for (const q of ['1e', '1Mm', '1Ki5', '1e99999999999999999999']) expect(quantityError(q), q).toBe(QUANTITY_SUFFIX_ERROR);
    expect(quantityError('.e-20')).toBe(QUANTITY_NUMERIC_ERROR);
  });
});

describe("fmt's renderings", () => {
  it('prints values as %v, %#v and %q do', () => {
    expect(goValue({ b: [1, 'x'], a: { c: null } })).toBe('map[a:map[c:<nil>] b:[1 x]]');
    expect(goSharpValue({ a: 1, b: 'x', c: [true] })).toBe('map[string]interface {}{"a":1, "b":"x", "c":[]interface {}{true}}');
    expect(goNumber(1e21)).toBe('1e+21');
    expect(goNumber(1e-7)).toBe('1e-07');
    expect(goNumber(1.5)).toBe('1.5');
    expect(goQuote('a"b\n\u0001é')).toBe('"a\\"b\\n\\x01é"');
  });

  it("dumps bytes as encoding/hex's Dump", () => {
    expect(hexDump(Buffer.from('[1]'))).toBe('00000000  5b 31 5d                                          |[1]|\n');
    expect(hexDump(Buffer.from('0123456789abcdefX'))).toBe(
      '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n00000010  58                                                |X|\n',
    );
  });
});
