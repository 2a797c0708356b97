// A tiny protobuf writer for the tests: lets them spell messages out by field number, independently of the
// descriptors under test. Not used by the daemon.

export function encodeVarint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}

function key(no: number, wire: number): Buffer {
  return encodeVarint(BigInt(no) * 8n + BigInt(wire));
}

function delimited(no: number, payload: Buffer): Buffer {
  return Buffer.concat([key(no, 2), encodeVarint(payload.length), payload]);
}

/** Field builders; each returns the encoded key + value. Negative numbers are written as 64-bit two's complement. */
export const pb = {
  varint: (no: number, v: bigint | number | boolean): Buffer =>
    Buffer.concat([key(no, 0), encodeVarint(typeof v === 'boolean' ? (v ? 1 : 0) : v)]),
  str: (no: number, s: string): Buffer => delimited(no, Buffer.from(s, 'utf8')),
  bytes: (no: number, b: Uint8Array | readonly number[]): Buffer => delimited(no, Buffer.from(Uint8Array.from(b))),
  msg: (no: number, ...fields: Buffer[]): Buffer => delimited(no, Buffer.concat(fields)),
  /** A map entry: a message {1 key, 2 value}. */
  entry: (no: number, k: string, value: Buffer): Buffer => delimited(no, Buffer.concat([pb.str(1, k), value])),
  fixed32: (no: number, b: Uint8Array | readonly number[]): Buffer => Buffer.concat([key(no, 5), Buffer.from(Uint8Array.from(b))]),
  fixed64: (no: number, b: Uint8Array | readonly number[]): Buffer => Buffer.concat([key(no, 1), Buffer.from(Uint8Array.from(b))]),
};

/** `k8s\0` + runtime.Unknown{TypeMeta, raw, "", ""}, the way client-go writes it. */
export function envelope(apiVersion: string, kind: string, ...raw: Buffer[]): Buffer {
  return Buffer.concat([
    Buffer.from('k8s\0', 'latin1'),
    pb.msg(1, pb.str(1, apiVersion), pb.str(2, kind)),
    pb.bytes(2, Buffer.concat(raw)),
    pb.str(3, ''),
    pb.str(4, ''),
  ]);
}

/** ObjectMeta fields 1–8 as gogo writes them for a fresh object (every scalar, an empty creationTimestamp). */
export function gogoMeta(name: string, namespace = '', ...extra: Buffer[]): Buffer {
  return pb.msg(
    1,
    pb.str(1, name),
    pb.str(2, ''),
    pb.str(3, namespace),
    pb.str(4, ''),
    pb.str(5, ''),
    pb.str(6, ''),
    pb.varint(7, 0),
    pb.msg(8),
    ...extra,
  );
}
