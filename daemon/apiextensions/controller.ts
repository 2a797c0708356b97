// Wires the CustomResourceDefinition controllers into the shard: every CRD (listed at start, so that what a stop cut
// short resumes, then its changes) is established or, once deleted, finalized; a CRD change drops the cluster's
// cached definitions at once, and the deletion of a CRD lets the CRDs of its group waiting for their names try again.
// The deletion of a custom resource of a CRD that waits for its content to go brings that CRD back.
import type { KObject } from '../apimachinery/types.js';
import { Controller } from '../controllers/runtime/controller.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import { systemClient } from '../controllers/system-client.js';
import { storageResource } from '../registry/keys.js';
import type { Registry } from '../registry/registry.js';
import { KeyNotFoundError, RevisionMismatchError } from '../storage/store.js';
import { CRDS, type CustomResources } from './custom-resources.js';
import { establishCRD, finalizeCRD, isSettled, servedResource, waitingForNames, type CRDDeps, type FinalizeOutcome } from './reconcile.js';

const USER = 'system:serviceaccount:kube-system:crd-finalizer';

/**
 * How long a deleted CRD, marked Terminating at once, keeps its custom resources before the finalizer deletes them:
 * `kubectl delete -f` of a file that holds a CRD and its custom resources deletes the CRD first, then each resource,
 * which must still be there (on kube, the finalizer's round trips and its informers' lag give that time).
 */
export const CRD_DELETION_GRACE_MS = 1000;

interface Key {
  cluster: string;
  name: string;
}

/** A CRD, or the CRDs of a group whose names another CRD of the group may have freed. */
type EstablishItem = Key | { cluster: string; group: string };

/** Runs a write of an object read before; false when that version is gone. */
function optimistic(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (err) {
    if (err instanceof RevisionMismatchError || err instanceof KeyNotFoundError) return false;
    throw err;
  }
}

export function crdDeps(registry: Registry, customResources: CustomResources): CRDDeps {
  const store = registry.store;
  const client = systemClient(registry, USER);
  const key = (cluster: string, name: string) => ({ cluster, resource: CRDS, namespace: '', name });
  const rv = (o: KObject) => Number(o.metadata.resourceVersion);
  return {
    now: () => registry.now(),
    getCRD: (cluster, name) => store.get(key(cluster, name)),
    listCRDs: (cluster) => store.list({ cluster, resource: CRDS }).items,
    builtins: registry.catalogs.builtins,
    updateCRD: (cluster, crd) => optimistic(() => store.update(key(cluster, crd.metadata.name!), crd, rv(crd))),
    deleteCRD: (cluster, crd) => optimistic(() => store.delete(key(cluster, crd.metadata.name!), rv(crd))),
    listCustomResources: (cluster, resource) =>
      store.list({ cluster, resource }).items.map((o) => ({
        namespace: o.metadata.namespace ?? '',
        name: o.metadata.name!,
        deleting: Boolean(o.metadata.deletionTimestamp),
      })),
    deleteCustomResource: async (cluster, resource, namespace, name) => {
      // Through the registry's delete, so the custom resource's own finalizers and propagation apply.
      const def = customResources.defsFor(cluster, true).find((d) => storageResource(d) === resource);
      if (def) await client.delete(cluster, def, namespace, name, { propagationPolicy: 'Background' });
    },
    countCustomResources: (cluster, resource) => store.count({ cluster, resource }),
  };
}

export function crdControllers(manager: ControllerManager, registry: Registry, deps: CRDDeps, gracePeriodMs = CRD_DELETION_GRACE_MS): void {
  const id = (cluster: string, name: string) => `${cluster}\u0000${name}`;
  const establishing: Controller<EstablishItem> = manager.add(
    new Controller<EstablishItem>({
      name: 'crd-establishing',
      key: (i) => ('group' in i ? `${id(i.cluster, i.group)}\u0000group` : id(i.cluster, i.name)),
      reconcile: (i) => {
        if (!('group' in i)) return void establishCRD(deps, i.cluster, i.name);
        for (const name of waitingForNames(deps, i.cluster, i.group)) establishing.enqueue({ cluster: i.cluster, name });
      },
    }),
  );
  /** Custom resources (cluster + storage resource) whose CRD waits for them to go, → that CRD's name. */
  const awaited = new Map<string, string>();
  /** Deleted CRDs in their grace period → when it ends (ms). Dropped once their resources are being deleted. */
  const graceEnds = new Map<string, number>();
  const finalizer = manager.add(
    new Controller<Key>({
      name: 'crd-finalizer',
      key: (k) => id(k.cluster, k.name),
      reconcile: async (k) => {
        const crd = deps.getCRD(k.cluster, k.name);
        const content = crd?.metadata.deletionTimestamp ? id(k.cluster, servedResource(crd)) : undefined;
        if (!content) {
          graceEnds.delete(id(k.cluster, k.name));
          return;
        }
        // Awaited from before the first delete: a deletion while this runs queues the CRD again.
        awaited.set(content, k.name);
        const key = id(k.cluster, k.name);
        const ends = graceEnds.get(key) ?? Date.now() + gracePeriodMs;
        graceEnds.set(key, ends);
        let outcome: FinalizeOutcome | undefined;
        try {
          outcome = await finalizeCRD(deps, k.cluster, k.name, Date.now() >= ends);
        } finally {
          if (outcome !== 'content-remaining') awaited.delete(content);
          if (outcome === 'grace') finalizer.enqueueAfter(k, Math.max(1, ends - Date.now()));
          else graceEnds.delete(key);
        }
      },
    }),
  );
  manager.informers.for(CRDS).addHandler((ev) => {
    if (ev.type !== 'SYNC') registry.catalogs.invalidate(ev.cluster);
    if (ev.type === 'DELETED') {
      const group = (ev.object['spec'] as { group?: string } | undefined)?.group;
      if (group !== undefined) establishing.enqueue({ cluster: ev.cluster, group });
      return;
    }
    if (ev.object.metadata.deletionTimestamp) finalizer.enqueue({ cluster: ev.cluster, name: ev.name });
    // Settled already (and, after a status write of its own, this controller's doing): nothing to establish.
    else if (!isSettled(ev.object)) establishing.enqueue({ cluster: ev.cluster, name: ev.name });
  });
  manager.onAnyEvent((ev) => {
    if (ev.type !== 'DELETED' || awaited.size === 0) return;
    const name = awaited.get(id(ev.cluster, ev.resource));
    if (name) finalizer.enqueue({ cluster: ev.cluster, name });
  });
}
