// events.k8s.io/v1 Events are core Events seen through another API, as on kube (one registry store, pkg/registry/core/
// event, serves both; pkg/apis/events/v1/conversion.go maps the fields). They are stored as core/v1 Events, so either
// API lists, watches and changes every Event. Fields absent on one side stay absent on the other.
import type { KObject } from '../../apimachinery/types.js';

export const EVENTS_V1 = 'events.k8s.io/v1';
export const CORE_V1 = 'v1';

/** events.k8s.io/v1 name → core/v1 name, in events.k8s.io/v1's field order (Go's struct order). */
const RENAMED: ReadonlyArray<readonly [string, string]> = [
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['reportingController', 'reportingComponent'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['regarding', 'involvedObject'],
  ['related', 'related'],
  ['note', 'message'],
  ['type', 'type'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
];

/** core/v1's field order (Go's struct order), for Events written through events.k8s.io. */
const CORE_ORDER = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'series',
  'action',
  'related',
  'reportingComponent',
  'reportingInstance',
];
const TO_CORE = new Map(RENAMED);

/** A stored (core/v1) Event as events.k8s.io/v1 serves it; an object already in that version is returned as it is. */
export function eventsV1FromCore(core: KObject): KObject {
  if (core.apiVersion === EVENTS_V1) return core;
  const out: KObject = { apiVersion: EVENTS_V1, kind: 'Event', metadata: core.metadata };
  for (const [v1, corev1] of RENAMED) if (core[corev1] !== undefined) out[v1] = core[corev1];
  return out;
}

/** An events.k8s.io/v1 Event as it is stored (core/v1); an object already in core/v1 is returned as it is. */
export function coreFromEventsV1(event: KObject): KObject {
  if (event.apiVersion !== EVENTS_V1) return event;
  const renamed: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(event)) {
    const core = TO_CORE.get(field);
    if (core !== undefined && value !== undefined) renamed[core] = value;
  }
  const out: KObject = { apiVersion: CORE_V1, kind: 'Event', metadata: event.metadata };
  for (const field of CORE_ORDER) if (renamed[field] !== undefined) out[field] = renamed[field];
  return out;
}
