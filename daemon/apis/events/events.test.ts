// events.k8s.io/v1 Events: selectable by what they regard and why; a record that never changes.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { compileSelectors } from '../../registry/selectors.js';
import type { RequestContext } from '../../registry/types.js';
import { events } from './events.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const ev = (note: string): KObject => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'e', namespace: 'ns' },
  eventTime: '2026-01-01T00:00:00.000000Z',
  regarding: { kind: 'Pod', name: 'p' },
  reason: 'Started',
  reportingController: 'kubelet',
  type: 'Normal',
  note,
});

describe('events.k8s.io Events', () => {
  it('are selected by what they regard and why', () => {
    for (const sel of ['regarding.kind=Pod', 'regarding.name=p', 'reason=Started', 'reportingController=kubelet', 'type=Normal']) {
      expect(compileSelectors(events, { labelSelector: '', fieldSelector: sel })!(ev('x'))).toBe(true);
    }
    expect(() => compileSelectors(events, { labelSelector: '', fieldSelector: 'note=x' })).toThrow('field label not supported: note');
  });

  it('cannot change once written, and are printed with what they regard', () => {
    expect(events.strategy.validate(ev('x'), ctx)).toEqual([]);
    expect(events.strategy.validateUpdate(ev('y'), ev('x'), ctx).length).toBeGreaterThan(0);
    // One printer for both APIs' Events, as kube's: core's columns, read through the field mapping.
    expect(events.strategy.table.nameColumn).toBe(false);
    expect(events.strategy.table.cells(ev('x'), Date.now()).slice(1)).toEqual([
      'Normal',
      'Started',
      'pod/p',
      '',
      'kubelet',
      'x',
      expect.any(String),
      1,
      'e',
    ]);
  });
});
