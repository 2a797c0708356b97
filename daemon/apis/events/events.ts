// events.k8s.io/v1 Event: a record that cannot change once written, selectable by what it is about and why. It is
// the core/v1 Event seen through another API: stored as one (conversion.ts), so both APIs see every Event.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { get } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';
import { coreFromEventsV1, eventsV1FromCore } from './conversion.js';
import { eventTable } from '../core/events.js';
import { eventUpdateErrors } from './validation.js';

const regarding = (f: string) => (o: KObject) => get(o, 'regarding', f) as string | undefined;

export class EventStrategy extends BuiltinStrategy {
  override storedIsServed = false;

  constructor(resource: ResourceDef) {
    super(resource, {
      fieldSelectors: {
        'regarding.kind': regarding('kind'),
        'regarding.namespace': regarding('namespace'),
        'regarding.name': regarding('name'),
        'regarding.uid': regarding('uid'),
        reason: (o) => o['reason'] as string | undefined,
        reportingController: (o) => o['reportingController'] as string | undefined,
        type: (o) => o['type'] as string | undefined,
      },
      // kube prints both APIs' Events with one printer, of the core form.
      table: { ...eventTable, cells: (o, now) => eventTable.cells(coreFromEventsV1(o), now) },
    });
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return eventUpdateErrors(obj, old);
  }

  override served(stored: KObject): KObject {
    return eventsV1FromCore(stored);
  }

  override toStorage(obj: KObject): KObject {
    return coreFromEventsV1(obj);
  }
}

export const events = define(
  {
    group: 'events.k8s.io',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    schemaName: 'io.k8s.api.events.v1.Event',
    storedAs: { group: '', plural: 'events' },
  },
  (r) => new EventStrategy(r),
);
