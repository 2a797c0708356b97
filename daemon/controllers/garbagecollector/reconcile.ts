// Garbage collection by ownerReferences, as kube's garbage collector decides it:
// - when an owner is gone, each dependent loses that reference, and a dependent left without any live owner is
//   deleted (in the background);
// - an owner deleted with `orphan` releases its dependents (drops their references to it) before it goes;
// - an owner deleted with `foregroundDeletion` deletes its dependents first (in the foreground too) and goes once no
//   dependent that blocks it (blockOwnerDeletion) is left.
// kube walks an in-memory graph fed by metadata informers; kcpx asks the store, which finds an owner's dependents by
// its uid, so nothing is kept per object.
import type { KObject, OwnerReference } from '../../apimachinery/types.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../../apimachinery/finalizers.js';

export { FOREGROUND_FINALIZER, ORPHAN_FINALIZER };

export interface ObjectRef {
  cluster: string;
  resource: string;
  namespace: string;
  name: string;
}

export interface Dependent extends ObjectRef {
  object: KObject;
}

export interface GarbageCollectorDeps {
  /** Objects of the cluster with an ownerReference to `uid`. */
  dependentsOf(cluster: string, uid: string): Dependent[];
  /** Whether the owner a reference names still exists with the referenced uid. */
  ownerExists(cluster: string, dependent: KObject, ref: OwnerReference): boolean;
  get(ref: ObjectRef): KObject | undefined;
  /** Deletes a dependent (only the very object seen: uid precondition); an object already gone is fine. */
  delete(dep: Dependent, policy: 'Background' | 'Foreground'): Promise<void>;
  /** Rewrites a dependent's ownerReferences (compare-and-swap against the object seen). */
  setOwnerReferences(dep: Dependent, refs: OwnerReference[]): void;
  /** Removes one finalizer from an object (and deletes it when that was the last of a deleting object's). */
  removeFinalizer(ref: ObjectRef, finalizer: string): void;
}

/** An owner is gone: release or delete what depended on it. */
export async function collectDependents(deps: GarbageCollectorDeps, cluster: string, ownerUid: string): Promise<void> {
  for (const dep of deps.dependentsOf(cluster, ownerUid)) {
    const refs = dep.object.metadata.ownerReferences ?? [];
    const others = refs.filter((r) => r.uid !== ownerUid);
    if (others.some((r) => deps.ownerExists(cluster, dep.object, r))) deps.setOwnerReferences(dep, others);
    else await deps.delete(dep, 'Background');
  }
}

export type OwnerOutcome = 'not-deleting' | 'orphaned' | 'waiting-for-dependents' | 'done';

/** An owner is being deleted with the orphan or foreground policy: do what the policy asks, then let it go. */
export async function processDeletingOwner(deps: GarbageCollectorDeps, ref: ObjectRef): Promise<OwnerOutcome> {
  const owner = deps.get(ref);
  if (!owner?.metadata.deletionTimestamp) return 'not-deleting';
  const uid = owner.metadata.uid!;
  const finalizers = owner.metadata.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) {
    for (const dep of deps.dependentsOf(ref.cluster, uid)) {
      deps.setOwnerReferences(
        dep,
        (dep.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid),
      );
    }
    deps.removeFinalizer(ref, ORPHAN_FINALIZER);
    return 'orphaned';
  }
  if (!finalizers.includes(FOREGROUND_FINALIZER)) return 'not-deleting';
  for (const dep of deps.dependentsOf(ref.cluster, uid)) {
    if (!dep.object.metadata.deletionTimestamp) await deps.delete(dep, 'Foreground');
  }
  const blocking = deps
    .dependentsOf(ref.cluster, uid)
    .filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
  if (blocking.length > 0) return 'waiting-for-dependents';
  deps.removeFinalizer(ref, FOREGROUND_FINALIZER);
  return 'done';
}
