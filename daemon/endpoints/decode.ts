// Request bodies: JSON, YAML and (for kubectl's typed commands) Kubernetes protobuf become plain objects, with
// bounded work (see apimachinery/decoding); patch bodies are decoded by the patch code, which knows their type.
// When the caller names the kind it expects (create, update), a body that is no object of any kind is refused as
// kube's decoder refuses it before typing: "the object provided is unrecognized (must be of type ConfigMap): …".
import { JSONLimitError, parseJSONBounded } from '../apimachinery/decoding/json-limits.js';
import { parseYAMLBounded } from '../apimachinery/decoding/yaml-limits.js';
import { badRequest, unsupportedMediaType, type StatusError } from '../apimachinery/status.js';
import { hexDump } from '../apimachinery/gostrings.js';
import { mediaType } from './negotiation.js';
import type { BodyParsers } from './body-parsers.js';
import { KUBERNETES_PROTOBUF } from '../apimachinery/protobuf-media-type.js';

export const OBJECT_MEDIA_TYPES = ['application/json', 'application/yaml', KUBERNETES_PROTOBUF];

/** The kind a body must be, for kube's wording of bodies that are not objects of any kind. */
export interface ExpectedKind {
  kind: string;
}

/** `parsers` has what a YAML or protobuf body needs: the caller loads it for the body (see bodyParsersFor). */
export function decodeObjectBody(
  contentType: string | undefined,
  raw: Buffer | undefined,
  parsers: BodyParsers,
  expect?: ExpectedKind,
): unknown {
  if (!raw || raw.length === 0) return undefined;
  const type = mediaType(contentType);
  switch (type) {
    case '':
    case 'application/json':
      return interpret(parseJSON(raw, expect), raw, expect);
    case 'application/yaml':
    case 'application/x-yaml':
    case 'text/yaml': {
      let value: unknown;
      try {
        if (!parsers.yaml) throw new Error('a YAML body was decoded without the YAML parser');
        value = parseYAMLBounded(parsers.yaml, raw.toString('utf8'));
      } catch (err) {
        throw unrecognized(`error converting YAML to JSON: ${(err as Error).message}`, raw, expect);
      }
      return interpret(value, raw, expect);
    }
    case KUBERNETES_PROTOBUF:
      if (!parsers.protobuf) throw new Error('a protobuf body was decoded without the protobuf decoder');
      return parsers.protobuf(raw);
    default:
      throw unsupportedMediaType(OBJECT_MEDIA_TYPES);
  }
}

export function parseJSON(raw: Buffer, expect?: ExpectedKind): unknown {
  try {
    return parseJSONBounded(raw);
  } catch (err) {
    if (!(err instanceof JSONLimitError)) throw err;
    throw unrecognized(`couldn't get version/kind; json parse error: ${err.message}`, raw, expect);
  }
}

/** The anonymous struct kube's SimpleMetaFactory decodes apiVersion and kind into first, as Go prints its type. */
const TYPE_META_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/**
 * kube reads apiVersion and kind before anything else: the body must be a JSON object (or null, which decodes to an
 * empty object) whose apiVersion and kind, if set, are strings.
 */
function interpret(value: unknown, raw: Buffer, expect: ExpectedKind | undefined): unknown {
  if (!expect) return value;
  if (value === null) return {};
  let problem: string | undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem = `json: cannot unmarshal ${jsonKind(value)} into Go value of type ${TYPE_META_STRUCT}`;
  } else {
    for (const field of Object.keys(value)) {
      if (field !== 'apiVersion' && field !== 'kind') continue;
      const v = (value as Record<string, unknown>)[field];
      if (v !== null && typeof v !== 'string') {
        problem = `json: cannot unmarshal ${jsonKind(v)} into Go struct field .${field} of type string`;
        break;
      }
    }
  }
  if (problem) throw unrecognized(`couldn't get version/kind; json parse error: ${problem}`, raw, expect);
  return value;
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** kube's transformDecodeError when the body's kind is unknown: the message and the start of the body. */
function unrecognized(message: string, raw: Buffer, expect: ExpectedKind | undefined): StatusError {
  if (!expect) return badRequest(message);
  return badRequest(`the object provided is unrecognized (must be of type ${expect.kind}): ${message} (${summarizeData(raw, 30)})`);
}

/** kube's summarizeData: an object's first bytes as text, anything else as a hex dump. */
export function summarizeData(data: Buffer, maxLength: number): string {
  if (data.length === 0) return '<empty>';
  if (data[0] === 0x7b) return data.length > maxLength ? `${data.subarray(0, maxLength).toString('utf8')} ...` : data.toString('utf8');
  return data.length > maxLength ? `${hexDump(data.subarray(0, maxLength))} ...` : hexDump(data);
}
