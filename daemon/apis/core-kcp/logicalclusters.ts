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

  override prepareForUpdate(obj: KObject, old: KObject, ctx: RequestContext): void {
    super.prepareForUpdate(obj, old, ctx);
    syncLifecycleLabels(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return logicalClusterUpdateErrors(obj, old);
  }
}

function syncLifecycleLabels(obj: KObject): void {
  const labels = withLifecycleLabels(
    obj.metadata.labels,
    obj['status'] as { phase?: string; initializers?: string[]; terminators?: string[] } | undefined,
  );
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
