// coordination.k8s.io/v1 Lease (kcp's `leases` battery): stored as written, printed with its holder.
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';

export const leases = define(
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    plural: 'leases',
    namespaced: true,
    battery: 'leases',
    schemaName: 'io.k8s.api.coordination.v1.Lease',
  },
  (r) =>
    new BuiltinStrategy(r, {
      table: {
        columns: [col('Holder', 'The holder of the lease'), AGE],
        cells: (o, now) => [get(o, 'spec', 'holderIdentity') ?? '', age(o, now)],
      },
    }),
);
