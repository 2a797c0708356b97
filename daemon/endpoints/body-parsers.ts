// The parsers a request body may need beyond JSON. YAML's parser and the protobuf decoder stay off the cold start (the
// daemon loads both a moment after it serves): a request whose body needs one before then waits for its load.
import { isYamlMediaType, loadYaml, type YamlParser } from '../apimachinery/decoding/yaml.js';
import type { decodeKubernetesProtobuf } from '../apimachinery/protobuf/index.js';
import { KUBERNETES_PROTOBUF } from '../apimachinery/protobuf-media-type.js';
import { lazyImport } from '../support/lazy-import.js';
import { mediaType } from './negotiation.js';

export type ProtobufDecoder = typeof decodeKubernetesProtobuf;

export interface BodyParsers {
  yaml?: YamlParser;
  protobuf?: ProtobufDecoder;
}

const protobuf = lazyImport<ProtobufDecoder>(() => import('../apimachinery/protobuf/index.js').then((m) => m.decodeKubernetesProtobuf));

export const loadProtobufDecoder = (): Promise<ProtobufDecoder> => protobuf.load();

/** What decoding this body takes: nothing for JSON or an empty body. */
export async function bodyParsersFor(contentType: string | undefined, body: Buffer | undefined): Promise<BodyParsers> {
  if (!body?.length) return {};
  const type = mediaType(contentType);
  if (isYamlMediaType(type)) return { yaml: await loadYaml() };
  if (type === KUBERNETES_PROTOBUF) return { protobuf: await protobuf.load() };
  return {};
}
