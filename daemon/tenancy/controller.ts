// The workspace lifecycle, run with the write that triggers it (no polling, no requeue delays): Scheduling → a new
// logical cluster with its LogicalCluster object and default namespaces → Ready, in the creating transaction;
// deletion removes the whole subtree's logical clusters and unroutes them at once.
import type { KObject } from '../apimachinery/types.js';
import { prepareMetaForCreate, timestamp } from '../registry/meta.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/types.js';
import type { StoreEvent } from '../storage/store.js';
import type { WorkspaceIndex } from './index.js';
import { randomClusterName } from './names.js';
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
  ANN_SHARD,
  ANN_TYPE,
  ANN_WS_CLUSTER,
  ANN_WS_SHARD,
  DEFAULT_NAMESPACES,
  LABEL_PHASE,
  LOGICAL_CLUSTER_NAME,
  LOGICAL_CLUSTERS,
  NAMESPACES,
  ROOT_SHARD_HASH,
  SHARD_NAME,
  isMounted,
  typeString,
  WORKSPACE_FINALIZER,
  WORKSPACES,
  type TypeRef,
} from './resources.js';

export interface TenancyControllerDeps {
  registry: Registry;
  index: WorkspaceIndex;
  externalURL(): string;
  /** Mounted workspaces are the mount controller's business. */
  onMountWorkspace?(cluster: string, ws: KObject): void;
}

export class WorkspaceController {
  private queue: Array<() => void> = [];
  private draining = false;

  constructor(private readonly deps: TenancyControllerDeps) {}

  /**
   * Inside the transaction that creates a Workspace: it is scheduled, its logical cluster filled and the Workspace
   * marked Ready before anything commits, so no reader (and no crash) ever sees a workspace half-made. The create
   * response still shows Scheduling (the object as the request wrote it); watchers see ADDED, then MODIFIED.
   */
  onWrite(ev: StoreEvent): void {
    if (ev.resource !== WORKSPACES || ev.type !== 'ADDED') return;
    const ws = ev.object;
    if ((ws['status'] as { phase?: string } | undefined)?.phase === 'Scheduling' && !isMounted(ws) && !ws.metadata.deletionTimestamp) {
      this.schedule(ev.cluster, ws);
    }
  }

  /** Reacts to committed Workspace events. */
  observe(ev: StoreEvent): void {
    if (ev.resource !== WORKSPACES || ev.type === 'DELETED') return;
    const ws = ev.object;
    if (ws.metadata.deletionTimestamp) this.enqueue(() => this.finalize(ev.cluster, ws.metadata.name!));
    else if (isMounted(ws)) this.deps.onMountWorkspace?.(ev.cluster, ws);
    else this.route(ev.cluster, ws);
  }

