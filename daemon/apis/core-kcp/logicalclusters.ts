// core.kcp.io/v1alpha1 LogicalCluster: always named `cluster`; the initializer and terminator bookkeeping clients may
// change only as the workspace lifecycle allows (logical-cluster-validation.ts).
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { RequestContext, ResourceDef } from '../../registry/types.js';
import { withLifecycleLabels } from './lifecycle-labels.js';
import { logicalClusterUpdateErrors } from './logical-cluster-validation.js';

export class LogicalClusterStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      generation: true,
      strategicMergePatch: false,
      status: true,
      nameRule: (name) => (name === 'cluster' ? [] : ['must be "cluster"']),
      table: {
        columns: [col('Phase', 'The current phase'), col('URL', 'URL to access the logical cluster'), AGE],
        cells: (o, now) => [get(o, 'status', 'phase') ?? null, get(o, 'status', 'URL') ?? null, age(o, now)],
      },
    });
  }

  // kcp's metadata reconciler keeps the phase label and a label per initializer and terminator; here every write
  // does, in the write.
  override prepareForCreate(obj: KObject, ctx: RequestContext): void {
    super.prepareForCreate(obj, ctx);
    syncLifecycleLabels(obj);
  }

  // Only a write that moves the lifecycle relabels: on any other, a label a tenant changed reaches the reserved
  // metadata admission as sent, which refuses it with kcp's message rather than the write silently undoing it.
  override prepareForUpdate(obj: KObject, old: KObject, ctx: RequestContext): void {
    super.prepareForUpdate(obj, old, ctx);
    if (lifecycleOf(obj) !== lifecycleOf(old)) syncLifecycleLabels(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return logicalClusterUpdateErrors(obj, old);
  }
}

type LifecycleStatus = { phase?: string; initializers?: string[]; terminators?: string[] } | undefined;

/** What the lifecycle labels are made of, comparable as a string. */
function lifecycleOf(obj: KObject): string {
  const status = obj['status'] as LifecycleStatus;
  return JSON.stringify([status?.phase, status?.initializers, status?.terminators]);
}

function syncLifecycleLabels(obj: KObject): void {
  const labels = withLifecycleLabels(obj.metadata.labels, obj['status'] as LifecycleStatus);
  if (labels) obj.metadata.labels = labels;
}

export const logicalclusters = define(
  {
    group: 'core.kcp.io',
    version: 'v1alpha1',
    kind: 'LogicalCluster',
    plural: 'logicalclusters',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.core.v1alpha1.LogicalCluster',
  },
  (r) => new LogicalClusterStrategy(r),
);
