// Decoding the Kubernetes protobuf envelope (`k8s\0` + runtime.Unknown) that kubectl's typed commands send,
// into the JSON shape kube would have stored. Answers are always JSON.
import { unsupportedMediaType, badRequest } from '../status.js';
import type { KObject } from '../types.js';
import { MESSAGES, type FieldType } from './messages.js';
import { readFields } from './wire.js';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export function isKubernetesProtobuf(buf: Buffer): boolean {
  return buf.length >= 4 && buf.subarray(0, 4).equals(MAGIC);
}

function decodeMessage(name: string, buf: Buffer): Record<string, unknown> {
  const desc = MESSAGES[name];
  if (!desc) throw new Error(`unknown message ${name}`);
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const d = desc[f.no];
    if (!d) continue;
    const [field, type] = d;
    const value = decodeValue(type, f.bytes, f.varint);
    if (value === undefined) continue;
    if (typeof type === 'object' && 'repeated' in type) (out[field] ??= [] as unknown[]) && (out[field] as unknown[]).push(value);
    else if (typeof type === 'object' && 'map' in type) out[field] = { ...((out[field] as object) ?? {}), ...(value as object) };
    else out[field] = value;
  }
  return out;
}

function decodeValue(type: FieldType, bytes: Buffer | undefined, varint: bigint | undefined): unknown {
  if (type === 'string') {
    const s = bytes?.toString('utf8') ?? '';
    return s === '' ? undefined : s;
  }
  if (type === 'bytes') return (bytes ?? Buffer.alloc(0)).toString('base64');
  if (type === 'int') return varint ? Number(BigInt.asIntN(64, varint)) : undefined;
  if (type === 'bool') return varint ? true : undefined;
  if (type === 'time') {
    const t = decodeTime(bytes ?? Buffer.alloc(0));
    return t;
  }
  if ('message' in type) {
    const o = decodeMessage(type.message, bytes ?? Buffer.alloc(0));
    if (type.message === 'Quantity') return o['string'];
    return o;
  }
  if ('repeated' in type) {
    const inner = type.repeated;
    return inner === 'string' ? (bytes?.toString('utf8') ?? '') : decodeMessage(inner.message, bytes ?? Buffer.alloc(0));
  }
  // A map entry: key 1, value 2.
  let key = '';
  let value: unknown = type.map === 'bytes' ? '' : type.map === 'string' ? '' : undefined;
  for (const f of readFields(bytes ?? Buffer.alloc(0))) {
    if (f.no === 1) key = f.bytes?.toString('utf8') ?? '';
    if (f.no === 2) {
      if (type.map === 'string') value = f.bytes?.toString('utf8') ?? '';
      else if (type.map === 'bytes') value = (f.bytes ?? Buffer.alloc(0)).toString('base64');
      else {
        const o = decodeMessage(type.map.message, f.bytes ?? Buffer.alloc(0));
        value = type.map.message === 'Quantity' ? o['string'] : o;
      }
    }
  }
  return { [key]: value };
}

function decodeTime(buf: Buffer): string | undefined {
  let seconds = 0n;
  for (const f of readFields(buf)) if (f.no === 1 && f.varint !== undefined) seconds = BigInt.asIntN(64, f.varint);
  if (seconds === 0n) return undefined;
  return new Date(Number(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function decodeKubernetesProtobuf(buf: Buffer): KObject {
  if (!isKubernetesProtobuf(buf)) throw badRequest('protobuf body does not start with the k8s\\0 envelope');
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  try {
    for (const f of readFields(buf.subarray(4))) {
      if (f.no === 1 && f.bytes) {
        for (const t of readFields(f.bytes)) {
          if (t.no === 1) apiVersion = t.bytes?.toString('utf8') ?? '';
          if (t.no === 2) kind = t.bytes?.toString('utf8') ?? '';
        }
      } else if (f.no === 2 && f.bytes) raw = f.bytes;
    }
  } catch (err) {
    throw badRequest(`invalid protobuf body: ${(err as Error).message}`);
  }
  if (!MESSAGES[kind]) {
    throw unsupportedMediaType(['application/json', 'application/yaml', `application/vnd.kubernetes.protobuf (not for kind ${kind || 'unknown'})`]);
  }
  let obj: Record<string, unknown>;
  try {
    obj = decodeMessage(kind, raw);
  } catch (err) {
    throw badRequest(`invalid protobuf body: ${(err as Error).message}`);
  }
  return { apiVersion, kind, ...obj, metadata: (obj['metadata'] as KObject['metadata']) ?? {} } as KObject;
}
