// The one error catalogue: every non-2xx answer is a Status built here, shaped and worded as kube-apiserver's
// k8s.io/apimachinery/pkg/api/errors constructors shape them, because kubectl prints these messages verbatim.
import { OutcomeError } from './outcome-error.js';
import type { FieldError, FieldErrorType } from './types.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { resourceVersion?: string; continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Identifies a resource for messages: `configmaps`, or `widgets.example.dev` outside the core group. */
export interface GroupResource {
  group: string;
  resource: string;
}

export class StatusError extends OutcomeError {
  readonly status: Status;
  /** Extra response headers (Retry-After and the like). */
  readonly headers: Record<string, string>;

  constructor(code: number, reason: string, message: string, details?: StatusDetails, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'StatusError';
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
    if (details && Object.keys(details).length > 0) this.status.details = details;
    this.headers = headers;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string {
    return this.status.reason ?? '';
  }
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function resourceDetails(gr: GroupResource, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name !== undefined) d.name = name;
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return d;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, resourceDetails(gr, name));
}

/** Unknown path or group-version. */
export function pathNotFound(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, resourceDetails(gr, name));
}

export function conflict(gr: GroupResource, name: string, why: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
    resourceDetails(gr, name),
  );
}

export const OBJECT_MODIFIED = 'the object has been modified; please apply your changes to the latest version and try again';

export function staleResourceVersion(gr: GroupResource, name: string): StatusError {
  return conflict(gr, name, OBJECT_MODIFIED);
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function unauthorized(): StatusError {
  return new StatusError(401, 'Unauthorized', 'Unauthorized');
}

/** `configmaps "x" is forbidden: <why>` (or `configmaps is forbidden: …` without a name). */
export function forbidden(gr: GroupResource, name: string | undefined, why: string): StatusError {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  return new StatusError(403, 'Forbidden', `${subject} is forbidden: ${why}`, resourceDetails(gr, name || undefined));
}

/**
 * `forbidden: <why>`: a refusal that names no resource (non-resource URLs, impersonation, the front door's own
 * rules). kube's NewForbidden with an empty GroupResource still sets details, which serialise as `"details":{}`.
 */
export function forbiddenWithoutResource(why: string): StatusError {
  const err = new StatusError(403, 'Forbidden', `forbidden: ${why}`);
  err.status.details = {};
  return err;
}

/** A method the server has no handler for at all (CONNECT, TRACE…), as kube's router answers it. */
export function methodNotSupported(): StatusError {
  return new StatusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function methodNotAllowed(gr: GroupResource, verb: string): StatusError {
  const d: StatusDetails = {};
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return new StatusError(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualifiedResource(gr)}"`, d);
}

export function methodNotAllowedMessage(gr: GroupResource, message: string): StatusError {
  const d: StatusDetails = {};
  if (gr.group) d.group = gr.group;
  d.kind = gr.resource;
  return new StatusError(405, 'MethodNotAllowed', message, d);
}

export function notAcceptable(accepted: string[]): StatusError {
  return new StatusError(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function tooOldResourceVersion(requested: number | string, current: number | string): StatusError {
  return expired(`too old resource version: ${requested} (${current})`);
}

export const BODY_LIMIT = 3 * 1024 * 1024;

export function requestEntityTooLarge(limit = BODY_LIMIT): StatusError {
  return requestEntityTooLargeBecause(`limit is ${limit}`);
}

export function requestEntityTooLargeBecause(why: string): StatusError {
  return new StatusError(413, 'RequestEntityTooLarge', `Request entity too large: ${why}`);
}

export function unsupportedMediaType(accepted: string[]): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(429, 'TooManyRequests', message, { retryAfterSeconds }, { 'Retry-After': String(retryAfterSeconds) });
}

export function internalError(err: unknown): StatusError {
  const text = err instanceof Error ? err.message : String(err);
  return new StatusError(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] });
}

/**
 * What kube answers for an error that is not an API status (a storage or decoding error that reached the handler
 * uninterpreted): the code, the error's text, and no reason.
 */
export function unknownStatus(code: number, message: string): StatusError {
  return relayedStatus(code, undefined, message);
}

/**
 * A Status whose code and reason another party chose (an admission webhook's answer, a policy's reason), kept as
 * given; without a reason when none was given.
 */
export function relayedStatus(code: number, reason: string | undefined, message: string, details?: StatusDetails): StatusError {
  const err = new StatusError(code, reason ?? '', message, details);
  if (!reason) delete err.status.reason;
  return err;
}

export function serviceUnavailable(message: string): StatusError {
  return new StatusError(503, 'ServiceUnavailable', message);
}

/** A proxied request whose upstream (a mount's target) gave no answer: 502, kube's reason for an unavailable backend. */
export function badGateway(message: string): StatusError {
  return new StatusError(502, 'ServiceUnavailable', message);
}

/**
 * Server-side apply conflicts (409): one cause per conflicting field, the message listing them by manager, as
 * structured-merge-diff's conflict error reads.
 */
export function applyConflict(message: string, details: StatusDetails): StatusError {
  return new StatusError(409, 'Conflict', message, details);
}

export function timeout(message: string, retryAfterSeconds = 1): StatusError {
  return new StatusError(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds });
}

