// Typed decoding for the write pipeline: every body is checked against its kind's Go type before anything reads it,
// and refused with the Status kube-apiserver answers for it, which depends on the path the body took:
// - create, update, subresources, reviews: 400 `ConfigMap in version "v1" cannot be handled as a ConfigMap: json:
//   cannot unmarshal number into Go struct field ConfigMap.data of type string`;
// - JSON and merge patches: 422 ` "" is invalid: patch: Invalid value: "<patched JSON>": json: cannot unmarshal …`;
// - strategic merge patches: 422 ` "" is invalid: patch: Invalid value: "map[…]": cannot convert int64 to string`;
// - server-side apply: `failed to create typed patch object (ns/name; /v1, Kind=ConfigMap): .data.a: expected
//   string, got …` (kube answers 500 there, a known bug; kcpx answers 400 as the fix proposed upstream does).
// What is typed is the kind's strategy's business: a built-in by its Go type; a custom resource only as far as kube
// types it while decoding — apiVersion, kind and metadata (ObjectMeta) — its own fields being the CRD schema's
// (422 from validation, see apiextensions/validator.ts).
import { checkTyped, type CheckOptions } from '../typed/check.js';
import { componentType } from '../typed/compile.js';
import { goQuote, goValue } from '../apimachinery/gostrings.js';
import type { DecodeIssue } from '../typed/model.js';
import { converterMessage, firstDecodeIssue, isSmdIssue, jsonDecodeMessage, smdErrors } from '../typed/messages.js';
import { badRequest, fieldErr, GoSyntax, invalid, type StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { ResourceDef } from './types.js';
import { loadBuiltinTyping } from './builtin-strategy.js';

// Built-in kinds type their objects with modules they load lazily (builtin-strategy.ts): whatever decodes through
// this module finds them loaded.
await loadBuiltinTyping();

/** How the object reached the pipeline: it decides the Status a decode problem becomes. */
export type DecodePath =
  { via: 'body' } | { via: 'patch' } | { via: 'strategic-patch'; patch: unknown } | { via: 'apply'; namespace: string; name: string };

export const FROM_BODY: DecodePath = { via: 'body' };

const DECODE: CheckOptions = { normalize: true, stopAtImmediate: true, max: 64 };
const APPLY: CheckOptions = { normalize: true, stopAtImmediate: false, max: 64 };
const INSPECT: CheckOptions = { normalize: false, stopAtImmediate: false, max: 64 };

function issuesOf(def: ResourceDef, obj: KObject, opts: CheckOptions): DecodeIssue[] {
  return def.strategy.decodeIssues(obj, opts);
}

/** What a stored object must satisfy: every problem the decoder would have refused (for tests and read-back checks). */
export function typeProblems(def: ResourceDef, obj: KObject): DecodeIssue[] {
  return issuesOf(def, obj, INSPECT);
}

/**
 * Checks (and normalises, as kube's decoding would) a decoded object of `def`'s kind; throws the Status kube
 * answers for the first problem on the object's path.
 */
export function decodeTyped(def: ResourceDef, obj: KObject, path: DecodePath = FROM_BODY): void {
  const issues = issuesOf(def, obj, path.via === 'apply' ? APPLY : DECODE);
  if (issues.length) throw decodeError(def, obj, issues, path);
  const coerced = def.strategy.coerce(obj);
  if (coerced) throw decodeFailure(def, obj, coerced, path);
}

/** A body of a kind that is not a served resource (TokenRequest, a patched Scale): typed by its schema component. */
export function decodeComponent(component: string, kind: DecodedKind, body: unknown, path: DecodePath = FROM_BODY): void {
  const node = componentType(component);
  if (!node) return;
  const issues = checkTyped(body, node, path.via === 'apply' ? APPLY : DECODE);
  if (issues.length) throw decodeError(kind, body, issues, path);
}

type DecodedKind = Pick<ResourceDef, 'group' | 'version' | 'kind'>;

/** A decode failure already worded (custom resources' embedded objects), on the object's path. */
function decodeFailure(kind: DecodedKind, obj: unknown, message: string, path: DecodePath): StatusError {
  switch (path.via) {
    case 'body':
      return cannotBeHandled(kind, message);
    case 'apply':
      return badRequest(`failed to create typed patch object (${applyTarget(kind, path)}): ${message}`);
    default:
      return invalidPatch(JSON.stringify(obj), message);
  }
}

function decodeError(kind: DecodedKind, obj: unknown, issues: DecodeIssue[], path: DecodePath): StatusError {
  switch (path.via) {
    case 'body':
      return cannotBeHandled(kind, jsonDecodeMessage(firstDecodeIssue(issues)!));
    case 'patch':
      return invalidPatch(JSON.stringify(obj), jsonDecodeMessage(firstDecodeIssue(issues)!));
    case 'strategic-patch':
      return invalidPatch(goValue(path.patch), converterMessage(issues[0]!));
    case 'apply': {
      const typed = issues.filter(isSmdIssue);
      if (typed.length) return badRequest(`failed to create typed patch object (${applyTarget(kind, path)}): ${smdErrors(typed)}`);
      return badRequest(`failed to convert new object (${applyTarget(kind, path)}) to proper version: ${converterMessage(issues[0]!)}`);
    }
  }
}

/** How kube's field manager names the applied object: `ns/name; group/version, Kind=Kind`. */
function applyTarget(kind: DecodedKind, path: { namespace: string; name: string }): string {
  return `${path.namespace}/${path.name}; ${kind.group}/${kind.version}, Kind=${kind.kind}`;
}

/** kube's transformDecodeError once the body's kind is known. */
export function cannotBeHandled(def: Pick<ResourceDef, 'kind' | 'version'>, message: string): StatusError {
  return badRequest(`${def.kind} in version "${def.version}" cannot be handled as a ${def.kind}: ${message}`);
}

/** The patched object does not decode: 422 with an empty kind and name, as kube's patch handler builds it. */
function invalidPatch(value: string, detail: string): StatusError {
  return invalid('', '', [fieldErr.invalid('patch', new GoSyntax(goQuote(value)), detail)]);
}

const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';

/**
 * A DeleteOptions body. kube answers its decode errors with the bare message and code 500 (the handler passes the
 * error on unconverted); kcpx answers 400 with the same message.
 */
export function decodeDeleteOptions(body: unknown): void {
  const node = componentType(DELETE_OPTIONS)!;
  const issue = firstDecodeIssue(checkTyped(body, node, DECODE));
  if (issue) throw badRequest(jsonDecodeMessage(issue));
}
