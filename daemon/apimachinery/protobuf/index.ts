// Decoding the Kubernetes protobuf envelope that kubectl's typed commands send (`Content-Type:
// application/vnd.kubernetes.protobuf`): the magic `k8s\0`, then runtime.Unknown {1 TypeMeta{1 apiVersion, 2 kind},
// 2 raw, 3 contentEncoding, 4 contentType}, where raw is the object per k8s.io/api generated.proto. The result is the
// JSON object kube's Go types would marshal to; the server answers in JSON (kubectl's Accept allows it).
import { badRequest, unsupportedMediaType } from '../status.js';
import type { KObject } from '../types.js';
import { decodeMessage } from './decode.js';
import { messageFor } from './kinds.js';
import { readFields, WireError, WireType } from './wire.js';
import { KUBERNETES_PROTOBUF } from '../protobuf-media-type.js';

export { supportedKinds } from './kinds.js';

const MAGIC = Buffer.from('k8s\0', 'latin1');

export function isKubernetesProtobuf(buf: Uint8Array): boolean {
  return buf.length >= MAGIC.length && MAGIC.equals(buf.subarray(0, MAGIC.length));
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
}

function str(bytes: Buffer | undefined): string {
  return bytes ? bytes.toString('utf8') : '';
}

function readEnvelope(body: Buffer): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0) };
  for (const f of readFields(body)) {
    if (f.no > 4) continue;
    if (f.wire !== WireType.LengthDelimited) throw new WireError(`runtime.Unknown field ${f.no}: wire type ${f.wire}`);
    if (f.no === 1) {
      for (const t of readFields(f.bytes!)) {
        if (t.no !== 1 && t.no !== 2) continue;
        if (t.wire !== WireType.LengthDelimited) throw new WireError(`runtime.TypeMeta field ${t.no}: wire type ${t.wire}`);
        if (t.no === 1) env.apiVersion = str(t.bytes);
        else env.kind = str(t.bytes);
      }
    } else if (f.no === 2) {
      env.raw = f.bytes!;
    }
    // 3 contentEncoding and 4 contentType: clients leave them empty, and kube ignores them when decoding.
  }
  return env;
}

function asBadRequest(err: unknown): never {
  if (err instanceof WireError) throw badRequest(`unable to decode protobuf body: ${err.message}`);
  throw err;
}

/**
 * Decodes a `k8s\0`-prefixed protobuf body into a Kubernetes object with apiVersion and kind from the envelope.
 * Malformed bytes → 400 BadRequest; a kind without a descriptor → 415 UnsupportedMediaType naming the kind.
 */
export function decodeKubernetesProtobuf(buf: Buffer): KObject {
  if (!isKubernetesProtobuf(buf)) {
    throw badRequest('unable to decode protobuf body: the body does not start with the Kubernetes protobuf prefix');
  }
  let env: Envelope;
  try {
    env = readEnvelope(buf.subarray(MAGIC.length));
  } catch (err) {
    asBadRequest(err);
  }
  const { apiVersion, kind, raw } = env;
  const type = messageFor(apiVersion, kind);
  if (!type) {
    // What kube answers for kinds it cannot read as protobuf (custom resources): 415, offering JSON and YAML.
    throw unsupportedMediaType([
      'application/json',
      'application/yaml',
      `${KUBERNETES_PROTOBUF} (not for ${apiVersion || '<no apiVersion>'}, Kind=${kind || '<no kind>'})`,
    ]);
  }
  let body: Record<string, unknown>;
  try {
    body = decodeMessage(type, raw, kind);
  } catch (err) {
    asBadRequest(err);
  }
  // Objects always have metadata; option kinds (DeleteOptions) have none.
  if (!type.fields.has(1) || type.fields.get(1)!.json !== 'metadata') return { apiVersion, kind, ...body } as unknown as KObject;
  const { metadata, ...rest } = body;
  return { apiVersion, kind, metadata: metadata ?? {}, ...rest };
}
