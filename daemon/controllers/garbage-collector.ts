// Garbage collection by ownerReferences, done in the store instead of kube's metadata informers: when an owner
// is deleted its dependents lose that reference and, once no owner remains, are deleted themselves
// (background); `foregroundDeletion` owners wait for their blocking dependents; `orphan` owners release them.
import type { KObject, OwnerReference } from '../apimachinery/types.js';
import { deleteNamed, FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/types.js';
import type { StoreEvent } from '../storage/store.js';

const SYSTEM_USER = { username: 'system:serviceaccount:kube-system:generic-garbage-collector', groups: ['system:masters'] };

export class GarbageCollector {
  constructor(private readonly registry: Registry) {
    registry.store.subscribeAll((ev) => this.observe(ev));
  }

  private observe(ev: StoreEvent): void {
    const uid = ev.object.metadata.uid;
    if (!uid) return;
    if (ev.type === 'DELETED') {
      setImmediate(() => void this.collectDependents(ev.cluster, uid));
      return;
    }
    const fin = ev.object.metadata.finalizers ?? [];
    if (ev.object.metadata.deletionTimestamp && (fin.includes(FOREGROUND_FINALIZER) || fin.includes(ORPHAN_FINALIZER))) {
      setImmediate(() => void this.processOwner(ev));
    }
    // A dependent of a foreground owner went away: the owner may be done.
    if (ev.type === 'MODIFIED' || ev.type === 'ADDED') return;
  }

  private defFor(cluster: string, resource: string): ResourceDef | undefined {
    return this.registry.catalogs.for(cluster).defs.find((d) => `${d.group}/${d.plural}` === resource);
  }

  private dependents(cluster: string, uid: string) {
    return this.registry.store
      .findContaining(cluster, uid)
      .filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid));
  }

  private async collectDependents(cluster: string, ownerUid: string): Promise<void> {
    for (const dep of this.dependents(cluster, ownerUid)) {
      const remaining = (dep.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid && this.ownerExists(cluster, dep.object, r));
      if (remaining.length === 0) await this.deleteDependent(cluster, dep.resource, dep.namespace, dep.object, 'Background');
      else this.setOwnerRefs(cluster, dep.resource, dep.namespace, dep.object, (dep.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid));
    }
    // Foreground owners waiting on this dependent re-check.
  }

  private ownerExists(cluster: string, dependent: KObject, ref: OwnerReference): boolean {
    const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0]! : '';
    const def = this.registry.catalogs.for(cluster).byKind(group, ref.kind);
    if (!def) return false;
    const owner = this.registry.store.get({ cluster, resource: `${def.group}/${def.plural}`, namespace: def.namespaced ? (dependent.metadata.namespace ?? '') : '', name: ref.name });
    return owner?.metadata.uid === ref.uid;
  }

  private async processOwner(ev: StoreEvent): Promise<void> {
    const store = this.registry.store;
    const key = { cluster: ev.cluster, resource: ev.resource, namespace: ev.namespace, name: ev.name };
    const owner = store.get(key);
    if (!owner || !owner.metadata.deletionTimestamp) return;
    const uid = owner.metadata.uid!;
    const fin = owner.metadata.finalizers ?? [];
    const deps = this.dependents(ev.cluster, uid);
    if (fin.includes(ORPHAN_FINALIZER)) {
      for (const d of deps) this.setOwnerRefs(ev.cluster, d.resource, d.namespace, d.object, (d.object.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid));
      this.removeFinalizer(key, ORPHAN_FINALIZER);
      return;
    }
    if (fin.includes(FOREGROUND_FINALIZER)) {
      const blocking = deps.filter((d) => (d.object.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion));
      for (const d of deps) if (!d.object.metadata.deletionTimestamp) await this.deleteDependent(ev.cluster, d.resource, d.namespace, d.object, 'Foreground');
      if (blocking.length === 0 || this.dependents(ev.cluster, uid).length === 0) this.removeFinalizer(key, FOREGROUND_FINALIZER);
      else setTimeout(() => void this.processOwner(ev), 200).unref();
    }
  }

  private removeFinalizer(key: { cluster: string; resource: string; namespace: string; name: string }, finalizer: string): void {
    const store = this.registry.store;
    for (let i = 0; i < 5; i++) {
      const cur = store.get(key);
      if (!cur) return;
      const next = structuredClone(cur);
      next.metadata.finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== finalizer);
      if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
      try {
        if (!next.metadata.finalizers && next.metadata.deletionTimestamp) store.delete(key, Number(cur.metadata.resourceVersion));
        else store.update(key, next, Number(cur.metadata.resourceVersion));
        return;
      } catch {
        continue;
      }
    }
  }

  private setOwnerRefs(cluster: string, resource: string, namespace: string, obj: KObject, refs: OwnerReference[]): void {
    const key = { cluster, resource, namespace, name: obj.metadata.name! };
    const next = structuredClone(obj);
    if (refs.length) next.metadata.ownerReferences = refs;
    else delete next.metadata.ownerReferences;
    try {
      this.registry.store.update(key, next, Number(obj.metadata.resourceVersion));
    } catch {
      // A concurrent write; the next owner event will revisit it.
    }
  }

  private async deleteDependent(cluster: string, resource: string, namespace: string, obj: KObject, policy: 'Background' | 'Foreground'): Promise<void> {
    const def = this.defFor(cluster, resource);
    if (!def) return;
    try {
      await deleteNamed(
        this.registry,
        { cluster, def, namespace, query: new URLSearchParams(), ctx: { cluster, user: SYSTEM_USER, now: this.registry.now(), dryRun: false } },
        obj.metadata.name!,
        { propagationPolicy: policy, preconditions: { uid: obj.metadata.uid! } },
        false,
      );
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code !== 404 && code !== 409) process.emitWarning(`garbage collector: ${(err as Error).message}`);
    }
  }
}
