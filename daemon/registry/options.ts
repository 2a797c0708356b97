// Every verb's options, read in one place the way kube's handlers read them: the query (for DELETE, a DeleteOptions
// body instead when there is one) is converted as k8s.io/apimachinery's ParameterCodec converts it — strconv's
// errors answer 400 — and the result is validated as meta/v1's Validate*Options validate it (422
// `<Kind>.meta.k8s.io "" is invalid`). Verbs take their options from here and never read the query themselves.
import { decodeDeleteOptions } from './typecheck.js';
import {
  ConversionError,
  goQuote,
  goRuneHex,
  goStringSlice,
  isPrintRune,
  parseInt64,
  parseQueryBool,
  parseUint64,
  runesWithByteOffsets,
} from '../apimachinery/gostrings.js';
import { badRequest, fieldErr, GoSyntax, invalid, StatusError } from '../apimachinery/status.js';
import type { FieldError } from '../apimachinery/types.js';

const META_GROUP = 'meta.k8s.io';

function invalidOptions(kind: string, errs: FieldError[]): StatusError {
  return invalid(`${kind}.${META_GROUP}`, '', errs, META_GROUP);
}

/** A query parameter as Go's url.Values conversions see it: present (even empty) or not. */
function param(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

function convert<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ConversionError) throw badRequest(err.message);
    throw err;
  }
}

function int64Param(query: URLSearchParams, name: string): number | undefined {
  const v = param(query, name);
  return v === undefined ? undefined : convert(() => parseInt64(v));
}

function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const v = param(query, name);
  return v === undefined ? undefined : parseQueryBool(v);
}

// ---------------------------------------------------------------------------------------------------------------
// LIST and WATCH

export const EXACT = 'Exact';
export const NOT_OLDER_THAN = 'NotOlderThan';

export interface ListOptions {
  labelSelector: string;
  fieldSelector: string;
  /** The `watch` parameter. The legacy /watch/ path prefix also makes a watch, but its options validate as a list's. */
  watch: boolean;
  allowWatchBookmarks: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  timeoutSeconds?: number;
  /** ≤ 0: no paging (kube pages only for a positive limit). */
  limit: number;
  continue: string;
  sendInitialEvents?: boolean;
}

/**
 * ListOptions of a list, watch or deletecollection: converted (in the struct's field order, so the first bad
 * parameter is the one reported), defaulted as SetListOptionsDefaults does with WatchList on (a watch from ""/"0"
 * that names neither sendInitialEvents nor resourceVersionMatch sends the initial events) and validated.
 */
export function listOptionsOf(query: URLSearchParams): ListOptions {
  const opts: ListOptions = {
    labelSelector: param(query, 'labelSelector') ?? '',
    fieldSelector: param(query, 'fieldSelector') ?? '',
    watch: boolParam(query, 'watch') ?? false,
    allowWatchBookmarks: boolParam(query, 'allowWatchBookmarks') ?? false,
    resourceVersion: param(query, 'resourceVersion') ?? '',
    resourceVersionMatch: param(query, 'resourceVersionMatch') ?? '',
    limit: 0,
    continue: '',
  };
  const timeout = int64Param(query, 'timeoutSeconds');
  if (timeout !== undefined) opts.timeoutSeconds = timeout;
  opts.limit = int64Param(query, 'limit') ?? 0;
  opts.continue = param(query, 'continue') ?? '';
  const initial = boolParam(query, 'sendInitialEvents');
  if (initial !== undefined) opts.sendInitialEvents = initial;

  if (
    opts.watch &&
    opts.sendInitialEvents === undefined &&
    opts.resourceVersionMatch === '' &&
    (opts.resourceVersion === '' || opts.resourceVersion === '0')
  ) {
    opts.sendInitialEvents = true;
    opts.resourceVersionMatch = NOT_OLDER_THAN;
  }
  const errs = opts.watch ? watchOptionErrors(opts) : listOptionErrors(opts);
  if (errs.length) throw invalidOptions('ListOptions', errs);
  return opts;
}

