import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeVarint, pb } from './protobuf.testkit.js';
import { readFields, readVarint, WireError, WireType, type WireField } from './wire.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('readVarint', () => {
  it.each([
    ['00', 0n],
    ['01', 1n],
    ['7f', 127n],
    ['8001', 128n],
    ['ac02', 300n],
    ['ffffffff0f', 0xffffffffn],
    ['ffffffffffffffffff01', 0xffffffffffffffffn],
  ])('%s → %s', (h, v) => {
    const buf = hex(h);
    expect(readVarint(buf, 0)).toEqual([v, buf.length]);
  });

  it('rejects truncated, overlong and >64-bit varints', () => {
    expect(() => readVarint(hex('80'), 0)).toThrow(WireError);
    expect(() => readVarint(hex('ffffffffffffffffff02'), 0)).toThrow(/64 bits/);
    expect(() => readVarint(hex('8080808080808080808001'), 0)).toThrow(/10 bytes/);
  });
});

describe('readFields', () => {
  it('reads varint, length-delimited, fixed32 and fixed64 fields in order', () => {
    const buf = Buffer.concat([
      pb.varint(1, 150),
      pb.str(2, 'testing'),
      pb.fixed32(3, [1, 2, 3, 4]),
      pb.fixed64(4, [1, 2, 3, 4, 5, 6, 7, 8]),
      pb.varint(536870911, 1),
    ]);
    const fields = [...readFields(buf)];
    expect(fields.map((f) => [f.no, f.wire])).toEqual([
      [1, WireType.Varint],
      [2, WireType.LengthDelimited],
      [3, WireType.Fixed32],
      [4, WireType.Fixed64],
      [536870911, WireType.Varint],
    ]);
    expect(fields[0]!.varint).toBe(150n);
    expect(fields[1]!.bytes!.toString()).toBe('testing');
    expect([...fields[2]!.bytes!]).toEqual([1, 2, 3, 4]);
    expect(fields[3]!.bytes!.length).toBe(8);
  });

  it('reads the canonical example from the protobuf encoding guide', () => {
    expect([...readFields(hex('089601'))]).toEqual([{ no: 1, wire: 0, varint: 150n }]);
  });

  it.each([
    ['truncated length-delimited payload', '0a05616263'],
    ['truncated fixed32', '1d0102'],
    ['truncated fixed64', '19010203040506'],
    ['truncated key', '80'],
    ['field number 0', '0001'],
    ['start group', '0b'],
    ['end group', '0c'],
    ['wire type 6', '0e'],
    ['wire type 7', '0f'],
    ['huge length', '0affffffffffffffff7f'],
  ])('rejects %s', (_name, h) => {
    expect(() => [...readFields(hex(h))]).toThrow(WireError);
  });

  it('reads nothing from an empty buffer', () => {
    expect([...readFields(Buffer.alloc(0))]).toEqual([]);
  });
});

type Spec =
  | { no: number; kind: 'varint'; value: bigint }
  | { no: number; kind: 'bytes'; value: Uint8Array }
  | { no: number; kind: 'fixed32'; value: Uint8Array }
  | { no: number; kind: 'fixed64'; value: Uint8Array };

const fieldNo = fc.integer({ min: 1, max: 2 ** 29 - 1 });
const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ no: fieldNo, kind: fc.constant('varint' as const), value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) }),
  fc.record({ no: fieldNo, kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ no: fieldNo, kind: fc.constant('fixed32' as const), value: fc.uint8Array({ minLength: 4, maxLength: 4 }) }),
  fc.record({ no: fieldNo, kind: fc.constant('fixed64' as const), value: fc.uint8Array({ minLength: 8, maxLength: 8 }) }),
);

function encode(s: Spec): Buffer {
  switch (s.kind) {
    case 'varint':
      return pb.varint(s.no, s.value);
    case 'bytes':
      return pb.bytes(s.no, s.value);
    case 'fixed32':
      return pb.fixed32(s.no, s.value);
    case 'fixed64':
      return pb.fixed64(s.no, s.value);
  }
}

function normalise(f: WireField): Spec {
  if (f.wire === WireType.Varint) return { no: f.no, kind: 'varint', value: f.varint! };
  const kind = f.wire === WireType.LengthDelimited ? 'bytes' : f.wire === WireType.Fixed32 ? 'fixed32' : 'fixed64';
  return { no: f.no, kind, value: new Uint8Array(f.bytes!) };
}

describe('reader properties', () => {
  it('round-trips any sequence of fields written by the test encoder', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 20 }), (specs) => {
        const buf = Buffer.concat(specs.map(encode));
        const back = [...readFields(buf)].map(normalise);
        expect(back).toEqual(specs.map((s) => ({ ...s, value: s.kind === 'varint' ? s.value : new Uint8Array(s.value) })));
      }),
    );
  });

  it('round-trips varints', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const buf = encodeVarint(v);
        expect(readVarint(buf, 0)).toEqual([v, buf.length]);
      }),
    );
  });

  it('either reads or throws WireError on arbitrary bytes, never reading past the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const buf = Buffer.from(bytes);
        try {
          for (const f of readFields(buf)) {
            if (f.bytes) expect(f.bytes.length).toBeLessThanOrEqual(buf.length);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(WireError);
        }
      }),
    );
  });
});
