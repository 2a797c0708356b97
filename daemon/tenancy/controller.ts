// The workspace lifecycle, run with the write that triggers it (no polling, no requeue delays): Scheduling → a new
// logical cluster with its LogicalCluster object and default namespaces → Ready, in the creating transaction;
// deletion removes the whole subtree's logical clusters and unroutes them at once.
import { selectorFromLabelSelector, type LabelSelectorObject } from '../apimachinery/labels.js';
import type { KObject } from '../apimachinery/types.js';
import { timestamp } from '../registry/meta.js';
import { systemCreate } from '../registry/system-create.js';
import type { Registry } from '../registry/registry.js';
import type { ObjectKey, StoreEvent } from '../storage/store.js';
import type { WorkspaceIndex } from './index.js';
import { followInitializers, initializationState, NO_LIFECYCLE, withCondition, type Lifecycle } from './initialization.js';
import { randomClusterName } from './names.js';
import { deletingOwner, markTerminating, pendingTerminations, type PendingTermination } from './termination.js';
import { workspaceAdminBinding } from '../auth/rbac/bootstrap.js';

const CLUSTER_ROLE_BINDINGS = 'rbac.authorization.k8s.io/clusterrolebindings';

function ownerName(owner: string | undefined): string | undefined {
  if (!owner) return undefined;
  try {
    return (JSON.parse(owner) as { username?: string }).username;
  } catch {
    return undefined;
  }
}
import {
  ANN_OWNER,
  ANN_PATH,
  ANN_REQUIRED_GROUPS,
  ANN_SHARD,
  ANN_TYPE,
  ANN_WS_CLUSTER,
  ANN_WS_SHARD,
  DEFAULT_NAMESPACES,
  LABEL_PHASE,
  LOGICAL_CLUSTER_NAME,
  LOGICAL_CLUSTERS,
  NAMESPACES,
  ROOT,
  ROOT_SHARD_HASH,
  SHARD_NAME,
  SHARDS,
  isMounted,
  typeString,
  WORKSPACE_FINALIZER,
  WORKSPACES,
  workspaceKey,
  type TypeRef,
} from '../apis/core-kcp/names.js';

export interface TenancyControllerDeps {
  registry: Registry;
  index: WorkspaceIndex;
  externalURL(): string;
  /** Mounted workspaces are the mount controller's business. */
  onMountWorkspace?(cluster: string, ws: KObject): void;
  /** Initializers and terminators a workspace of this type gets (its type and every type it extends). */
  typeLifecycle?(type: TypeRef): Lifecycle;
}

export class WorkspaceController {
  private queue: Array<() => void> = [];
  private cachedShardLabels: Record<string, string> | null | undefined;
  private draining = false;

  constructor(private readonly deps: TenancyControllerDeps) {}

  /**
   * Inside the transaction that creates a Workspace: it is scheduled, its logical cluster filled and the Workspace
   * marked Ready before anything commits, so no reader (and no crash) ever sees a workspace half-made. The create
   * response still shows Scheduling (the object as the request wrote it); watchers see ADDED, then MODIFIED.
   */
  onWrite(ev: StoreEvent): void {
    if (ev.resource === LOGICAL_CLUSTERS && ev.type === 'MODIFIED') return followInitializers(this.deps.registry.store, this.deps.registry.now(), ev.cluster, ev.object);
    if (ev.resource !== WORKSPACES || ev.type !== 'ADDED') return;
    const ws = ev.object;
    if ((ws['status'] as { phase?: string } | undefined)?.phase === 'Scheduling' && !isMounted(ws) && !ws.metadata.deletionTimestamp) {
      this.schedule(ev.cluster, ws);
    }
  }

