// tenancy.kcp.io/v1alpha1 Workspace. kcp serves its kinds from CRDs: generation, a status subresource, no strategic
// merge patch. What the system owns in a Workspace is its admission's (tenancy/workspace-admission.ts).
import type { KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';

const KCP_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

export const workspaces = define(
  {
    group: 'tenancy.kcp.io',
    version: 'v1alpha1',
    kind: 'Workspace',
    plural: 'workspaces',
    namespaced: false,
    shortNames: ['ws'],
    categories: ['kcp'],
    schemaName: 'io.kcp.tenancy.v1alpha1.Workspace',
  },
  (r) =>
    new BuiltinStrategy(r, {
      generation: true,
      strategicMergePatch: false,
      status: true,
      nameRule: (name) =>
        KCP_NAME.test(name)
          ? []
          : [
              `must match the pattern ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)`,
            ],
      table: {
        columns: [
          col('Type', 'Type of the workspace'),
          col('Region', 'The region this workspace is in'),
          col('Phase', 'The current phase (e.g. Scheduling, Initializing, Ready)'),
          col('URL', 'URL to access the workspace'),
          AGE,
        ],
        cells: (o: KObject, now: number) => [
          get(o, 'spec', 'type', 'name') ?? null,
          o.metadata.labels?.['region'] ?? null,
          get(o, 'status', 'phase') ?? null,
          get(o, 'spec', 'URL') ?? null,
          age(o, now),
        ],
      },
    }),
);