  /** A Ready workspace becomes routable once its transaction has committed (and not before: it could roll back). */
  private route(parentCluster: string, ws: KObject): void {
    const { index } = this.deps;
    const spec = ws['spec'] as { cluster?: string; type?: TypeRef } | undefined;
    const cluster = spec?.cluster;
    const parent = index.cluster(parentCluster);
    if (!cluster || !parent || (ws['status'] as { phase?: string } | undefined)?.phase !== 'Ready') return;
    const path = `${parent.path}:${ws.metadata.name}`;
    const known = index.cluster(cluster);
    if (known && known.path === path && known.phase === 'Ready') return;
    index.setCluster({ name: cluster, path, phase: 'Ready', type: spec.type ? typeString(spec.type) : 'root:universal' });
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

  private def(resource: string): ResourceDef {
    const d = this.deps.registry.catalogs.builtins.find((x) => `${x.group}/${x.plural}` === resource);
    if (!d) throw new Error(`resource ${resource} is not served`);
    return d;
  }

  /** Creates an object the way the API would (uid, timestamps, type defaults) without admission. */
  systemCreate(cluster: string, resource: string, obj: KObject, now: Date): KObject {
    const def = this.def(resource);
    prepareMetaForCreate(obj, def, cluster, now);
    def.hooks?.prepareForCreate?.(obj, { cluster, now, dryRun: false, user: { username: 'system:kcpx', groups: ['system:masters'] } });
    const ns = def.namespaced ? (obj.metadata.namespace ?? '') : '';
    return this.deps.registry.store.create({ cluster, resource, namespace: ns, name: obj.metadata.name! }, obj);
  }

  /** Fills a fresh logical cluster: its LogicalCluster object and the default namespaces. */
  initializeCluster(cluster: string, path: string, type: string, owner: string | undefined, spec: Record<string, unknown>, now: Date): void {
    const annotations: Record<string, string> = { [ANN_PATH]: path, [ANN_TYPE]: type, [ANN_SHARD]: SHARD_NAME };
    if (owner) annotations[ANN_OWNER] = owner;
    this.systemCreate(
      cluster,
      LOGICAL_CLUSTERS,
      {
        apiVersion: 'core.kcp.io/v1alpha1',
        kind: 'LogicalCluster',
        metadata: { name: LOGICAL_CLUSTER_NAME, annotations, labels: { [LABEL_PHASE]: 'Ready' } },
        spec,
        status: {
          URL: `${this.deps.externalURL()}/clusters/${cluster}`,
          phase: 'Ready',
          conditions: [{ type: 'WorkspaceInitialized', status: 'True', lastTransitionTime: timestamp(now) }],
        },
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
    const spec = (ws['spec'] ?? {}) as { type?: TypeRef };
    const type = spec.type ? typeString(spec.type) : 'root:universal';
    const path = `${parent.path}:${name}`;
    const now = registry.now();
    let cluster = randomClusterName();
    while (index.cluster(cluster)) cluster = randomClusterName();
    const url = `${this.deps.externalURL()}/clusters/${path}`;
    this.initializeCluster(cluster, path, type, ws.metadata.annotations?.[ANN_OWNER], {
      owner: { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name, cluster: parentCluster, uid: ws.metadata.uid },
    }, now);
    // A copy: `ws` is also the object the create request answers with.
    const next = structuredClone(ws);
    next.metadata.annotations = {
      ...(next.metadata.annotations ?? {}),
      [ANN_SHARD]: SHARD_NAME,
      [ANN_WS_SHARD]: ROOT_SHARD_HASH,
      [ANN_WS_CLUSTER]: cluster,
    };
    next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: 'Ready' };
    next['spec'] = { ...(next['spec'] as object), cluster, URL: url };
    const t = timestamp(now);
    next['status'] = {
      phase: 'Ready',
      conditions: [
        { type: 'WorkspaceScheduled', status: 'True', lastTransitionTime: t },
        { type: 'WorkspaceInitialized', status: 'True', lastTransitionTime: t },
      ],
    };
    store.update({ cluster: parentCluster, resource: WORKSPACES, namespace: '', name }, next, Number(ws.metadata.resourceVersion));
  }

  /** Deletes a workspace's logical cluster and, recursively, every workspace below it; then the Workspace itself. */
  private finalize(parentCluster: string, name: string): void {
    const { registry, index } = this.deps;
    const store = registry.store;
    const key = { cluster: parentCluster, resource: WORKSPACES, namespace: '', name };
    const ws = store.get(key);
    if (!ws || !ws.metadata.deletionTimestamp) return;
    const finalizers = ws.metadata.finalizers ?? [];
    // Other finalizers first, as kcp waits until its own is the last one.
    if (finalizers.some((f) => f !== WORKSPACE_FINALIZER)) return;
    const parent = index.cluster(parentCluster);
    store.transaction(() => {
      const cluster = (ws['spec'] as { cluster?: string } | undefined)?.cluster;
      if (cluster) this.deleteClusterTree(cluster);
      if (parent) index.removeMount(`${parent.path}:${name}`);
      store.delete(key);
    });
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
