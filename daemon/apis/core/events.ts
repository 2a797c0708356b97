// core/v1 Event: selectable by what it is about and why, printed as `kubectl get events` prints it (events.k8s.io
// Events, the same objects, print the same).
import type { KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, col, get } from '../../registry/table-cells.js';
import type { TableDef } from '../../registry/types.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

const involved = (f: string) => (o: KObject) => get(o, 'involvedObject', f) as string | undefined;

export const eventTable: TableDef = {
  // kube's event printer has no leading Name: the name is its last column, shown with -o wide.
  nameColumn: false,
  columns: [
    col('Last Seen', 'Time of the last occurrence'),
    col('Type', 'Type of this event (Normal, Warning)'),
    col('Reason', 'A short, machine-understandable string that gives the reason for this event'),
    col('Object', 'The object this event is about'),
    col('Subobject', 'The subobject this event is about', 'string', 1),
    col('Source', 'The component reporting this event', 'string', 1),
    col('Message', 'A human-readable description of the status of this operation'),
    col('First Seen', 'Time of the first occurrence', 'string', 1),
    col('Count', 'The number of times this event has occurred', 'integer', 1),
    col('Name', 'The name of the event', 'string', 1),
  ],
  cells(o, now) {
    const last = (o['lastTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string | undefined;
    const first = (o['firstTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp) as string | undefined;
    const ago = (t: string | undefined) => age({ metadata: { creationTimestamp: t ?? null } }, now);
    return [
      ago(last),
      o['type'] ?? '',
      o['reason'] ?? '',
      `${scalarText(get(o, 'involvedObject', 'kind')).toLowerCase()}/${scalarText(get(o, 'involvedObject', 'name'))}`,
      get(o, 'involvedObject', 'fieldPath') ?? '',
      get(o, 'source', 'component') ?? o['reportingComponent'] ?? '',
      o['message'] ?? '',
      ago(first),
      o['count'] ?? 1,
      o.metadata.name ?? '',
    ];
  },
};

export const coreEvents = define(
  {
    group: '',
    version: 'v1',
    kind: 'Event',
    plural: 'events',
    namespaced: true,
    shortNames: ['ev'],
    schemaName: 'io.k8s.api.core.v1.Event',
  },
  (r) =>
    new BuiltinStrategy(r, {
      table: eventTable,
      fieldSelectors: {
        'involvedObject.kind': involved('kind'),
        'involvedObject.namespace': involved('namespace'),
        'involvedObject.name': involved('name'),
        'involvedObject.uid': involved('uid'),
        'involvedObject.apiVersion': involved('apiVersion'),
        'involvedObject.resourceVersion': involved('resourceVersion'),
        'involvedObject.fieldPath': involved('fieldPath'),
        reason: (o) => o['reason'] as string | undefined,
        reportingComponent: (o) => o['reportingComponent'] as string | undefined,
        source: (o) => get(o, 'source', 'component') as string | undefined,
        type: (o) => o['type'] as string | undefined,
      },
    }),
);
