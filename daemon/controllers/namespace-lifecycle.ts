// Namespace deletion, as kube's namespace controller: once a Namespace is marked for deletion, delete every
// namespaced object in it (honouring their finalizers), then drop the `kubernetes` spec finalizer so the
// Namespace itself goes away.
import type { KObject } from '../apimachinery/types.js';
import { deleteNamed } from '../registry/delete.js';
import { storageResource } from '../registry/keys.js';
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';

const SYSTEM_USER = { username: 'system:serviceaccount:kube-system:namespace-controller', groups: ['system:masters'] };
const RETRY_MS = 250;

export class NamespaceLifecycleController {
  private readonly pending = new Set<string>();

  constructor(private readonly registry: Registry) {
    registry.store.subscribeAll((ev) => this.observe(ev));
  }

  private observe(ev: StoreEvent): void {
    if (ev.resource === '/namespaces') {
      if (ev.type !== 'DELETED' && ev.object.metadata.deletionTimestamp) this.enqueue(ev.cluster, ev.name);
      return;
    }
    // Content of a terminating namespace went away: maybe the namespace can finish now.
    if (ev.type === 'DELETED' && ev.namespace && this.pending.has(`${ev.cluster}\u0000${ev.namespace}`)) {
      this.enqueue(ev.cluster, ev.namespace);
    }
  }

  private enqueue(cluster: string, name: string): void {
    const key = `${cluster}\u0000${name}`;
    this.pending.add(key);
    setImmediate(() => void this.sync(cluster, name));
  }

  private async sync(cluster: string, name: string): Promise<void> {
    const key = `${cluster}\u0000${name}`;
    const store = this.registry.store;
    const ns = store.get({ cluster, resource: '/namespaces', namespace: '', name });
    if (!ns || !ns.metadata.deletionTimestamp) {
      this.pending.delete(key);
      return;
    }
    let remaining = 0;
    const catalog = this.registry.catalogs.for(cluster);
    for (const def of catalog.defs) {
      if (!def.namespaced || !def.verbs.includes('delete') || !def.verbs.includes('list')) continue;
      const items = store.list({ cluster, resource: storageResource(def), namespace: name }).items;
      remaining += items.length;
      for (const item of items) {
        if (item.metadata.deletionTimestamp) continue;
        try {
          await deleteNamed(
            this.registry,
            { cluster, def, namespace: name, query: new URLSearchParams(), ctx: { cluster, user: SYSTEM_USER, now: this.registry.now(), dryRun: false } },
            item.metadata.name!,
            { propagationPolicy: 'Background' },
            false,
          );
        } catch (err) {
          if ((err as { code?: number }).code !== 404) process.emitWarning(`namespace controller: ${(err as Error).message}`);
        }
      }
    }
    const left = remaining === 0 ? 0 : this.countContent(cluster, name);
    if (left > 0) {
      setTimeout(() => void this.sync(cluster, name), RETRY_MS).unref();
      return;
    }
    this.finish(cluster, name, ns);
  }

  private countContent(cluster: string, name: string): number {
    let n = 0;
    for (const def of this.registry.catalogs.for(cluster).defs) {
      if (def.namespaced && def.verbs.includes('list')) n += this.registry.store.count({ cluster, resource: storageResource(def), namespace: name });
    }
    return n;
  }

  private finish(cluster: string, name: string, ns: KObject): void {
    const store = this.registry.store;
    const key = { cluster, resource: '/namespaces', namespace: '', name };
    this.pending.delete(`${cluster}\u0000${name}`);
    const spec = (ns['spec'] ?? {}) as { finalizers?: string[] };
    const specFinalizers = (spec.finalizers ?? []).filter((f) => f !== 'kubernetes');
    try {
      if (specFinalizers.length === 0 && (ns.metadata.finalizers ?? []).length === 0) {
        store.delete(key, Number(ns.metadata.resourceVersion));
      } else {
        const next = structuredClone(ns);
        next['spec'] = { ...spec, finalizers: specFinalizers };
        store.update(key, next, Number(ns.metadata.resourceVersion));
      }
    } catch {
      this.enqueue(cluster, name);
    }
  }
}
