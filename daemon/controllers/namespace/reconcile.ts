// Namespace deletion, as kube's namespace deleter: once a Namespace is marked for deletion, delete every namespaced
// object in it (each honouring its own finalizers), and when nothing is left drop the `kubernetes` spec finalizer,
// which lets the Namespace itself go. Content that waits on finalizers keeps the namespace Terminating; its deletion
// events bring the namespace back to this reconciler, so nothing polls.
import type { KObject } from '../../apimachinery/types.js';

export const KUBERNETES_FINALIZER = 'kubernetes';

/** What the reconciler needs from the shard; injected so it can be tested without one. */
export interface NamespaceDeps {
  getNamespace(cluster: string, name: string): KObject | undefined;
  /** The namespaced kinds this cluster serves that can be listed and deleted. */
  contentKinds(cluster: string): readonly ContentKind[];
  /** Names of the objects of one kind in the namespace, and whether each is already being deleted. */
  listContent(cluster: string, kind: ContentKind, namespace: string): Array<{ name: string; deleting: boolean }>;
  deleteContent(cluster: string, kind: ContentKind, namespace: string, name: string): Promise<void>;
  /** Writes the namespace without its `kubernetes` finalizer, or deletes it when no finalizer is left. */
  finish(cluster: string, ns: KObject, remainingSpecFinalizers: string[]): void;
}

export interface ContentKind {
  resource: string;
}

export type NamespaceOutcome = 'not-deleting' | 'content-remaining' | 'finished';

export async function reconcileNamespace(deps: NamespaceDeps, cluster: string, name: string): Promise<NamespaceOutcome> {
  const ns = deps.getNamespace(cluster, name);
  if (!ns?.metadata.deletionTimestamp) return 'not-deleting';
  let remaining = 0;
  for (const kind of deps.contentKinds(cluster)) {
    for (const item of deps.listContent(cluster, kind, name)) {
      remaining++;
      if (!item.deleting) await deps.deleteContent(cluster, kind, name, item.name);
    }
  }
  // What was deleted outright is gone now; what has finalizers is not. Count again only if something was there.
  if (remaining > 0) {
    for (const kind of deps.contentKinds(cluster)) {
      if (deps.listContent(cluster, kind, name).length > 0) return 'content-remaining';
    }
  }
  // Read again: the deletes above took turns of the event loop, and the namespace may have changed meanwhile.
  const current = deps.getNamespace(cluster, name);
  if (!current?.metadata.deletionTimestamp) return 'not-deleting';
  const all = (current['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  const specFinalizers = all.filter((f) => f !== KUBERNETES_FINALIZER);
  // Our finalizer is gone already and others still hold the namespace: their owners finish it, not us (and writing
  // it unchanged would only bring it back here).
  if (specFinalizers.length === all.length && (specFinalizers.length > 0 || (current.metadata.finalizers ?? []).length > 0))
    return 'finished';
  deps.finish(cluster, current, specFinalizers);
  return 'finished';
}
