// First start: the root logical cluster, the Shard object and the built-in WorkspaceTypes. Every start: the
// routing index rebuilt from storage.
import type { Registry } from '../registry/registry.js';
import type { WorkspaceIndex } from './index.js';
import { homeEntry } from './home.js';
import { createLogicalCluster } from './logical-cluster.js';
import type { TenancyStore } from './tenancy-store.js';
import { routeTrees } from './routes.js';
import { ANN_URL_BASE } from './url-refresh.js';
import { logicalClusterKey, ROOT, SHARD_NAME, SHARDS, WORKSPACE_TYPES, WORKSPACES } from '../apis/core-kcp/names.js';
import { bootstrapWorkspaceTypes, workspaceTypeUseRBAC } from './workspace-types.js';
import type { KObject } from '../apimachinery/types.js';

const CLUSTER_ROLE_BINDINGS = 'rbac.authorization.k8s.io/clusterrolebindings';
import { rootClusterRoleBindings } from '../auth/rbac/bootstrap.js';

export function bootstrapRoot(registry: Registry, objects: TenancyStore, externalURL: string): void {
  const store = registry.store;
  const now = registry.now();
  store.transaction(() => {
    const rootLC = store.get(logicalClusterKey(ROOT));
    if (!rootLC) {
      createLogicalCluster(
        objects,
        {
          cluster: ROOT,
          path: ROOT,
          type: 'root:root',
          owner: JSON.stringify({ username: 'system:kcp-bootstrapper' }),
          spec: {},
          externalURL,
        },
        now,
      );
    } else {
      // The port may differ from the last run; the root's own URL follows it.
      const status = (rootLC['status'] ?? {}) as Record<string, unknown>;
      const url = `${externalURL}/clusters/${ROOT}`;
      if (status['URL'] !== url) {
        rootLC['status'] = { ...status, URL: url };
        store.update(logicalClusterKey(ROOT), rootLC);
      }
    }
    const use = workspaceTypeUseRBAC();
    const rbac: Array<[string, KObject]> = [
      ...rootClusterRoleBindings().map((crb): [string, KObject] => [CLUSTER_ROLE_BINDINGS, crb]),
      ['rbac.authorization.k8s.io/clusterroles', use.clusterRole],
      [CLUSTER_ROLE_BINDINGS, use.clusterRoleBinding],
    ];
    // Created when missing, so shards from before a binding existed get it on their next start.
    for (const [resource, obj] of rbac) {
      // Without the authorization battery there is no RBAC to store.
      if (!objects.serves(resource)) continue;
      if (!store.get({ cluster: ROOT, resource, namespace: '', name: obj.metadata.name! })) objects.create(ROOT, resource, obj, now);
    }
    for (const t of bootstrapWorkspaceTypes()) {
      if (!store.get({ cluster: ROOT, resource: WORKSPACE_TYPES, namespace: '', name: t.metadata.name! })) {
        objects.create(ROOT, WORKSPACE_TYPES, t, now);
      }
    }
    const shard = {
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'Shard',
      // A new shard's URLs all use this address (url-refresh.ts).
      metadata: { name: SHARD_NAME, labels: { name: SHARD_NAME }, annotations: { [ANN_URL_BASE]: externalURL } },
      spec: { baseURL: externalURL, externalURL, virtualWorkspaceURL: externalURL },
    };
    const existing = store.get({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME });
    if (!existing) objects.create(ROOT, SHARDS, shard, now);
    else if ((existing['spec'] as { externalURL?: string }).externalURL !== externalURL) {
      existing['spec'] = shard.spec;
      store.update({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME }, existing);
    }
  });
}

/**
 * Rebuilds the routing index from the Workspaces' spec.cluster and spec.mount, walked down from root and the home
 * workspaces (routes.ts): never from a LogicalCluster's own kcp.io/path, which is that cluster's metadata, not its
 * parent's word. Throws InconsistentRoutesError when two logical clusters claim one path (or one cluster two paths).
 */
export function rebuildIndex(registry: Registry, index: WorkspaceIndex): void {
  // A projection, not a list: at 100,000 workspaces parsing every Workspace would dominate a restart.
  const rows = registry.store.project({ cluster: '*', resource: WORKSPACES }, [
    ['spec', 'cluster'],
    ['status', 'phase'],
    ['spec', 'type', 'path'],
    ['spec', 'type', 'name'],
    ['spec', 'mount'],
  ]);
  const types = new Map<string, Map<string, string>>();
  // Most workspaces share a few types: one string each, not one per workspace.
  const typeOf = (path: string | undefined, name: string | undefined): string | undefined => {
    if (!path || !name) return undefined;
    let byName = types.get(path);
    if (!byName) types.set(path, (byName = new Map()));
    let text = byName.get(name);
    if (!text) byName.set(name, (text = `${path}:${name}`));
    return text;
  };
  const workspaces = (function* () {
    for (const {
      cluster: parent,
      name,
      values: [cluster, phase, typePath, typeName, mount],
    } of rows) {
      yield { parent, name, cluster, phase, type: typeOf(typePath, typeName), mounted: mount !== undefined };
    }
  })();
  const root = { name: ROOT, path: ROOT, phase: 'Ready', type: 'root:root' };
  // Home workspaces are nobody's child: found here when they have children, else on first use (Tenancy.resolve).
  routeTrees(index, [root], workspaces, (cluster) => homeEntry(registry.store, cluster));
}
