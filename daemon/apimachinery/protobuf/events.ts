// events.k8s.io/v1 Event (k8s.io/api/events/v1/generated.proto): what client-go's event recorder
// (k8s.io/client-go/tools/events) posts, as protobuf when its client prefers it.
import { message } from './descriptor.js';
import { ObjectReference } from './core.js';
import { MicroTime, ObjectMeta, Time } from './meta.js';

export const Event = message('Event', {
  1: ['metadata', ObjectMeta],
  2: ['eventTime', MicroTime],
  3: ['series', message('EventSeries', { 1: ['count', 'int32'], 2: ['lastObservedTime', MicroTime] })],
  4: ['reportingController', 'string'],
  5: ['reportingInstance', 'string'],
  6: ['action', 'string'],
  7: ['reason', 'string'],
  8: ['regarding', ObjectReference],
  9: ['related', ObjectReference],
  10: ['note', 'string'],
  11: ['type', 'string'],
  12: ['deprecatedSource', message('EventSource', { 1: ['component', 'string'], 2: ['host', 'string'] })],
  13: ['deprecatedFirstTimestamp', Time],
  14: ['deprecatedLastTimestamp', Time],
  15: ['deprecatedCount', 'int32'],
});
