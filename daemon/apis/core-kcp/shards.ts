// core.kcp.io/v1alpha1 Shard (served as kcp serves it, from a CRD).
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';

export const shards = define(
  {
    group: 'core.kcp.io',
    version: 'v1alpha1',
    kind: 'Shard',
    plural: 'shards',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.core.v1alpha1.Shard',
  },
  (r) =>
    new BuiltinStrategy(r, {
      generation: true,
      strategicMergePatch: false,
      status: true,
      table: {
        columns: [
          col('Region', 'The region of the shard'),
          col('URL', 'Base URL of the shard'),
          col('External URL', 'External URL of the shard'),
          AGE,
        ],
        cells: (o, now) => [
          o.metadata.labels?.['region'] ?? null,
          get(o, 'spec', 'baseURL') ?? null,
          get(o, 'spec', 'externalURL') ?? null,
          age(o, now),
        ],
      },
    }),
);