/** 422 for a failed JSON patch: kube drops the patch library's text and answers with this generic message. */
export function invalidPatch(): StatusError {
  return new StatusError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
}

const FIELD_ERROR_WORDS: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
};

const VALUE_FREE: ReadonlySet<FieldErrorType> = new Set(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong']);

/**
 * A bad value whose Go rendering is not its JSON: a `[]string{"Bogus"}` or an `rbac.RoleRef{…}` that kube's
 * field errors print with %#v. The text is printed as it is.
 */
export class GoSyntax {
  constructor(readonly text: string) {}
}

/** Go's %#v / %q / %v rendering of a bad value, as field.Error.ErrorBody prints it. */
export function renderFieldValue(value: unknown): string {
  if (value instanceof GoSyntax) return value.text;
  if (value === null || value === undefined) return '"null"';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** `Invalid value: "Bad_Name": <detail>` — the part after the field path. */
export function fieldErrorBody(e: FieldError): string {
  let s = FIELD_ERROR_WORDS[e.type];
  if (!VALUE_FREE.has(e.type) && 'value' in e) s += `: ${renderFieldValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e);
}

/**
 * 422 Invalid. `qualifiedKind` is the Kind, qualified by group outside the core group (`Widget.example.dev`).
 */
export function invalid(qualifiedKind: string, name: string, errors: FieldError[], group?: string): StatusError {
  const list = errors.map(fieldErrorString);
  const joined = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  // Go omits an empty name (`json:"name,omitempty"`), as for the Invalid of a request's options.
  const details: StatusDetails = {};
  if (name) details.name = name;
  if (group) details.group = group;
  const kind = qualifiedKind.split('.')[0];
  if (kind) details.kind = kind;
  details.causes = errors.map((e) => ({ reason: e.type, message: fieldErrorBody(e), field: e.field }));
  return new StatusError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${joined}`, details);
}

/** Builders for field errors, mirroring k8s.io/apimachinery/pkg/util/validation/field. */
export const fieldErr = {
  invalid: (field: string, value: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, value, detail }),
  required: (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail }),
  notSupported: (field: string, value: unknown, supported: unknown[]): FieldError => ({
    type: 'FieldValueNotSupported',
    field,
    value,
    detail: supported.length ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '',
  }),
  forbidden: (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail }),
  tooLong: (field: string, max: number): FieldError => ({ type: 'FieldValueTooLong', field, detail: `may not be more than ${max} bytes` }),
  duplicate: (field: string, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, value }),
};

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
