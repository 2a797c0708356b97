// flowcontrol.apiserver.k8s.io/v1, kcp's `flowcontrol` battery: FlowSchemas and PriorityLevelConfigurations are
// stored, defaulted, validated and printed as kube-apiserver does. kcpx does not dispatch requests by them, so
// no controller sets their status conditions (MISSINGPL stays "?").
import { isObject } from '../../apimachinery/is-object.js';
import type { KObject } from '../../apimachinery/types.js';
import type { ResourceDef, TableDef } from '../../registry/types.js';
import { age, AGE, col, get } from './cells.js';
import { define } from './define.js';
import { flowSchemaErrors, priorityLevelErrors } from './flowcontrol-validation.js';

type Obj = Record<string, unknown>;

const QUEUING_DEFAULTS = { queues: 64, handSize: 8, queueLengthLimit: 50 } as const;

/** An int32 that is not a pointer in the Go type: zero is indistinguishable from unset and gets the default. */
const unsetInt = (v: unknown) => v === undefined || v === null || v === 0;

function specOf(o: KObject): Obj | undefined {
  if (o['spec'] === undefined || o['spec'] === null) o['spec'] = {};
  return isObject(o['spec']) ? o['spec'] : undefined;
}

export function defaultFlowSchema(o: KObject): void {
  const spec = specOf(o);
  if (spec && unsetInt(spec['matchingPrecedence'])) spec['matchingPrecedence'] = 1000;
}

export function defaultPriorityLevel(o: KObject): void {
  const spec = specOf(o);
  const exempt = spec?.['exempt'];
  if (isObject(exempt)) {
    exempt['nominalConcurrencyShares'] ??= 0;
    exempt['lendablePercent'] ??= 0;
  }
  const limited = spec?.['limited'];
  if (!isObject(limited)) return;
  limited['nominalConcurrencyShares'] ??= 30;
  limited['lendablePercent'] ??= 0;
  const queuing = get(limited, 'limitResponse', 'queuing');
  if (!isObject(queuing)) return;
  for (const [k, v] of Object.entries(QUEUING_DEFAULTS)) if (unsetInt(queuing[k])) queuing[k] = v;
}

/** Status belongs to the APF controller: a create starts from an empty one, as kube's strategy does. */
const withEmptyStatus = (defaults: (o: KObject) => void) => (o: KObject) => {
  defaults(o);
  o['status'] = {};
};

const precedence = (o: KObject) => Number(get(o, 'spec', 'matchingPrecedence') ?? 1000);

const flowSchemaTable: TableDef = {
  columns: [
    col('PriorityLevel', 'The name of the priority level configuration being referenced.'),
    col('MatchingPrecedence', 'Chooses among matching FlowSchemas: the numerically lowest wins.'),
    col('DistinguisherMethod', 'How the flow distinguisher of matching requests is computed.'),
    AGE,
    col('MissingPL', 'references a broken or non-existent PriorityLevelConfiguration'),
  ],
  cells(o, now) {
    const dm = get(o, 'spec', 'distinguisherMethod');
    const conditions = get(o, 'status', 'conditions');
    const dangling = Array.isArray(conditions) ? conditions.find((c) => isObject(c) && c['type'] === 'Dangling') : undefined;
    return [
      get(o, 'spec', 'priorityLevelConfiguration', 'name') ?? '',
      get(o, 'spec', 'matchingPrecedence') ?? 0,
      isObject(dm) ? String(dm['type'] ?? '') : '<none>',
      age(o, now),
      isObject(dangling) ? String(dangling['status'] ?? '') : '?',
    ];
  },
  // kube's printer lists FlowSchemas the way they are matched: by precedence, then name.
  compare: (a, b) => precedence(a) - precedence(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
};

const priorityLevelTable: TableDef = {
  columns: [
    col('Type', 'Whether the priority level is Exempt or Limited.'),
    col('NominalConcurrencyShares', 'The share of the server\'s concurrency limit nominally reserved for this level.'),
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

const flowcontrol = (kind: string, plural: string, extra: Partial<ResourceDef>) =>
  define({
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    kind,
    plural,
    namespaced: false,
    battery: 'flowcontrol',
    generation: true,
    subresources: { status: true },
    schemaName: `io.k8s.api.flowcontrol.v1.${kind}`,
    ...extra,
  });

// kube defaults on decode, so updates, patches and applies get the same defaults as creates.
export const flowschemas = flowcontrol('FlowSchema', 'flowschemas', {
  table: flowSchemaTable,
  hooks: { prepareForCreate: withEmptyStatus(defaultFlowSchema), prepareForUpdate: defaultFlowSchema, validate: flowSchemaErrors },
});

export const prioritylevelconfigurations = flowcontrol('PriorityLevelConfiguration', 'prioritylevelconfigurations', {
  table: priorityLevelTable,
  hooks: { prepareForCreate: withEmptyStatus(defaultPriorityLevel), prepareForUpdate: defaultPriorityLevel, validate: priorityLevelErrors },
});

export const FLOWCONTROL: ResourceDef[] = [flowschemas, prioritylevelconfigurations];
