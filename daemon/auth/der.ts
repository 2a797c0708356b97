// The few DER (X.690) encodings an X.509 certificate is made of. Issuing the daemon's own certificates needs nothing
// more, and importing a full ASN.1 library for them cost every cold start ~200 ms (daemon/auth/certificate.ts).

/** Universal and context-specific tags used by certificates. */
export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** A tag-length-value element; the length in DER's definite, shortest form. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  if (n < 0x80) return Buffer.concat([Buffer.from([tag, n]), body]);
  const len: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) len.unshift(v & 0xff);
  return Buffer.concat([Buffer.from([tag, 0x80 | len.length, ...len]), body]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.sequence, ...items);

/** A SET OF: DER orders its elements by their encodings. */
export const set = (...items: Buffer[]): Buffer => tlv(TAG.set, ...[...items].sort((a, b) => Buffer.compare(a, b)));

/** [n] EXPLICIT: a constructed context-specific wrapper. */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

export const boolean = (v: boolean): Buffer => tlv(TAG.boolean, Buffer.from([v ? 0xff : 0x00]));

export const octetString = (b: Buffer): Buffer => tlv(TAG.octetString, b);

/** A BIT STRING of whole bytes (keys, signatures). */
export const bitString = (b: Buffer): Buffer => tlv(TAG.bitString, Buffer.from([0]), b);

/**
 * A BIT STRING of named bits (bit 0 is the most significant of the first byte), as KeyUsage: DER drops trailing
 * zero bits and says how many bits of the last byte are unused.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const b of bits) bytes[b >> 3]! |= 0x80 >> (b & 7);
  return tlv(TAG.bitString, Buffer.from([7 - (highest & 7)]), bytes);
}

/** A non-negative INTEGER from big-endian bytes: no redundant leading zeros, one added where the sign bit is set. */
export function unsignedInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0 && bytes[i + 1]! < 0x80) i++;
  const v = bytes.subarray(i);
  return tlv(TAG.integer, v[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

export const smallInteger = (n: number): Buffer => unsignedInteger(Buffer.from([n]));

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const base128 = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) base128.unshift(0x80 | (v & 0x7f));
    out.push(...base128);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC to the second. */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // 2026-12-03T16:10:04.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = d.getUTCFullYear();
  return year < 2050
    ? tlv(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : tlv(TAG.generalizedTime, Buffer.from(`${digits}Z`, 'latin1'));
}

/** Text as PrintableString where its alphabet allows (what Go writes), else UTF8String. */
export function directoryString(value: string): Buffer {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)
    ? tlv(TAG.printableString, Buffer.from(value, 'latin1'))
    : tlv(TAG.utf8String, Buffer.from(value, 'utf8'));
}

/** One element of a DER buffer at `at`: its tag, where its content starts and where it ends. */
export interface Element {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export function readElement(der: Buffer, at: number): Element {
  const tag = der[at]!;
  let len = der[at + 1]!;
  let contentStart = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[contentStart + i]!;
    contentStart += n;
  }
  const end = contentStart + len;
  if (end > der.length) throw new Error('DER element runs past its buffer');
  return { tag, start: at, contentStart, end };
}

/** The elements directly inside a constructed element. */
export function children(der: Buffer, parent: Element): Element[] {
  const out: Element[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const e = readElement(der, at);
    out.push(e);
    at = e.end;
  }
  return out;
}
