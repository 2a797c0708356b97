// The protobuf wire format, reading only. A message is a sequence of (key, value) pairs where key = field << 3 | wire
// type; this yields each one, leaving meaning to the message descriptors. Malformed input throws WireError.

export const WireType = { Varint: 0, Fixed64: 1, LengthDelimited: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

export interface WireField {
  /** Field number, 1 … 2^29-1. */
  no: number;
  wire: WireType;
  /** The raw value of a varint field (unsigned, up to 64 bits). */
  varint?: bigint;
  /** The payload of a length-delimited field, or the 4/8 little-endian bytes of a fixed32/fixed64 field. */
  bytes?: Buffer;
}

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const MAX_FIELD_NUMBER = 2 ** 29 - 1;

/** Reads one varint at `pos`; returns the value and the position after it. At most 10 bytes, 64 bits. */
export function readVarint(buf: Uint8Array, pos: number): [value: bigint, next: number] {
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new WireError('unexpected end of input inside a varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) {
      if (i === 9 && b > 1) throw new WireError('varint overflows 64 bits');
      return [result, pos];
    }
  }
  throw new WireError('varint longer than 10 bytes');
}

function take(buf: Buffer, pos: number, len: number, what: string): Buffer {
  if (len > buf.length - pos) throw new WireError(`unexpected end of input inside ${what}`);
  return buf.subarray(pos, pos + len);
}

/** Every field of one message, in wire order (repeats included). Groups (wire types 3/4) are rejected. */
export function* readFields(buf: Buffer): Generator<WireField> {
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    if (key > BigInt(MAX_FIELD_NUMBER) * 8n + 7n) throw new WireError(`field number out of range`);
    const no = Number(key >> 3n);
    const wire = Number(key & 7n) as WireType;
    if (no === 0) throw new WireError('illegal field number 0');
    switch (wire) {
      case WireType.Varint: {
        const [varint, next] = readVarint(buf, pos);
        pos = next;
        yield { no, wire, varint };
        break;
      }
      case WireType.Fixed64:
      case WireType.Fixed32: {
        const len = wire === WireType.Fixed64 ? 8 : 4;
        const bytes = take(buf, pos, len, `fixed${len * 8} field ${no}`);
        pos += len;
        yield { no, wire, bytes };
        break;
      }
      case WireType.LengthDelimited: {
        const [len, next] = readVarint(buf, pos);
        if (len > BigInt(buf.length - next)) throw new WireError(`unexpected end of input inside field ${no} (length ${len})`);
        const bytes = buf.subarray(next, next + Number(len));
        pos = next + Number(len);
        yield { no, wire, bytes };
        break;
      }
      default:
        throw new WireError(`unsupported wire type ${wire} for field ${no}`);
    }
  }
}
