// flowcontrol.apiserver.k8s.io/v1 FlowSchema (kcp's `flowcontrol` battery): defaulted, validated and printed as
// kube-apiserver does. kcpx does not dispatch requests by them; the flowcontrol controller (controller.ts) keeps
// kube's bootstrap set and each FlowSchema's Dangling condition (MISSINGPL), as kube's APF controllers do.
import { isObject } from '../../apimachinery/is-object.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { ResourceDef, TableDef } from '../../registry/types.js';
import { defaultFlowSchema } from './defaults.js';
import { flowSchemaErrors } from './validation.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

const precedence = (o: KObject) => Number(get(o, 'spec', 'matchingPrecedence') ?? 1000);

const table: TableDef = {
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
      isObject(dm) ? scalarText(dm['type']) : '<none>',
      age(o, now),
      isObject(dangling) ? scalarText(dangling['status']) : '?',
    ];
  },
  // kube's printer lists FlowSchemas the way they are matched: by precedence, then name.
  compare: (a, b) => precedence(a) - precedence(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
};

export class FlowSchemaStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, { status: true, generation: true, table });
  }

  /** Status belongs to the APF controller: a create starts from an empty one, as kube's strategy does. */
  override prepareForCreate(obj: KObject): void {
    defaultFlowSchema(obj);
    obj['status'] = {};
  }

  override prepareForUpdate(obj: KObject): void {
    defaultFlowSchema(obj);
  }

  override validate(obj: KObject): FieldError[] {
    return flowSchemaErrors(obj);
  }
}

export const flowschemas = define(
  {
    group: 'flowcontrol.apiserver.k8s.io',
    version: 'v1',
    kind: 'FlowSchema',
    plural: 'flowschemas',
    namespaced: false,
    battery: 'flowcontrol',
    schemaName: 'io.k8s.api.flowcontrol.v1.FlowSchema',
  },
  (r) => new FlowSchemaStrategy(r),
);
