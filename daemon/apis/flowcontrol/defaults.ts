// kube's defaulting of flowcontrol.apiserver.k8s.io/v1 (SetDefaults_FlowSchemaSpec, SetDefaults_PriorityLevelConfiguration…).
// kube defaults on decode, so updates, patches and applies get the same defaults as creates.
import { isObject } from '../../apimachinery/is-object.js';
import type { KObject } from '../../apimachinery/types.js';
import { get } from '../../registry/table-cells.js';

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
