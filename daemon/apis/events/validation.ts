// events.k8s.io/v1 Events are records: once written, what they report cannot change (ValidateEventUpdate, which
// applies to updates through events.k8s.io and not to core/v1's compatibility path). kube validates the internal
// Event, so fields are named by their internal names (regarding → involvedObject, note → message, …) and printed
// as Go prints the internal types.
import { goQuote, goTimeString } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { deepEqual } from '../../registry/meta.js';

type Json = Record<string, unknown>;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

const REFERENCE_FIELDS = [
  ['Kind', 'kind'],
  ['Namespace', 'namespace'],
  ['Name', 'name'],
  ['UID', 'uid'],
  ['APIVersion', 'apiVersion'],
  ['ResourceVersion', 'resourceVersion'],
  ['FieldPath', 'fieldPath'],
] as const;

function objectReference(v: unknown): string {
  const r = obj(v) ?? {};
  return `core.ObjectReference{${REFERENCE_FIELDS.map(([go, json]) => `${go}:${goQuote(str(r[json]))}`).join(', ')}}`;
}

/** A metav1.Time or MicroTime prints its String(); unset is Go's zero time. */
function time(v: unknown): string {
  return (typeof v === 'string' && goTimeString(v)) || '0001-01-01 00:00:00 +0000 UTC';
}

/** Instants compare as instants, not as spellings (time.Time's String() is a canonical spelling of one). */
const instant = (v: unknown) => (typeof v === 'string' && v !== '' ? (goTimeString(v) ?? v) : '');
const sameTime = (a: unknown, b: unknown) => instant(a) === instant(b);

interface Immutable {
  /** The internal field kube names in the error. */
  field: string;
  value(e: KObject): unknown;
  same(a: unknown, b: unknown): boolean;
  render(v: unknown): unknown;
}

const text = (field: string, json: string): Immutable => ({
  field,
  value: (e) => e[json],
  same: (a, b) => str(a) === str(b),
  render: (v) => new GoSyntax(goQuote(str(v))),
});
const stamp = (field: string, json: string): Immutable => ({
  field,
  value: (e) => e[json],
  same: sameTime,
  render: (v) => new GoSyntax(time(v)),
});

const REFERENCE_KEYS = REFERENCE_FIELDS.map(([, json]) => json);
const sameReference = (a: unknown, b: unknown) => REFERENCE_KEYS.every((k) => str(obj(a)?.[k]) === str(obj(b)?.[k]));

/** In the order kube checks them (reason twice, as kube does). */
const IMMUTABLE: Immutable[] = [
  { field: 'involvedObject', value: (e) => e['regarding'], same: sameReference, render: (v) => new GoSyntax(objectReference(v)) },
  text('reason', 'reason'),
  text('message', 'note'),
  {
    field: 'source',
    value: (e) => e['deprecatedSource'],
    same: (a, b) => str(obj(a)?.['component']) === str(obj(b)?.['component']) && str(obj(a)?.['host']) === str(obj(b)?.['host']),
    render: (v) =>
      new GoSyntax(`core.EventSource{Component:${goQuote(str(obj(v)?.['component']))}, Host:${goQuote(str(obj(v)?.['host']))}}`),
  },
  stamp('firstTimestamp', 'deprecatedFirstTimestamp'),
  stamp('lastTimestamp', 'deprecatedLastTimestamp'),
  {
    field: 'count',
    value: (e) => e['deprecatedCount'],
    same: (a, b) => (Number(a) || 0) === (Number(b) || 0),
    render: (v) => Number(v) || 0,
  },
  text('reason', 'reason'),
  text('type', 'type'),
  stamp('eventTime', 'eventTime'),
  text('action', 'action'),
  {
    field: 'related',
    value: (e) => e['related'],
    same: (a, b) => (obj(a) === undefined) === (obj(b) === undefined) && (obj(a) === undefined || sameReference(a, b)),
    render: (v) => (obj(v) ? new GoSyntax(objectReference(v)) : null),
  },
  text('reportingController', 'reportingController'),
  text('reportingInstance', 'reportingInstance'),
];

export function eventUpdateErrors(event: KObject, old: KObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of IMMUTABLE) {
    const now = f.value(event);
    if (!f.same(now, f.value(old))) errs.push(fieldErr.invalid(f.field, f.render(now), 'field is immutable'));
  }
  // A changed series is checked for what a series must have.
  if (!deepEqual(event['series'], old['series'])) errs.push(...seriesErrors(event));
  return errs;
}

function seriesErrors(event: KObject): FieldError[] {
  const series = obj(event['series']);
  if (!series) return [];
  const errs: FieldError[] = [];
  if (!(Number(series['count']) >= 2)) errs.push(fieldErr.invalid('series.count', '', 'should be at least 2'));
  if (!series['lastObservedTime']) errs.push(fieldErr.required('series.lastObservedTime', ''));
  return errs;
}