  /** Reacts to committed Workspace events, and to terminators leaving a Terminating logical cluster. */
  observe(ev: StoreEvent): void {
    // A LogicalCluster deleted through the API (allowed only with spec.directlyDeletable) while still routed: kcp
    // deletes its owner too, and with it the logical cluster's content. (kcpx's own deletions unroute first.)
    if (ev.resource === LOGICAL_CLUSTERS && ev.type === 'DELETED' && this.deps.index.cluster(ev.cluster)) {
      this.enqueue(() => this.afterDirectDeletion(ev.cluster, ev.object));
      return;
    }
    if (ev.resource === LOGICAL_CLUSTERS && ev.type === 'MODIFIED' && (ev.object['status'] as { phase?: string } | undefined)?.phase === 'Terminating') {
      const store = this.deps.registry.store;
      this.enqueue(() => {
        const owner = deletingOwner(store, ev.cluster);
        if (owner) this.finalize(owner.cluster, owner.name);
      });
      return;
    }
    if (ev.resource === SHARDS) {
      this.cachedShardLabels = undefined;
      if (ev.type === 'MODIFIED') this.enqueue(() => this.retryUnschedulable());
      return;
    }
    if (ev.resource !== WORKSPACES || ev.type === 'DELETED') return;
    const ws = ev.object;
    if (ws.metadata.deletionTimestamp) this.enqueue(() => this.finalize(ev.cluster, ws.metadata.name!));
    else if (isMounted(ws)) this.deps.onMountWorkspace?.(ev.cluster, ws);
    else this.route(ev.cluster, ws);
  }

  /**
   * An Initializing or Ready workspace becomes routable once its transaction has committed (and not before: it could
   * roll back). Initializing ones are reachable so that their initializers can work in them.
   */
  private route(parentCluster: string, ws: KObject): void {
    const { index } = this.deps;
    const spec = ws['spec'] as { cluster?: string; type?: TypeRef } | undefined;
    const cluster = spec?.cluster;
    const parent = index.cluster(parentCluster);
    const phase = (ws['status'] as { phase?: string } | undefined)?.phase;
    if (!cluster || !parent || (phase !== 'Ready' && phase !== 'Initializing')) return;
    const path = `${parent.path}:${ws.metadata.name}`;
    const known = index.cluster(cluster);
    if (known && known.path === path && known.phase === phase) return;
    // Workspaces are never renamed or moved: a second path for a routed cluster is a forged claim, never honoured.
    if (known && known.path !== path) {
      process.emitWarning(`workspace controller: ${path} claims logical cluster ${cluster}, which is ${known.path}; not routed`);
      return;
    }
    index.setCluster({ name: cluster, path, phase, type: spec.type ? typeString(spec.type) : 'root:universal' });
  }

