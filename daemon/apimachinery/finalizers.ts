// The finalizers garbage collection works by (kube's metav1.FinalizerDeleteDependents and FinalizerOrphanDependents):
// a delete's propagation policy sets one, the garbage collector acts on it and removes it.
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';
