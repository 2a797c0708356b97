// Scheduling, as kcp's workspace scheduler with the one shard there is: a Workspace in phase Scheduling gets a new
// random logical cluster (its LogicalCluster, default namespaces and owner's binding) and turns Initializing or Ready,
// all in one transaction; the write hook runs this inside the Workspace's own create, so no reader and no crash ever
// sees a workspace half-made. When spec.location.selector matches no shard it stays Scheduling, saying why, until
// the Shard changes.
import { selectorFromLabelSelector, type LabelSelectorObject } from '../apimachinery/labels.js';
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import {
  ANN_OWNER,
  ANN_REQUIRED_GROUPS,
  ANN_SHARD,
  ANN_WS_CLUSTER,
  ANN_WS_SHARD,
  isMounted,
  LABEL_PHASE,
  ROOT_SHARD_HASH,
  SHARD_NAME,
  typeString,
  type TypeRef,
} from '../apis/core-kcp/names.js';
import type { WorkspaceIndex } from './index.js';
import { initializationState, NO_LIFECYCLE, withCondition, type Lifecycle } from './initialization.js';
import { createLogicalCluster } from './logical-cluster.js';
import { ownerTrimmedOnceReady } from './owner.js';
import type { TenancyStore } from './tenancy-store.js';

export interface SchedulingDeps {
  store: TenancyStore;
  /** The routing index: where the parent is, and which logical cluster names are taken. */
  index: WorkspaceIndex;
  /** The Shard's labels; null without a Shard. */
  shardLabels(): Record<string, string> | null;
  newClusterName(): string;
  externalURL(): string;
  /** Initializers and terminators a workspace of this type gets (its type and every type it extends). */
  typeLifecycle(type: TypeRef): Lifecycle;
}

export type SchedulingOutcome = 'scheduled' | 'unschedulable' | 'not-scheduling';

/** Whether a Workspace waits to be scheduled (a mount has no logical cluster of its own). */
export function isScheduling(ws: KObject): boolean {
  return (ws['status'] as { phase?: string } | undefined)?.phase === 'Scheduling' && !isMounted(ws) && !ws.metadata.deletionTimestamp;
}

/**
 * Schedules `ws` (stored in `parentCluster`), writing the Workspace as read plus its placement. Throws when the
 * parent is not routable: inside a create, that refuses the create.
 */
export function scheduleWorkspace(deps: SchedulingDeps, parentCluster: string, ws: KObject): SchedulingOutcome {
  if (!isScheduling(ws)) return 'not-scheduling';
  const { store, index } = deps;
  const name = ws.metadata.name!;
  const parent = index.cluster(parentCluster);
  if (!parent) throw new Error(`workspace ${name}: parent logical cluster ${parentCluster} is not routable`);
  const spec = (ws['spec'] ?? {}) as { type?: TypeRef; location?: { selector?: LabelSelectorObject } };
  const labels = deps.shardLabels();
  if (spec.location?.selector && (labels === null || !selectorFromLabelSelector(spec.location.selector).matches(labels))) {
    markUnschedulable(store, parentCluster, ws);
    return 'unschedulable';
  }
  const type = spec.type ? typeString(spec.type) : 'root:universal';
  const path = `${parent.path}:${name}`;
  const now = store.now();
  let cluster = deps.newClusterName();
  while (index.cluster(cluster)) cluster = deps.newClusterName();
  const lifecycle = spec.type ? deps.typeLifecycle(spec.type) : NO_LIFECYCLE;
  createLogicalCluster(
    store,
    {
      cluster,
      path,
      type,
      owner: ws.metadata.annotations?.[ANN_OWNER],
      spec: {
        owner: { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name, cluster: parentCluster, uid: ws.metadata.uid },
      },
      externalURL: deps.externalURL(),
      lifecycle,
      requiredGroups: ws.metadata.annotations?.[ANN_REQUIRED_GROUPS],
    },
    now,
  );
  const { phase, condition } = initializationState(lifecycle.initializers, now);
  // A copy: `ws` is also the object the create request answers with.
  const next = structuredClone(ws);
  next.metadata.annotations = {
    // The owner was read above for the logical cluster; a Ready workspace keeps only its username.
    ...((phase === 'Ready' ? ownerTrimmedOnceReady(next.metadata.annotations) : next.metadata.annotations) ?? {}),
    [ANN_SHARD]: SHARD_NAME,
    [ANN_WS_SHARD]: ROOT_SHARD_HASH,
    [ANN_WS_CLUSTER]: cluster,
  };
  // kcp copies the shard's region, which the REGION column of `kubectl get workspaces` shows.
  const region = labels?.['region'];
  next.metadata.labels = { ...(next.metadata.labels ?? {}), [LABEL_PHASE]: phase, ...(region ? { region } : {}) };
  next['spec'] = { ...(next['spec'] as object), cluster, URL: `${deps.externalURL()}/clusters/${path}` };
  next['status'] = {
    phase,
    conditions: [{ type: 'WorkspaceScheduled', status: 'True', lastTransitionTime: timestamp(now) }, condition],
    ...(lifecycle.initializers.length ? { initializers: lifecycle.initializers } : {}),
  };
  store.updateWorkspace(parentCluster, next);
  return 'scheduled';
}

/** No shard matches: the Workspace stays Scheduling with kcp's Unschedulable condition (written once). */
function markUnschedulable(store: TenancyStore, parentCluster: string, ws: KObject): void {
  const status = (ws['status'] ?? {}) as { conditions?: Array<{ type: string; status?: string }> };
  if (status.conditions?.some((c) => c.type === 'WorkspaceScheduled' && c.status === 'False')) return;
  const next = structuredClone(ws);
  const condition = {
    type: 'WorkspaceScheduled',
    status: 'False',
    reason: 'Unschedulable',
    message: 'No available shards to schedule the workspace',
    lastTransitionTime: timestamp(store.now()),
  };
  next['status'] = { ...status, phase: 'Scheduling', conditions: withCondition(status.conditions, condition) };
  store.updateWorkspace(parentCluster, next);
}
