// kcp's own APIs: tenancy.kcp.io Workspace/WorkspaceType, core.kcp.io LogicalCluster/Shard, and the mount
// object mounts.contrib.kcp.io KubeCluster. kcp serves them from CRDs, so strategic merge patch is refused.
import type { KObject } from '../../apimachinery/types.js';
import type { ResourceDef } from '../../registry/types.js';
import { logicalClusterUpdateErrors } from '../kcp/logical-cluster-validation.js';
import { age, AGE, col, get } from './cells.js';
import { define } from './define.js';

const KCP_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

const kcp = (group: string, kind: string, plural: string, extra: Partial<ResourceDef>) =>
  define({ group, version: 'v1alpha1', kind, plural, namespaced: false, generation: true, strategicMergePatch: false, subresources: { status: true }, ...extra });

export const workspaces = kcp('tenancy.kcp.io', 'Workspace', 'workspaces', {
  shortNames: ['ws'],
  categories: ['kcp'],
  schemaName: 'io.kcp.tenancy.v1alpha1.Workspace',
  nameRule: (name) =>
    KCP_NAME.test(name) ? [] : [`must match the pattern ^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$ (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit)`],
  table: {
    columns: [
      col('Type', 'Type of the workspace'),
      col('Region', 'The region this workspace is in'),
      col('Phase', 'The current phase (e.g. Scheduling, Initializing, Ready)'),
      col('URL', 'URL to access the workspace'),
      AGE,
    ],
    cells: (o: KObject, now: number) => [
      (get(o, 'spec', 'type', 'name') as string | undefined) ?? null,
      o.metadata.labels?.['region'] ?? null,
      (get(o, 'status', 'phase') as string | undefined) ?? null,
      (get(o, 'spec', 'URL') as string | undefined) ?? null,
      age(o, now),
    ],
  },
});

export const workspacetypes = kcp('tenancy.kcp.io', 'WorkspaceType', 'workspacetypes', {
  categories: ['kcp'],
  schemaName: 'io.kcp.tenancy.v1alpha1.WorkspaceType',
  table: { columns: [AGE], cells: (o, now) => [age(o, now)] },
});

export const logicalclusters = kcp('core.kcp.io', 'LogicalCluster', 'logicalclusters', {
  categories: ['kcp'],
  schemaName: 'io.kcp.core.v1alpha1.LogicalCluster',
  nameRule: (name) => (name === 'cluster' ? [] : ['must be "cluster"']),
  hooks: { validateUpdate: logicalClusterUpdateErrors },
  table: {
    columns: [col('Phase', 'The current phase'), col('URL', 'URL to access the logical cluster'), AGE],
    cells: (o, now) => [(get(o, 'status', 'phase') as string | undefined) ?? null, (get(o, 'status', 'URL') as string | undefined) ?? null, age(o, now)],
  },
});

export const shards = kcp('core.kcp.io', 'Shard', 'shards', {
  categories: ['kcp'],
  schemaName: 'io.kcp.core.v1alpha1.Shard',
  table: {
    columns: [col('Region', 'The region of the shard'), col('URL', 'Base URL of the shard'), col('External URL', 'External URL of the shard'), AGE],
    cells: (o, now) => [o.metadata.labels?.['region'] ?? null, get(o, 'spec', 'baseURL') ?? null, get(o, 'spec', 'externalURL') ?? null, age(o, now)],
  },
});

export const kubeclusters = define({
  group: 'mounts.contrib.kcp.io',
  version: 'v1alpha1',
  kind: 'KubeCluster',
  plural: 'kubeclusters',
  namespaced: false,
  generation: true,
  strategicMergePatch: false,
  subresources: { status: true },
  categories: ['kcp'],
  schemaName: 'io.kcp.contrib.mounts.v1alpha1.KubeCluster',
  table: {
    columns: [col('Phase', 'Whether the target answers'), col('URL', 'The target API server'), AGE],
    cells: (o, now) => [(get(o, 'status', 'phase') as string | undefined) ?? null, (get(o, 'status', 'URL') as string | undefined) ?? null, age(o, now)],
  },
});

export const KCP: ResourceDef[] = [workspaces, workspacetypes, logicalclusters, shards, kubeclusters];