  /**
   * Runs right after the triggering commit, before its request is answered: the create response still shows
   * Scheduling, but the very next read sees Ready. Work triggered by this work is queued, not nested.
   */
  private enqueue(task: () => void): void {
    this.queue.push(task);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let t = this.queue.shift(); t; t = this.queue.shift()) {
        try {
          t();
        } catch (err) {
          process.emitWarning(`workspace controller: ${(err as Error).message}`);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** Creates an object the way the API would (uid, timestamps, type defaults) without admission. */
  systemCreate(cluster: string, resource: string, obj: KObject, now: Date): KObject {
    return systemCreate(this.deps.registry, cluster, resource, obj, now);
  }

  /** Fills a fresh logical cluster: its LogicalCluster object and the default namespaces. */
  initializeCluster(
    cluster: string,
    path: string,
    type: string,
    owner: string | undefined,
    spec: Record<string, unknown>,
    now: Date,
    lifecycle: Lifecycle = NO_LIFECYCLE,
    requiredGroups?: string,
  ): void {
    const annotations: Record<string, string> = { [ANN_PATH]: path, [ANN_TYPE]: type, [ANN_SHARD]: SHARD_NAME };
    if (owner) annotations[ANN_OWNER] = owner;
    // kcp's scheduler copies the Workspace's required groups to its LogicalCluster, where the authorizer reads them.
    if (requiredGroups !== undefined) annotations[ANN_REQUIRED_GROUPS] = requiredGroups;
    const { phase, condition } = initializationState(lifecycle.initializers, now);
    // kcp copies spec.initializers/terminators to status, from where controllers remove their ids.
    const ids = {
      ...(lifecycle.initializers.length ? { initializers: lifecycle.initializers } : {}),
      ...(lifecycle.terminators.length ? { terminators: lifecycle.terminators } : {}),
    };
    this.systemCreate(
      cluster,
      LOGICAL_CLUSTERS,
      {
        apiVersion: 'core.kcp.io/v1alpha1',
        kind: 'LogicalCluster',
        metadata: { name: LOGICAL_CLUSTER_NAME, annotations, labels: { [LABEL_PHASE]: phase } },
        spec: { ...spec, ...ids },
        status: { URL: `${this.deps.externalURL()}/clusters/${cluster}`, phase, conditions: [condition], ...ids },
      },
      now,
    );
    for (const ns of DEFAULT_NAMESPACES) {
      this.systemCreate(cluster, NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, now);
    }
    // The creator administers what they created (kcp's workspace-admin binding).
    const creator = ownerName(owner);
    if (creator && !creator.startsWith('system:')) this.systemCreate(cluster, CLUSTER_ROLE_BINDINGS, workspaceAdminBinding(creator), now);
  }

  private schedule(parentCluster: string, ws: KObject): void {
    const { registry, index } = this.deps;
    const store = registry.store;
    const name = ws.metadata.name!;
    const parent = index.cluster(parentCluster);
    if (!parent) throw new Error(`workspace ${name}: parent logical cluster ${parentCluster} is not routable`);
    const spec = (ws['spec'] ?? {}) as { type?: TypeRef; location?: { selector?: LabelSelectorObject } };
    if (spec.location?.selector && !this.shardMatches(spec.location.selector)) return this.unschedulable(parentCluster, ws);
    const type = spec.type ? typeString(spec.type) : 'root:universal';
    const path = `${parent.path}:${name}`;
    const now = registry.now();
    let cluster = randomClusterName();
    while (index.cluster(cluster)) cluster = randomClusterName();
    const url = `${this.deps.externalURL()}/clusters/${path}`;
    const lifecycle = spec.type && this.deps.typeLifecycle ? this.deps.typeLifecycle(spec.type) : NO_LIFECYCLE;
    this.initializeCluster(cluster, path, type, ws.metadata.annotations?.[ANN_OWNER], {
      owner: { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name, cluster: parentCluster, uid: ws.metadata.uid },
    }, now, lifecycle, ws.metadata.annotations?.[ANN_REQUIRED_GROUPS]);
    const { phase, condition } = initializationState(lifecycle.initializers, now);
    // A copy: `ws` is also the object the create request answers with.
    const next = structuredClone(ws);
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [ANN_SHARD]: SHARD_NAME,
      [ANN_WS_SHARD]: ROOT_SHARD_HASH,
      [ANN_WS_CLUSTER]: cluster,
    };
    // kcp copies the shard's region, which the REGION column of `kubectl get workspaces` shows.
    const region = this.shardLabels()?.['region'];
    next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: phase, ...(region ? { region } : {}) };
    next['spec'] = { ...(next['spec'] as object), cluster, URL: url };
    next['status'] = {
      phase,
      conditions: [{ type: 'WorkspaceScheduled', status: 'True', lastTransitionTime: timestamp(now) }, condition],
      ...(lifecycle.initializers.length ? { initializers: lifecycle.initializers } : {}),
    };
    store.update(workspaceKey(parentCluster, name), next, Number(ws.metadata.resourceVersion));
  }

  /** kcp's shard selection, with the one shard there is: spec.location.selector against the Shard's labels. */
  private shardMatches(selector: LabelSelectorObject): boolean {
    const labels = this.shardLabels();
    return labels !== null && selectorFromLabelSelector(selector).matches(labels);
  }

  /** The Shard's labels (null without a Shard), read once and again after the Shard changes. */
  private shardLabels(): Record<string, string> | null {
    if (this.cachedShardLabels === undefined) {
      const shard = this.deps.registry.store.get({ cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME });
      this.cachedShardLabels = shard ? (shard.metadata.labels ?? {}) : null;
    }
    return this.cachedShardLabels;
  }

  /** No shard matches: the Workspace stays Scheduling, saying why, until the Shard's labels change. */
  private unschedulable(parentCluster: string, ws: KObject): void {
    const status = (ws['status'] ?? {}) as { conditions?: Array<{ type: string; status?: string }> };
    if (status.conditions?.some((c) => c.type === 'WorkspaceScheduled' && c.status === 'False')) return;
    const next = structuredClone(ws);
    const condition = { type: 'WorkspaceScheduled', status: 'False', reason: 'Unschedulable', message: 'No available shards to schedule the workspace', lastTransitionTime: timestamp(this.deps.registry.now()) };
    next['status'] = { ...status, phase: 'Scheduling', conditions: withCondition(status.conditions, condition) };
    this.deps.registry.store.update(workspaceKey(parentCluster, ws.metadata.name!), next, Number(ws.metadata.resourceVersion));
  }

