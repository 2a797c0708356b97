// First start: the root logical cluster, the Shard object and the built-in WorkspaceTypes. Every start: the
// routing index rebuilt from storage.
import type { Registry } from '../registry/registry.js';
import type { WorkspaceController } from './controller.js';
import type { WorkspaceIndex } from './index.js';
import {
  ANN_PATH,
  ANN_TYPE,
  LOGICAL_CLUSTERS,
  logicalClusterKey,
  ROOT,
  SHARD_NAME,
  SHARDS,
  WORKSPACE_TYPES,
} from './resources.js';
import { bootstrapWorkspaceTypes } from './workspace-types.js';
import { rootClusterRoleBindings } from '../auth/rbac/bootstrap.js';

export function bootstrapRoot(registry: Registry, controller: WorkspaceController, externalURL: string): void {
  const store = registry.store;
  const now = registry.now();
  store.transaction(() => {
    const rootLC = store.get(logicalClusterKey(ROOT));
    if (!rootLC) {
      controller.initializeCluster(ROOT, ROOT, 'root:root', JSON.stringify({ username: 'system:kcp-bootstrapper' }), {}, now);
    } else {
      // The port may differ from the last run; the root's own URL follows it.
      const status = (rootLC['status'] ?? {}) as Record<string, unknown>;
      const url = `${externalURL}/clusters/${ROOT}`;
      if (status['URL'] !== url) {
        rootLC['status'] = { ...status, URL: url };
        store.update(logicalClusterKey(ROOT), rootLC);
      }
    }
    for (const crb of rootClusterRoleBindings()) {
      if (!store.get({ cluster: ROOT, resource: 'rbac.authorization.k8s.io/clusterrolebindings', namespace: '', name: crb.metadata.name! })) {
        controller.systemCreate(ROOT, 'rbac.authorization.k8s.io/clusterrolebindings', crb, now);
      }
    }
    for (const t of bootstrapWorkspaceTypes()) {
      if (!store.get({ cluster: ROOT, resource: WORKSPACE_TYPES, namespace: '', name: t.metadata.name! })) {
        controller.systemCreate(ROOT, WORKSPACE_TYPES, t, now);
      }
    }
    const shard = {
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'Shard',
      metadata: { name: SHARD_NAME, labels: { name: SHARD_NAME } },
      spec: { baseURL: externalURL, externalURL, virtualWorkspaceURL: externalURL },
    };
    const existing = store.get({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME });
    if (!existing) controller.systemCreate(ROOT, SHARDS, shard, now);
    else if ((existing['spec'] as { externalURL?: string }).externalURL !== externalURL) {
      existing['spec'] = shard.spec;
      store.update({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME }, existing);
    }
  });
}

/** Rebuilds the routing index from the stored LogicalClusters and mounted Workspaces. */
export function rebuildIndex(registry: Registry, index: WorkspaceIndex): void {
  // A projection, not a list: at 100,000 workspaces parsing every LogicalCluster would dominate a restart.
  const rows = registry.store.project({ cluster: '*', resource: LOGICAL_CLUSTERS }, [
    ['metadata', 'annotations', 'kcp.io/cluster'],
    ['metadata', 'annotations', ANN_PATH],
    ['status', 'phase'],
    ['metadata', 'annotations', ANN_TYPE],
  ]);
  for (const { values: [cluster, path, phase, type] } of rows) {
    if (!cluster || !path) continue;
    index.setCluster({ name: cluster, path, phase: phase ?? 'Ready', type: type ?? 'root:universal' });
  }
}
