// events.k8s.io/v1 Event: a record that cannot change once written, selectable by what it is about and why.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, col, get } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';
import { eventUpdateErrors } from './validation.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

const regarding = (f: string) => (o: KObject) => get(o, 'regarding', f) as string | undefined;

export class EventStrategy extends BuiltinStrategy {
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
      table: {
        columns: [
          col('Last Seen', 'Time of the last occurrence'),
          col('Type', 'Type of this event'),
          col('Reason', 'Why the action was taken'),
          col('Object', 'The object this event is about'),
          col('Message', 'A human-readable description'),
        ],
        cells: (o, now) => [
          age(
            {
              metadata: {
                creationTimestamp: (get(o, 'series', 'lastObservedTime') ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string,
              },
            },
            now,
          ),
          o['type'] ?? '',
          o['reason'] ?? '',
          `${scalarText(get(o, 'regarding', 'kind')).toLowerCase()}/${scalarText(get(o, 'regarding', 'name'))}`,
          o['note'] ?? '',
        ],
      },
    });
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return eventUpdateErrors(obj, old);
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
  },
  (r) => new EventStrategy(r),
);
