// Wires the `flowcontrol` controller (ensure.ts): every logical cluster serving the flowcontrol battery has kube's
// bootstrap FlowSchemas and PriorityLevelConfigurations from its first flowcontrol request on (root at start;
// registry/cluster-defaults.ts: a workspace that never asks stores none), and gets them back, with their Dangling
// conditions, when someone deletes or edits them. Nothing is listed at start: the handlers decide from each event
// alone whether its cluster needs a look.
import { LOGICAL_CLUSTERS, logicalClusterKey, ROOT } from '../core-kcp/names.js';
import type { KObject } from '../../apimachinery/types.js';
import type { Registry } from '../../registry/registry.js';
import { systemCreate } from '../../registry/system-create.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError, type StoreEvent } from '../../storage/store.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { InformerEvent } from '../../controllers/runtime/informer.js';
import type { ControllerManager } from '../../controllers/runtime/manager.js';
import {
  BootstrapSet,
  danglingPlausible,
  ensureFlowControl,
  revise,
  unwanted,
  type FlowControlDeps,
  type FlowControlKind,
} from './ensure.js';

const RESOURCES: Record<FlowControlKind, string> = {
  FlowSchema: 'flowcontrol.apiserver.k8s.io/flowschemas',
  PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/prioritylevelconfigurations',
};

const kindOf = (o: KObject): FlowControlKind => (o.kind === 'FlowSchema' ? 'FlowSchema' : 'PriorityLevelConfiguration');

/** Writes that lost a race answer undefined/false: the event of the write that won brings the cluster back. */
function raced<T>(write: () => T, lost: T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof RevisionMismatchError || err instanceof KeyNotFoundError || err instanceof KeyExistsError) return lost;
    throw err;
  }
}

export function flowControlDeps(registry: Registry, workspaces: boolean): FlowControlDeps {
  const store = registry.store;
  const key = (cluster: string, o: KObject) => ({ cluster, resource: RESOURCES[kindOf(o)], namespace: '', name: o.metadata.name! });
  return {
    now: () => registry.now(),
    // A generic control plane is its root cluster alone, which has no LogicalCluster object.
    clusterExists: (cluster) => (workspaces ? store.getRaw(logicalClusterKey(cluster)) !== undefined : cluster === ROOT),
    list: (cluster, kind) => store.list({ cluster, resource: RESOURCES[kind] }).items,
    create: (cluster, obj, status) =>
      raced(() => systemCreate(registry, cluster, RESOURCES[kindOf(obj)], obj, registry.now(), status), undefined),
    update: (cluster, obj) => raced(() => store.update(key(cluster, obj), obj, Number(obj.metadata.resourceVersion)), undefined),
    delete: (cluster, obj) => raced(() => (store.delete(key(cluster, obj), Number(obj.metadata.resourceVersion)), true), false),
  };
}

/** Whether an event can leave its cluster's configuration other than kube's producer and consumer would have it. */
export function needsLook(ev: InformerEvent | StoreEvent, boots: BootstrapSet): boolean {
  const kind = kindOf(ev.object);
  const boot = boots.of(kind).get(ev.name);
  if (ev.type === 'DELETED') return boot !== undefined || kind === 'PriorityLevelConfiguration';
  if (boot) {
    if (revise(kind, ev.object, boot)) return true;
  } else if (unwanted(kind, ev.object, boots)) return true;
  // A new priority level may be what some FlowSchema was missing.
  if (kind === 'PriorityLevelConfiguration') return ev.type === 'ADDED' && !boot;
  return !danglingPlausible(ev.object);
}

export function flowControlController(
  manager: ControllerManager,
  registry: Registry,
  opts: { workspaces: boolean },
  deps: FlowControlDeps = flowControlDeps(registry, opts.workspaces),
): Controller<string> {
  const boots = new BootstrapSet();
  const controller = manager.add(
    new Controller<string>({
      name: 'flowcontrol',
      key: (cluster) => cluster,
      // One transaction a turn: a burst of new workspaces gets its objects in one commit.
      batch: (pass) => registry.store.transaction(pass),
      reconcile: (cluster) => void ensureFlowControl(deps, boots, cluster),
    }),
  );
  manager.addRunnable({ start: () => controller.enqueue(ROOT) });
  registry.defaults.register(Object.values(RESOURCES), (cluster) =>
    registry.store.transaction(() => ensureFlowControl(deps, boots, cluster) !== 'skipped'),
  );
  if (opts.workspaces) {
    manager.informers
      .for(LOGICAL_CLUSTERS)
      .addHandler((ev) => ev.type === 'DELETED' && registry.defaults.forget(ev.cluster), { list: false });
  }
  for (const resource of Object.values(RESOURCES)) {
    manager.informers.for(resource).addHandler((ev) => needsLook(ev, boots) && controller.enqueue(ev.cluster), { list: false });
  }
  return controller;
}
