// Turns protobuf message bytes into the JSON object kube's Go types would marshal to, following a descriptor.
// Unknown field numbers are skipped; a known field with the wrong wire type is an error.
import {
  isMap,
  isMessage,
  isRepeated,
  isValue,
  type ElementType,
  type FieldDesc,
  type MessageType,
  type ScalarType,
} from './descriptor.js';
import { readFields, readVarint, WireError, WireType, type WireField } from './wire.js';

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

function expectWire(f: WireField, want: WireType, where: string): void {
  if (f.wire !== want) {
    throw new WireError(`${where}: wire type ${WIRE_NAMES[f.wire] ?? f.wire}, expected ${WIRE_NAMES[want]}`);
  }
}

function wireOf(t: ElementType): WireType {
  if (t === 'double') return WireType.Fixed64;
  return t === 'int32' || t === 'int64' || t === 'bool' ? WireType.Varint : WireType.LengthDelimited;
}

function scalarFromVarint(t: 'int32' | 'int64' | 'bool', v: bigint): number | boolean {
  if (t === 'bool') return v !== 0n;
  return Number(BigInt.asIntN(t === 'int32' ? 32 : 64, v));
}

function decodeScalar(t: ScalarType, f: WireField, where: string): string | number | boolean {
  expectWire(f, wireOf(t), where);
  switch (t) {
    case 'string':
      return f.bytes!.toString('utf8');
    case 'bytes':
      return f.bytes!.toString('base64');
    case 'double':
      return f.bytes!.readDoubleLE(0);
    default:
      return scalarFromVarint(t, f.varint!);
  }
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

/** One element of a list or a map value, from its wire field; messages and value types decode their bytes. */
function decodeElement(t: ElementType, f: WireField, where: string): unknown {
  if (typeof t === 'string') return decodeScalar(t, f, where);
  expectWire(f, WireType.LengthDelimited, where);
  if (isMessage(t)) return decodeMessage(t, f.bytes!, where);
  return t.decode(f.bytes!) ?? null;
}

/** The value a map entry without a value field stands for (Go's zero value, as JSON). */
function zeroElement(t: ElementType, where: string): unknown {
  switch (t) {
    case 'string':
    case 'bytes':
      return '';
    case 'int32':
    case 'int64':
    case 'double':
      return 0;
    case 'bool':
      return false;
  }
  if (isMessage(t)) return decodeMessage(t, Buffer.alloc(0), where);
  return t.decode(Buffer.alloc(0)) ?? null;
}

function decodeMapEntry(t: ElementType, bytes: Buffer, where: string): [string, unknown] {
  let key = '';
  let value: unknown;
  let seen = false;
  for (const f of readFields(bytes)) {
    if (f.no === 1) {
      expectWire(f, WireType.LengthDelimited, `${where} key`);
      key = f.bytes!.toString('utf8');
    } else if (f.no === 2) {
      value = decodeElement(t, f, `${where}[${key}]`);
      seen = true;
    }
  }
  return [key, seen ? value : zeroElement(t, `${where}[${key}]`)];
}

function appendRepeated(list: unknown[], t: ElementType, f: WireField, where: string): void {
  // Packed encoding for repeated numbers/bools: one length-delimited run of varints.
  if (typeof t === 'string' && wireOf(t) === WireType.Varint && f.wire === WireType.LengthDelimited) {
    const run = f.bytes!;
    let pos = 0;
    while (pos < run.length) {
      const [v, next] = readVarint(run, pos);
      list.push(scalarFromVarint(t as 'int32' | 'int64' | 'bool', v));
      pos = next;
    }
    return;
  }
  list.push(decodeElement(t, f, where));
}

/**
 * Decodes one message. Repeated occurrences of a singular message field merge (their encodings are concatenated,
 * as protobuf specifies); repeated occurrences of a singular scalar keep the last.
 */
export function decodeMessage(type: MessageType, bytes: Buffer, where: string = type.message): Record<string, unknown> {
  const values = new Map<FieldDesc, unknown>();
  const embedded = new Map<FieldDesc, Buffer[]>();
  for (const f of readFields(bytes)) {
    const d = type.fields.get(f.no);
    if (!d) continue;
    const at = `${where}.${d.json}`;
    const t = d.type;
    if (isRepeated(t)) {
      let list = values.get(d) as unknown[] | undefined;
      if (!list) values.set(d, (list = []));
      appendRepeated(list, t.repeated, f, at);
    } else if (isMap(t)) {
      expectWire(f, WireType.LengthDelimited, at);
      let obj = values.get(d) as Record<string, unknown> | undefined;
      if (!obj) values.set(d, (obj = {}));
      const [k, v] = decodeMapEntry(t.map, f.bytes!, at);
      // defineProperty, not assignment: a key such as "__proto__" must stay an ordinary own property, as JSON.parse makes it.
      Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
    } else if (isMessage(t) || isValue(t)) {
      expectWire(f, WireType.LengthDelimited, at);
      const parts = embedded.get(d);
      if (parts) parts.push(f.bytes!);
      else embedded.set(d, [f.bytes!]);
    } else {
      values.set(d, decodeScalar(t, f, at));
    }
  }
  for (const [d, parts] of embedded) {
    const buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    const at = `${where}.${d.json}`;
    values.set(d, isMessage(d.type) ? decodeMessage(d.type, buf, at) : isValue(d.type) ? d.type.decode(buf) : undefined);
  }
  const out: Record<string, unknown> = {};
  for (const d of type.fields.values()) {
    if (!values.has(d)) continue;
    const v = values.get(d);
    if (v === undefined) continue;
    if (typeof d.type === 'string' && d.presence === 'omitempty' && isZero(v)) continue;
    // An embedded struct's fields join its container's, where it is declared (Go's JSON inlining).
    if (d.json === '') Object.assign(out, v);
    else out[d.json] = v;
  }
  return out;
}
