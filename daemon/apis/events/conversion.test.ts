import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { coreFromEventsV1, eventsV1FromCore } from './conversion.js';

const metadata = { name: 'e', namespace: 'ns', resourceVersion: '7' };
const eventsV1: KObject = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata,
  eventTime: '2026-01-01T00:00:00.000000Z',
  series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.000000Z' },
  reportingController: 'example.dev/c',
  reportingInstance: 'i1',
  action: 'Test',
  reason: 'Testing',
  regarding: { kind: 'ConfigMap', name: 'seed', namespace: 'ns' },
  related: { kind: 'Secret', name: 's' },
  note: 'hello',
  type: 'Normal',
  deprecatedSource: { component: 'c', host: 'h' },
  deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
  deprecatedLastTimestamp: '2026-01-01T00:00:01Z',
  deprecatedCount: 3,
};
const core: KObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata,
  involvedObject: { kind: 'ConfigMap', name: 'seed', namespace: 'ns' },
  reason: 'Testing',
  message: 'hello',
  source: { component: 'c', host: 'h' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:00:01Z',
  count: 3,
  type: 'Normal',
  eventTime: '2026-01-01T00:00:00.000000Z',
  series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.000000Z' },
  action: 'Test',
  related: { kind: 'Secret', name: 's' },
  reportingComponent: 'example.dev/c',
  reportingInstance: 'i1',
};

describe("Events through both APIs (kube's events/v1 conversion)", () => {
  it('maps every field both ways, in each version’s field order', () => {
    const stored = coreFromEventsV1(eventsV1);
    expect(stored).toStrictEqual(core);
    expect(Object.keys(stored)).toEqual(Object.keys(core));
    const served = eventsV1FromCore(core);
    expect(served).toStrictEqual(eventsV1);
    expect(Object.keys(served)).toEqual(Object.keys(eventsV1));
  });

  it('leaves out what is absent, and leaves an object already in the target version alone', () => {
    const sparse: KObject = { apiVersion: 'v1', kind: 'Event', metadata, involvedObject: { name: 'x' }, message: 'm' };
    expect(eventsV1FromCore(sparse)).toStrictEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata,
      regarding: { name: 'x' },
      note: 'm',
    });
    expect(eventsV1FromCore(eventsV1)).toBe(eventsV1);
    expect(coreFromEventsV1(core)).toBe(core);
  });
});
