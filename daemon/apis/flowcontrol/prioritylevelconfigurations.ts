// flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration (kcp's `flowcontrol` battery): defaulted, validated
// and printed as kube-apiserver does.
import { isObject } from '../../apimachinery/is-object.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { ResourceDef, TableDef } from '../../registry/types.js';
import { defaultPriorityLevel } from './defaults.js';
import { priorityLevelErrors } from './validation.js';

const table: TableDef = {
  columns: [
    col('Type', 'Whether the priority level is Exempt or Limited.'),
    col('NominalConcurrencyShares', "The share of the server's concurrency limit nominally reserved for this level."),
    col('Queues', 'The number of queues for this priority level.'),
    col('HandSize', 'How many queues shuffle sharding deals to each flow.'),
    col('QueueLengthLimit', 'The most requests that may wait in one queue.'),
    AGE,
  ],
  cells(o, now) {
    const limited = get(o, 'spec', 'limited');
    const queuing = isObject(limited) ? get(limited, 'limitResponse', 'queuing') : undefined;
    const q = (k: string) => (isObject(queuing) ? (queuing[k] ?? 0) : '<none>');
    return [
      get(o, 'spec', 'type') ?? '',
      isObject(limited) ? (limited['nominalConcurrencyShares'] ?? 0) : '<none>',
      q('queues'),
      q('handSize'),
      q('queueLengthLimit'),
      age(o, now),
    ];
  },
};

export class PriorityLevelStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, { status: true, generation: true, table });
  }

  /** Status belongs to the APF controller: a create starts from an empty one, as kube's strategy does. */
  override prepareForCreate(obj: KObject): void {
    defaultPriorityLevel(obj);
    obj['status'] = {};
  }

  override prepareForUpdate(obj: KObject): void {
    defaultPriorityLevel(obj);
  }

  override validate(obj: KObject): FieldError[] {
    return priorityLevelErrors(obj);
  }
}

export const prioritylevelconfigurations = define(
  {
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    kind: 'PriorityLevelConfiguration',
    plural: 'prioritylevelconfigurations',
    namespaced: false,
    battery: 'flowcontrol',
    schemaName: 'io.k8s.api.flowcontrol.v1.PriorityLevelConfiguration',
  },
  (r) => new PriorityLevelStrategy(r),
);
