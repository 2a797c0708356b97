// Wires namespace deletion into the shard: terminating namespaces (seen by the shared namespace informer, so those
// left terminating by a crash are resumed after a start) are reconciled once a grace period has passed; the deletion
// of any object inside a namespace that is being emptied brings that namespace back at once.
import type { KObject } from '../../apimachinery/types.js';
import { storageResource } from '../../registry/keys.js';
import type { Registry } from '../../registry/registry.js';
import type { ResourceDef } from '../../registry/types.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerManager } from '../runtime/manager.js';
import { systemClient } from '../system-client.js';
import { reconcileNamespace, type ContentKind, type NamespaceDeps } from './reconcile.js';

const NAMESPACES = '/namespaces';
const USER = 'system:serviceaccount:kube-system:namespace-controller';

/**
 * How long a namespace stays Terminating, with its content in place, before it is emptied (kube's
 * namespaceDeletionGracePeriod is 5 s). Clients count on it: `kubectl delete -f` of a file that holds a Namespace
 * and objects in it deletes the namespace first and then each object, which must still be there to be deleted.
 */
export const NAMESPACE_DELETION_GRACE_MS = 1000;

interface Key {
  cluster: string;
  name: string;
}

type Kind = ContentKind & { def: ResourceDef };

export function namespaceDeps(registry: Registry): NamespaceDeps {
  const store = registry.store;
  const client = systemClient(registry, USER);
  return {
    getNamespace: (cluster, name) => store.get({ cluster, resource: NAMESPACES, namespace: '', name }),
    contentKinds: (cluster) => {
      // One kind per storage: a resource served through two APIs (core and events.k8s.io Events) is emptied once.
      const kinds = new Map<string, Kind>();
      for (const def of registry.catalogs.for(cluster).defs) {
        if (!def.namespaced || !def.verbs.includes('delete') || !def.verbs.includes('list')) continue;
        const resource = storageResource(def);
        if (!kinds.has(resource)) kinds.set(resource, { resource, def });
      }
      return [...kinds.values()];
    },
    listContent: (cluster, kind, namespace) =>
      store
        .list({ cluster, resource: kind.resource, namespace })
        .items.map((o) => ({ name: o.metadata.name!, deleting: Boolean(o.metadata.deletionTimestamp) })),
    deleteContent: async (cluster, kind, namespace, name) => {
      await client.delete(cluster, (kind as Kind).def, namespace, name, { propagationPolicy: 'Background' });
    },
    finish: (cluster, ns, specFinalizers) => {
      const key = { cluster, resource: NAMESPACES, namespace: '', name: ns.metadata.name! };
      if (specFinalizers.length === 0 && (ns.metadata.finalizers ?? []).length === 0) {
        store.delete(key, Number(ns.metadata.resourceVersion));
        return;
      }
      const next: KObject = structuredClone(ns);
      next['spec'] = { ...(ns['spec'] as object), finalizers: specFinalizers };
      store.update(key, next, Number(ns.metadata.resourceVersion));
    },
  };
}

export function namespaceController(
  manager: ControllerManager,
  registry: Registry,
  deps: NamespaceDeps = namespaceDeps(registry),
  gracePeriodMs = NAMESPACE_DELETION_GRACE_MS,
): Controller<Key> {
  /** Namespaces being emptied: the deletion of their content is what moves them on. */
  const terminating = new Set<string>();
  const id = (cluster: string, name: string) => `${cluster}\u0000${name}`;
  const controller = manager.add(
    new Controller<Key>({
      name: 'namespace',
      key: (k) => id(k.cluster, k.name),
      reconcile: async (k) => {
        const outcome = await reconcileNamespace(deps, k.cluster, k.name);
        if (outcome === 'content-remaining') terminating.add(id(k.cluster, k.name));
        else terminating.delete(id(k.cluster, k.name));
      },
    }),
  );
  manager.informers.for(NAMESPACES).addHandler((ev) => {
    if (ev.type === 'DELETED') terminating.delete(id(ev.cluster, ev.name));
    // A delay already pending is kept (the work queue keeps the earlier due time), so later updates of the
    // namespace do not shorten or extend its grace.
    else if (ev.object.metadata.deletionTimestamp) controller.enqueueAfter({ cluster: ev.cluster, name: ev.name }, gracePeriodMs);
  });
  manager.onAnyEvent((ev) => {
    if (ev.type === 'DELETED' && ev.namespace && terminating.has(id(ev.cluster, ev.namespace)))
      controller.enqueue({ cluster: ev.cluster, name: ev.namespace });
  });
  return controller;
}