function listOptionErrors(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (match !== '') {
    if (o.resourceVersion === '')
      errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continue !== '')
      errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== EXACT && match !== NOT_OLDER_THAN)
      errs.push(fieldErr.notSupported('resourceVersionMatch', match, [EXACT, NOT_OLDER_THAN, '']));
    if (match === EXACT && o.resourceVersion === '0') {
      errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (o.sendInitialEvents !== undefined) errs.push(fieldErr.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

function watchOptionErrors(o: ListOptions): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.sendInitialEvents !== undefined && match !== NOT_OLDER_THAN) {
    errs.push(fieldErr.forbidden('resourceVersionMatch', `sendInitialEvents requires setting resourceVersionMatch to ${NOT_OLDER_THAN}`));
  }
  if (match !== '') {
    if (o.sendInitialEvents === undefined) {
      errs.push(
        fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'),
      );
    }
    if (match !== NOT_OLDER_THAN) errs.push(fieldErr.notSupported('resourceVersionMatch', match, [NOT_OLDER_THAN]));
    if (o.continue !== '')
      errs.push(fieldErr.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/** GetOptions: `export` is refused unless it reads false; only resourceVersion remains. */
export function getOptionsOf(query: URLSearchParams): { resourceVersion: string } {
  const exp = boolParam(query, 'export');
  if (exp) throw badRequest('the export parameter, deprecated since v1.14, is no longer supported');
  return { resourceVersion: param(query, 'resourceVersion') ?? '' };
}

/**
 * A read's resourceVersion ("" and "0" are 0). Malformed is the client's mistake, answered 400 as kube's etcd reader
 * words it; kube's watch cache lets the same error through as a 500 (kubernetes/kubernetes#139485), which kcpx does
 * not copy.
 */
export function parseResourceVersion(rv: string): number {
  if (rv === '' || rv === '0') return 0;
  try {
    return parseUint64(rv);
  } catch (err) {
    throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${goQuote(rv)}: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CREATE, UPDATE, PATCH

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteRequestOptions {
  dryRun: boolean;
  /** '' when not given: the writer's manager then comes from its User-Agent. */
  fieldManager: string;
  /** The directive in force ('' defaults to Warn). */
  fieldValidation: FieldValidation;
  /** Apply patches only. */
  force: boolean;
}

export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const FIELD_MANAGER_MAX = 128;
const FIELD_VALIDATIONS = ['', 'Ignore', 'Strict', 'Warn'];

/** CreateOptions, UpdateOptions or PatchOptions (`applyPatch`: the body is a server-side apply). */
export function writeOptionsOf(query: URLSearchParams, kind: WriteOptionsKind, applyPatch = false): WriteRequestOptions {
  const dryRun = query.getAll('dryRun');
  const fieldManager = param(query, 'fieldManager') ?? '';
  const fieldValidation = param(query, 'fieldValidation') ?? '';
  const force = boolParam(query, 'force');
  const errs: FieldError[] = [];
  if (kind === 'PatchOptions') {
    if (!applyPatch) {
      if (force !== undefined) errs.push(fieldErr.forbidden('force', 'may not be specified for non-apply patch'));
    } else if (fieldManager === '') {
      errs.push(fieldErr.required('fieldManager', 'is required for apply patch'));
    }
  }
  errs.push(...fieldManagerErrors(fieldManager), ...dryRunErrors(dryRun));
  if (!FIELD_VALIDATIONS.includes(fieldValidation)) errs.push(fieldErr.notSupported('fieldValidation', fieldValidation, FIELD_VALIDATIONS));
  if (errs.length) throw invalidOptions(kind, errs);
  return {
    dryRun: dryRun.length > 0,
    fieldManager,
    fieldValidation: (fieldValidation || 'Warn') as FieldValidation,
    force: force ?? false,
  };
}

/** ValidateFieldManager: at most 128 bytes, printable characters only. */
export function fieldManagerErrors(manager: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(manager, 'utf8') > FIELD_MANAGER_MAX) errs.push(fieldErr.tooLong('fieldManager', FIELD_MANAGER_MAX));
  for (const [at, ch] of runesWithByteOffsets(manager)) {
    if (!isPrintRune(ch))
      errs.push(fieldErr.invalid('fieldManager', new GoSyntax(goQuote(manager)), `invalid character ${goRuneHex(ch)} (at position ${at})`));
  }
  return errs;
}

/** ValidateDryRun: "All" is the only value, and the error prints the whole list as Go does. */
function dryRunErrors(dryRun: readonly string[]): FieldError[] {
  if (dryRun.every((v) => v === 'All')) return [];
  return [fieldErr.notSupported('dryRun', new GoSyntax(goStringSlice(dryRun)), ['All'])];
}

// ---------------------------------------------------------------------------------------------------------------
// DELETE and DELETE-collection

export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  propagationPolicy?: PropagationPolicy;
  dryRun?: string[];
}

const POLICIES = ['Foreground', 'Background', 'Orphan'];

/**
 * DeleteOptions as kube's delete handlers read them: from the body when there is one (the query is then not read
 * at all), from the query otherwise; then ValidateDeleteOptions. A negative grace period means one second.
 */
export function deleteOptionsOf(body: unknown, query: URLSearchParams): DeleteOptions {
  const opts = body === undefined ? deleteOptionsFromQuery(query) : deleteOptionsFromBody(body);
  const errs: FieldError[] = [];
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined) {
    errs.push(
      fieldErr.invalid(
        'propagationPolicy',
        new GoSyntax(goQuote(opts.propagationPolicy)),
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  }
  if (opts.propagationPolicy !== undefined && !POLICIES.includes(opts.propagationPolicy)) {
    errs.push(fieldErr.notSupported('propagationPolicy', new GoSyntax(goQuote(opts.propagationPolicy)), [...POLICIES, 'nil']));
  }
  errs.push(...dryRunErrors(opts.dryRun ?? []));
  if (errs.length) throw invalidOptions('DeleteOptions', errs);
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;
  return opts;
}

function deleteOptionsFromQuery(query: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  const grace = int64Param(query, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = grace;
  const orphan = boolParam(query, 'orphanDependents');
  if (orphan !== undefined) opts.orphanDependents = orphan;
  const policy = param(query, 'propagationPolicy');
  if (policy !== undefined) opts.propagationPolicy = policy as PropagationPolicy;
  const dryRun = query.getAll('dryRun');
  if (dryRun.length) opts.dryRun = dryRun;
  return opts;
}

/**
 * A DeleteOptions body, decoded as Go would decode it (null leaves a field unset). A value of the wrong type is kube's
 * decoder error as a 400 (kube's delete handler lets it through as a 500: a client's mistake is not a server error).
 */
function deleteOptionsFromBody(body: unknown): DeleteOptions {
  // A `null` body decodes to no options in Go.
  if (body === null) return {};
  decodeDeleteOptions(body);
  const b = body as {
    gracePeriodSeconds?: number | null;
    orphanDependents?: boolean | null;
    propagationPolicy?: string | null;
    dryRun?: string[] | null;
    preconditions?: { uid?: string | null; resourceVersion?: string | null } | null;
  };
  const opts: DeleteOptions = {};
  if (b.gracePeriodSeconds != null) opts.gracePeriodSeconds = b.gracePeriodSeconds;
  if (b.orphanDependents != null) opts.orphanDependents = b.orphanDependents;
  if (b.propagationPolicy != null) opts.propagationPolicy = b.propagationPolicy as PropagationPolicy;
  if (b.dryRun != null) opts.dryRun = b.dryRun;
  if (b.preconditions != null) {
    const out: NonNullable<DeleteOptions['preconditions']> = {};
    if (b.preconditions.uid != null) out.uid = b.preconditions.uid;
    if (b.preconditions.resourceVersion != null) out.resourceVersion = b.preconditions.resourceVersion;
    opts.preconditions = out;
  }
  return opts;
}
