// mounts.contrib.kcp.io/v1alpha1 KubeCluster: the mount object a mounted Workspace points at (daemon/mounts reads
// its status), served as kcp's contrib serves it, from a CRD.
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';

export const kubeclusters = define(
  {
    group: 'mounts.contrib.kcp.io',
    version: 'v1alpha1',
    kind: 'KubeCluster',
    plural: 'kubeclusters',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.contrib.mounts.v1alpha1.KubeCluster',
  },
  (r) =>
    new BuiltinStrategy(r, {
      generation: true,
      strategicMergePatch: false,
      status: true,
      table: {
        columns: [col('Phase', 'Whether the target answers'), col('URL', 'The target API server'), AGE],
        cells: (o, now) => [get(o, 'status', 'phase') ?? null, get(o, 'status', 'URL') ?? null, age(o, now)],
      },
    }),
);