  /** The Shard's labels changed: workspaces waiting for a matching shard are scheduled again. */
  private retryUnschedulable(): void {
    const store = this.deps.registry.store;
    const waiting = store.list({ cluster: '*', resource: WORKSPACES }, { filter: (w) => (w['status'] as { phase?: string } | undefined)?.phase === 'Scheduling' && !isMounted(w) && !w.metadata.deletionTimestamp });
    for (const w of waiting.items) {
      const cluster = w.metadata.annotations?.['kcp.io/cluster'];
      if (cluster && this.deps.index.cluster(cluster)) store.transaction(() => this.schedule(cluster, w));
    }
  }

  /** Deletes a workspace's logical cluster and, recursively, every workspace below it; then the Workspace itself. */
  private finalize(parentCluster: string, name: string): void {
    const { registry, index } = this.deps;
    const store = registry.store;
    const key = workspaceKey(parentCluster, name);
    const ws = store.get(key);
    if (!ws || !ws.metadata.deletionTimestamp) return;
    const finalizers = ws.metadata.finalizers ?? [];
    // Other finalizers first, as kcp waits until its own is the last one.
    if (finalizers.some((f) => f !== WORKSPACE_FINALIZER)) return;
    const parent = index.cluster(parentCluster);
    const cluster = (ws['spec'] as { cluster?: string } | undefined)?.cluster;
    const waiting = cluster ? pendingTerminations(store, cluster) : [];
    if (waiting.length) {
      store.transaction(() => this.awaitTerminators(key, ws, cluster!, waiting));
      return;
    }
    store.transaction(() => {
      if (cluster) this.deleteClusterTree(cluster);
      if (parent) index.removeMount(`${parent.path}:${name}`);
      store.delete(key);
    });
  }

  /** The subtree still has terminators: it and the deleted Workspace show Terminating until they are gone. */
  private awaitTerminators(key: ObjectKey, ws: KObject, cluster: string, waiting: PendingTermination[]): void {
    const store = this.deps.registry.store;
    for (const p of waiting) markTerminating(store, p);
    const own = waiting.find((p) => p.cluster === cluster)?.terminators ?? [];
    const status = (ws['status'] ?? {}) as { phase?: string; terminators?: string[] };
    if (status.phase === 'Terminating' && JSON.stringify(status.terminators ?? []) === JSON.stringify(own)) return;
    const next = structuredClone(ws);
    next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: 'Terminating' };
    const { terminators: _previous, ...rest } = status;
    next['status'] = { ...rest, phase: 'Terminating', ...(own.length ? { terminators: own } : {}) };
    store.update(key, next, Number(ws.metadata.resourceVersion));
  }

  private afterDirectDeletion(cluster: string, lc: KObject): void {
    const store = this.deps.registry.store;
    const owner = (lc['spec'] as { owner?: { cluster?: string; name?: string; uid?: string } } | undefined)?.owner;
    const ws = owner?.cluster && owner.name ? store.get(workspaceKey(owner.cluster, owner.name)) : undefined;
    const owned = ws && (ws['spec'] as { cluster?: string } | undefined)?.cluster === cluster;
    if (!ws || !owned) {
      store.transaction(() => this.deleteClusterTree(cluster));
    } else if (!ws.metadata.deletionTimestamp) {
      // Its MODIFIED event finalizes it: the logical cluster's remaining content goes with it.
      const next = structuredClone(ws);
      next.metadata.deletionTimestamp = timestamp(this.deps.registry.now());
      next.metadata.deletionGracePeriodSeconds = 0;
      store.update(workspaceKey(owner!.cluster!, owner!.name!), next, Number(ws.metadata.resourceVersion));
    } else {
      this.finalize(owner!.cluster!, owner!.name!);
    }
  }

  deleteClusterTree(cluster: string): void {
    const { registry, index } = this.deps;
    const store = registry.store;
    const entry = index.cluster(cluster);
    for (const child of store.list({ cluster, resource: WORKSPACES }).items) {
      const childCluster = (child['spec'] as { cluster?: string } | undefined)?.cluster;
      if (childCluster) this.deleteClusterTree(childCluster);
      else if (entry) index.removeMount(`${entry.path}:${child.metadata.name}`);
    }
    index.removeCluster(cluster);
    store.deleteCluster(cluster);
    registry.catalogs.invalidate(cluster);
  }
}
