// Request bodies: JSON, YAML and (for kubectl's typed commands) Kubernetes protobuf become plain objects;
// patch bodies are decoded by the patch code, which knows their type.
import { decodeKubernetesProtobuf } from '../apimachinery/protobuf/index.js';
import { badRequest, unsupportedMediaType } from '../apimachinery/status.js';
import { mediaType } from './negotiation.js';
import { yaml } from './yaml.js';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

export function decodeObjectBody(contentType: string | undefined, raw: Buffer | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  const type = mediaType(contentType);
  switch (type) {
    case '':
    case 'application/json':
      return parseJSON(raw);
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml':
      try {
        return yaml().parse(raw.toString('utf8'), { version: '1.1' }) as unknown;
      } catch (err) {
        throw badRequest(`error converting YAML to JSON: ${(err as Error).message}`);
      }
    case 'application/vnd.kubernetes.protobuf':
      return decodeKubernetesProtobuf(raw);
    default:
      throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
}

export function parseJSON(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}
