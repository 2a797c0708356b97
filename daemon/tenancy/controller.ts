// Wires the workspace lifecycle into the shard's controller manager. Scheduling and initialization commit inside the
// transaction of the write that causes them (write hooks); everything else is a controller fed by informers:
// - workspace ('sync': right after the triggering commit, before its request is answered): routes Ready,
//   Initializing and mounted workspaces, finalizes deleted ones — a deleted workspace is unroutable by the very next
//   request — and follows Terminating or directly deleted logical clusters;
// - workspace-scheduling: workspaces waiting for a shard are scheduled again when the Shard changes;
// - url-refresh: stored URLs moved to the daemon's new address, a page per turn (url-refresh.ts);
// - workspacetype: each WorkspaceType's virtual workspace URLs (workspace-type-urls.ts).
// The Workspace informer's list resumes, after a start, what a stop or a crash cut short: deletions, scheduling.
import type { KObject } from '../apimachinery/types.js';
import { Controller } from '../controllers/runtime/controller.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import { LOGICAL_CLUSTERS, ROOT, SHARD_NAME, SHARDS, WORKSPACE_TYPES, WORKSPACES, type TypeRef } from '../apis/core-kcp/names.js';
import { KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { finalizeWorkspace, logicalClusterDeleted, type DeletionDeps } from './deletion.js';
import type { WorkspaceIndex } from './index.js';
import { followInitializers, type Lifecycle } from './initialization.js';
import { randomClusterName } from './names.js';
import { routeChange, routeWorkspace } from './routing.js';
import { isScheduling, scheduleWorkspace, type SchedulingDeps } from './scheduling.js';
import { deletingOwner } from './termination.js';
import type { TenancyStore } from './tenancy-store.js';
import { refreshUrls, URL_PAGE, type UrlCursor, type UrlRefreshDeps } from './url-refresh.js';
import { reconcileWorkspaceTypeURLs, type WorkspaceTypeURLDeps } from './workspace-type-urls.js';

export interface WorkspaceControllerDeps {
  registry: Registry;
  store: TenancyStore;
  index: WorkspaceIndex;
  externalURL(): string;
  /** Initializers and terminators a workspace of this type gets (its type and every type it extends). */
  typeLifecycle(type: TypeRef): Lifecycle;
}

type WorkspaceItem =
  /** Route it, or finalize it if it is being deleted. */
  | { type: 'workspace'; cluster: string; name: string }
  /** A Terminating logical cluster changed (terminators left): the deletion holding it may go on. */
  | { type: 'terminating'; cluster: string }
  /** A routed logical cluster's LogicalCluster was deleted through the API (the deleted object). */
  | { type: 'cluster-deleted'; cluster: string; lc: KObject };

type SchedulingItem = { type: 'shard' } | { type: 'workspace'; cluster: string; name: string };

export interface WorkspaceControllers {
  /** Goes on with a refresh of stored URLs from `cursor`, a page per turn. */
  refreshUrls(cursor: UrlCursor): void;
}

const phaseOf = (obj: KObject) => (obj['status'] as { phase?: string } | undefined)?.phase;

export function workspaceControllers(manager: ControllerManager, deps: WorkspaceControllerDeps): WorkspaceControllers {
  const { registry, store, index } = deps;
  const warn = (message: string) => process.emitWarning(message);
  /** The Shard's labels, read once and again after the Shard changes (null: no Shard). */
  let shardLabels: Record<string, string> | null | undefined;
  const scheduling: SchedulingDeps = {
    store,
    index,
    shardLabels: () => {
      if (shardLabels === undefined) {
        const shard = registry.store.get({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME });
        shardLabels = shard ? (shard.metadata.labels ?? {}) : null;
      }
      return shardLabels;
    },
    newClusterName: randomClusterName,
    externalURL: () => deps.externalURL(),
    typeLifecycle: (type) => deps.typeLifecycle(type),
  };
  const deletion: DeletionDeps = { store, index };
  const urls: UrlRefreshDeps = { store: registry.store, base: () => deps.externalURL() };

  // Inside the creating transaction: no reader and no crash ever sees a workspace half-made. The create response
  // still shows Scheduling (the object as the request wrote it); watchers see ADDED, then MODIFIED.
  manager.onWrite((ev) => {
    if (ev.resource === WORKSPACES && ev.type === 'ADDED') scheduleWorkspace(scheduling, ev.cluster, ev.object);
    else if (ev.resource === LOGICAL_CLUSTERS && ev.type === 'MODIFIED') followInitializers(store, ev.cluster, ev.object);
  });

  const workspace = manager.add(
    new Controller<WorkspaceItem>({
      name: 'workspace',
      schedule: 'sync',
      key: (i) =>
        i.type === 'workspace' ? `w\u0000${i.cluster}\u0000${i.name}` : `${i.type === 'terminating' ? 't' : 'd'}\u0000${i.cluster}`,
      reconcile: (i) => {
        switch (i.type) {
          case 'cluster-deleted':
            logicalClusterDeleted(deletion, i.cluster, i.lc);
            return;
          case 'terminating': {
            const owner = deletingOwner(store, i.cluster);
            if (owner) finalizeWorkspace(deletion, owner.cluster, owner.name);
            return;
          }
          case 'workspace': {
            const ws = store.getWorkspace(i.cluster, i.name);
            if (ws?.metadata.deletionTimestamp) finalizeWorkspace(deletion, i.cluster, i.name);
            else if (ws) routeWorkspace(index, i.cluster, ws, warn);
          }
        }
      },
    }),
  );

  const schedulingController: Controller<SchedulingItem> = manager.add(
    new Controller<SchedulingItem>({
      name: 'workspace-scheduling',
      key: (i) => (i.type === 'shard' ? 'shard' : `${i.cluster}\u0000${i.name}`),
      reconcile: (i) => {
        if (i.type === 'shard') {
          for (const w of waitingForShard(registry)) schedulingController.enqueue({ type: 'workspace', ...w });
          return;
        }
        // A parent that is not routable (being deleted) takes its children with it.
        if (!index.cluster(i.cluster)) return;
        store.transaction(() => {
          const ws = store.getWorkspace(i.cluster, i.name);
          if (ws) scheduleWorkspace(scheduling, i.cluster, ws);
        });
      },
    }),
  );

  const urlRefresh = manager.add(
    new Controller<UrlCursor>({
      name: 'url-refresh',
      key: () => 'urls',
      reconcile: (cursor) => {
        const next = refreshUrls(urls, cursor, URL_PAGE);
        // The same key: the next page is handled on the next turn.
        if (next) urlRefresh.enqueue(next);
      },
    }),
  );

  const typeURLs: WorkspaceTypeURLDeps = {
    now: () => store.now(),
    getWorkspaceType: (cluster, name) => registry.store.get({ cluster, resource: WORKSPACE_TYPES, namespace: '', name }),
    pathOf: (cluster) => index.cluster(cluster)?.path,
    virtualWorkspaceBase: () => deps.externalURL(),
    updateWorkspaceType: (cluster, wt) => {
      try {
        registry.store.update(
          { cluster, resource: WORKSPACE_TYPES, namespace: '', name: wt.metadata.name! },
          wt,
          Number(wt.metadata.resourceVersion),
        );
        return true;
      } catch (err) {
        // A newer version's event is on its way (or the type went): that one is reconciled next.
        if (err instanceof RevisionMismatchError || err instanceof KeyNotFoundError) return false;
        throw err;
      }
    },
  };
  const workspaceTypes = manager.add(
    new Controller<{ cluster: string; name: string }>({
      name: 'workspacetype',
      key: (i) => `${i.cluster}\u0000${i.name}`,
      reconcile: (i) => void reconcileWorkspaceTypeURLs(typeURLs, i.cluster, i.name),
    }),
  );
  // Listed at start too: a daemon on a new address publishes its new URLs.
  manager.informers.for(WORKSPACE_TYPES).addHandler((ev) => {
    if (ev.type !== 'DELETED') workspaceTypes.enqueue({ cluster: ev.cluster, name: ev.name });
  });

  manager.informers.for(WORKSPACES).addHandler((ev) => {
    if (ev.type === 'DELETED') return;
    const ws = ev.object;
    const key = { cluster: ev.cluster, name: ev.name };
    if (ws.metadata.deletionTimestamp) workspace.enqueue({ type: 'workspace', ...key });
    else if (ev.type === 'SYNC' && isScheduling(ws)) schedulingController.enqueue({ type: 'workspace', ...key });
    // What the event shows is checked first (cheaply, in memory): most events change nothing in the index.
    else if (routeChange(index, ev.cluster, ws)) workspace.enqueue({ type: 'workspace', ...key });
  });
  manager.informers.for(LOGICAL_CLUSTERS).addHandler(
    (ev) => {
      // kcpx's own deletions unroute first: a routed cluster deleted is a deletion through the API.
      if (ev.type === 'DELETED') {
        if (index.cluster(ev.cluster)) workspace.enqueue({ type: 'cluster-deleted', cluster: ev.cluster, lc: ev.object });
      } else if (ev.type === 'MODIFIED' && phaseOf(ev.object) === 'Terminating')
        workspace.enqueue({ type: 'terminating', cluster: ev.cluster });
    },
    { list: false },
  );
  manager.informers.for(SHARDS).addHandler(
    (ev) => {
      shardLabels = undefined;
      if (ev.type === 'MODIFIED') schedulingController.enqueue({ type: 'shard' });
    },
    { list: false },
  );

  return { refreshUrls: (cursor) => urlRefresh.enqueue(cursor) };
}

/** Workspaces that wait for a shard, found by a projection (no Workspace is parsed). */
function waitingForShard(registry: Registry): Array<{ cluster: string; name: string }> {
  const rows = registry.store.project({ cluster: '*', resource: WORKSPACES }, [
    ['status', 'phase'],
    ['spec', 'mount'],
    ['metadata', 'deletionTimestamp'],
  ]);
  return rows
    .filter(({ values: [phase, mount, deleting] }) => phase === 'Scheduling' && mount === undefined && deleting === undefined)
    .map(({ cluster, name }) => ({ cluster, name }));
}
