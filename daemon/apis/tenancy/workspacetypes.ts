// tenancy.kcp.io/v1alpha1 WorkspaceType (served as kcp serves it, from a CRD).
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE } from '../../registry/table-cells.js';

export const workspacetypes = define(
  {
    group: 'tenancy.kcp.io',
    version: 'v1alpha1',
    kind: 'WorkspaceType',
    plural: 'workspacetypes',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.tenancy.v1alpha1.WorkspaceType',
  },
  (r) =>
    new BuiltinStrategy(r, {
      generation: true,
      strategicMergePatch: false,
      status: true,
      table: { columns: [AGE], cells: (o, now) => [age(o, now)] },
    }),
);
