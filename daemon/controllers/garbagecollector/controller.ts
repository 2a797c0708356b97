// Wires garbage collection into the shard: every deleted object sends its dependents to collectDependents and its
// blocking owners back to processDeletingOwner (a foreground owner waits for exactly those deletions, so nothing
// polls); every owner marked for orphan or foreground deletion goes to processDeletingOwner.
import type { KObject, OwnerReference } from '../../apimachinery/types.js';
import { storageResource } from '../../registry/keys.js';
import type { Registry } from '../../registry/registry.js';
import { KeyNotFoundError } from '../../storage/store.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerManager } from '../runtime/manager.js';
import { systemClient } from '../system-client.js';
import {
  collectDependents,
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  processDeletingOwner,
  type GarbageCollectorDeps,
  type ObjectRef,
} from './reconcile.js';

const USER = 'system:serviceaccount:kube-system:generic-garbage-collector';

type Item = { type: 'dependents'; cluster: string; uid: string } | ({ type: 'owner' } & ObjectRef);

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function garbageCollectorDeps(registry: Registry): GarbageCollectorDeps {
  const store = registry.store;
  const client = systemClient(registry, USER);
  const defFor = (cluster: string, resource: string) => registry.catalogs.for(cluster).defs.find((d) => storageResource(d) === resource);
  return {
    dependentsOf: (cluster, uid) =>
      store
        .findContaining(cluster, uid)
        .filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid))
        .map((d) => ({ cluster, ...d })),
    ownerExists: (cluster, dependent, ref) => {
      const owner = ownerKey(registry, cluster, dependent.metadata.namespace ?? '', ref);
      return owner !== undefined && store.get(owner)?.metadata.uid === ref.uid;
    },
    get: (ref) => store.get(ref),
    delete: async (dep, policy) => {
      const def = defFor(dep.cluster, dep.resource);
      if (!def) return;
      try {
        await client.delete(dep.cluster, def, dep.namespace, dep.name, {
          propagationPolicy: policy,
          preconditions: { uid: dep.object.metadata.uid! },
        });
      } catch (err) {
        // 409: the uid precondition failed, i.e. a new object of that name; it is not ours to delete.
        if ((err as { code?: number }).code !== 409) throw err;
      }
    },
    setOwnerReferences: (dep, refs) => {
      const next: KObject = structuredClone(dep.object);
      if (refs.length) next.metadata.ownerReferences = refs;
      else delete next.metadata.ownerReferences;
      try {
        store.update(dep, next, Number(dep.object.metadata.resourceVersion));
      } catch (err) {
        // Gone meanwhile: nothing to release. Changed meanwhile: the retry reads it afresh.
        if (!(err instanceof KeyNotFoundError)) throw err;
      }
    },
    removeFinalizer: (ref, finalizer) => {
      const cur = store.get(ref);
      if (!cur) return;
      const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      const rv = Number(cur.metadata.resourceVersion);
      if (
        finalizers.length === 0 &&
        cur.metadata.deletionTimestamp &&
        !defFor(ref.cluster, ref.resource)?.strategy.hasPendingFinalizers(cur)
      ) {
        store.delete(ref, rv);
        return;
      }
      const next: KObject = structuredClone(cur);
      if (finalizers.length) next.metadata.finalizers = finalizers;
      else delete next.metadata.finalizers;
      store.update(ref, next, rv);
    },
  };
}

/** Where the owner a reference names would be stored (same namespace as the dependent if it is namespaced). */
function ownerKey(registry: Registry, cluster: string, namespace: string, ref: OwnerReference): ObjectRef | undefined {
  const def = registry.catalogs.for(cluster).byKind(groupOf(ref.apiVersion), ref.kind);
  if (!def) return undefined;
  return { cluster, resource: storageResource(def), namespace: def.namespaced ? namespace : '', name: ref.name };
}

export function garbageCollector(
  manager: ControllerManager,
  registry: Registry,
  deps: GarbageCollectorDeps = garbageCollectorDeps(registry),
): Controller<Item> {
  const controller = manager.add(
    new Controller<Item>({
      name: 'garbage-collector',
      key: (i) =>
        i.type === 'dependents'
          ? `d\u0000${i.cluster}\u0000${i.uid}`
          : `o\u0000${i.cluster}\u0000${i.resource}\u0000${i.namespace}\u0000${i.name}`,
      reconcile: async (i) => {
        if (i.type === 'dependents') await collectDependents(deps, i.cluster, i.uid);
        else await processDeletingOwner(deps, i);
      },
    }),
  );
  manager.onAnyEvent((ev) => {
    const meta = ev.object.metadata;
    if (ev.type === 'DELETED') {
      if (meta.uid) controller.enqueue({ type: 'dependents', cluster: ev.cluster, uid: meta.uid });
      // A foreground owner waits on exactly these deletions.
      for (const ref of meta.ownerReferences ?? []) {
        if (!ref.blockOwnerDeletion) continue;
        const owner = ownerKey(registry, ev.cluster, ev.namespace, ref);
        if (owner) controller.enqueue({ type: 'owner', ...owner });
      }
      return;
    }
    const finalizers = meta.finalizers;
    if (meta.deletionTimestamp && finalizers && (finalizers.includes(FOREGROUND_FINALIZER) || finalizers.includes(ORPHAN_FINALIZER))) {
      controller.enqueue({ type: 'owner', cluster: ev.cluster, resource: ev.resource, namespace: ev.namespace, name: ev.name });
    }
  });
  return controller;
}
