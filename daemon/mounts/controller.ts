// Wires the mounts controller into the shard: every KubeCluster (listed at start, then its changes) is probed now
// and every PROBE_INTERVAL_MS after; a change of the Secret it names reaches it at once; a mounted Workspace written
// follows its mount. Probes wait on remote systems, so several run at once (one slow target holds up no other).
import type { KObject } from '../apimachinery/types.js';
import { isMounted, LOGICAL_CLUSTERS, LOGICAL_CLUSTER_NAME, WORKSPACES } from '../apis/core-kcp/names.js';
import { Controller } from '../controllers/runtime/controller.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import { KeyNotFoundError, RevisionMismatchError, type ObjectKey, type Store } from '../storage/store.js';
import type { WorkspaceIndex } from '../tenancy/index.js';
import type { MountTable } from './mount-table.js';
import { mountRef, PROBE_INTERVAL_MS, reconcileKubeCluster, syncMountedWorkspace, type MountDeps } from './reconcile.js';
import { openTargetLink, type TargetLink } from './target-link.js';

export const KUBECLUSTERS = 'mounts.contrib.kcp.io/kubeclusters';
const SECRETS = '/secrets';
/** Probes in flight at once. */
const PROBE_WORKERS = 8;

type Item = { type: 'mount'; cluster: string; name: string } | { type: 'workspace'; cluster: string; name: string };

/** Writes `obj` over the version it was read at; false when that version is gone. */
function replace(store: Store, key: ObjectKey, obj: KObject): boolean {
  try {
    store.update(key, obj, Number(obj.metadata.resourceVersion));
    return true;
  } catch (err) {
    if (err instanceof RevisionMismatchError || err instanceof KeyNotFoundError) return false;
    throw err;
  }
}

export function mountDeps(registry: Registry, index: WorkspaceIndex, table: MountTable<TargetLink>): MountDeps<TargetLink> {
  const store = registry.store;
  const kcKey = (cluster: string, name: string): ObjectKey => ({ cluster, resource: KUBECLUSTERS, namespace: '', name });
  const wsKey = (cluster: string, name: string): ObjectKey => ({ cluster, resource: WORKSPACES, namespace: '', name });
  return {
    table,
    now: () => registry.now(),
    getKubeCluster: (cluster, name) => store.get(kcKey(cluster, name)),
    writeKubeClusterStatus: (cluster, kc, status) => replace(store, kcKey(cluster, kc.metadata.name!), { ...structuredClone(kc), status }),
    getSecret: (cluster, namespace, name) => store.get({ cluster, resource: SECRETS, namespace, name }),
    open: openTargetLink,
    getWorkspace: (cluster, name) => store.get(wsKey(cluster, name)),
    mountingWorkspaces: (cluster, name) =>
      store.list({ cluster, resource: WORKSPACES }).items.filter((ws) => {
        const ref = mountRef(ws);
        return ref?.kind === 'KubeCluster' && ref.name === name;
      }),
    updateWorkspace: (cluster, ws) => replace(store, wsKey(cluster, ws.metadata.name!), ws),
    pathOf: (cluster) => index.cluster(cluster)?.path,
    externalBase: (cluster) => {
      const lc = store.get({ cluster, resource: LOGICAL_CLUSTERS, namespace: '', name: LOGICAL_CLUSTER_NAME });
      const url = (lc?.['status'] as { URL?: string } | undefined)?.URL ?? '';
      return url.replace(/\/clusters\/[^/]+$/, '');
    },
  };
}

export function mountsController(manager: ControllerManager, deps: MountDeps<TargetLink>): Controller<Item> {
  const controller: Controller<Item> = manager.add(
    new Controller<Item>({
      name: 'mounts',
      key: (i) => `${i.type === 'mount' ? 'm' : 'w'}\u0000${i.cluster}\u0000${i.name}`,
      workers: PROBE_WORKERS,
      reconcile: async (i) => {
        if (i.type === 'mount')
          return (await reconcileKubeCluster(deps, i.cluster, i.name)) === 'probed' ? { requeueAfterMs: PROBE_INTERVAL_MS } : undefined;
        const ws = deps.getWorkspace(i.cluster, i.name);
        if (syncMountedWorkspace(deps, i.cluster, ws) === 'mount-not-probed')
          controller.enqueue({ type: 'mount', cluster: i.cluster, name: mountRef(ws)!.name! });
        return undefined;
      },
    }),
  );
  manager.informers.for(KUBECLUSTERS).addHandler((ev) => {
    // Its own status writes change nothing the probe reads.
    if (ev.type === 'MODIFIED' && JSON.stringify(ev.object['spec'] ?? null) === JSON.stringify(ev.prev?.['spec'] ?? null)) return;
    controller.enqueue({ type: 'mount', cluster: ev.cluster, name: ev.name });
  });
  manager.informers.for(SECRETS).addHandler(
    (ev) => {
      for (const s of deps.table.usingSecret(ev.cluster, ev.namespace, ev.name))
        controller.enqueue({ type: 'mount', cluster: s.cluster, name: s.name });
    },
    { list: false },
  );
  manager.informers.for(WORKSPACES).addHandler(
    (ev) => {
      if (ev.type !== 'DELETED' && isMounted(ev.object)) controller.enqueue({ type: 'workspace', cluster: ev.cluster, name: ev.name });
    },
    { list: false },
  );
  manager.addRunnable({ stop: () => deps.table.closeAll() });
  return controller;
}
