// kube's ServiceAccounts controller: every active namespace has a `default` ServiceAccount, created shortly after
// the namespace (and again if it is deleted). Eventually consistent as in kube: namespaces created together get
// their ServiceAccounts in one transaction on the next turn of the event loop, off the path of the request that
// created them. After a start, one resync pass (a page of namespaces per tick, like kube's initial list) catches
// namespaces a crash or an older version left without one.
import { KeyExistsError, type StoreEvent } from '../storage/store.js';
import type { Registry } from '../registry/registry.js';
import { namespaceState } from '../registry/namespace-state.js';
import { systemCreate } from '../registry/system-create.js';

const NAMESPACES = '/namespaces';
const SERVICE_ACCOUNTS = '/serviceaccounts';
const DEFAULT = 'default';
const RESYNC_PAGE = 500;

export class ServiceAccountsController {
  private readonly queue = new Map<string, { cluster: string; namespace: string }>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly registry: Registry) {
    registry.store.subscribeAll((ev) => this.observe(ev));
  }

  /** Starts the resync pass over the stored namespaces, after the daemon has begun serving. */
  start(): void {
    setImmediate(() => this.resync());
  }

  stop(): void {
    this.stopped = true;
  }

  private resync(after?: { cluster: string; namespace: string; name: string }): void {
    if (this.stopped) return;
    const store = this.registry.store;
    const page = store.list({ cluster: '*', resource: NAMESPACES }, { limit: RESYNC_PAGE, ...(after ? { after } : {}) });
    for (const ns of page.items) {
      const cluster = ns.metadata.annotations?.['kcp.io/cluster'];
      if (!cluster || ns.metadata.deletionTimestamp) continue;
      if (store.getRaw({ cluster, resource: SERVICE_ACCOUNTS, namespace: ns.metadata.name!, name: DEFAULT }) === undefined) this.enqueue(cluster, ns.metadata.name!);
    }
    if (page.next) {
      const next = page.next;
      setImmediate(() => this.resync(next));
    }
  }

  private observe(ev: StoreEvent): void {
    if (ev.resource === NAMESPACES && ev.type === 'ADDED' && !ev.object.metadata.deletionTimestamp) this.enqueue(ev.cluster, ev.name);
    else if (ev.resource === SERVICE_ACCOUNTS && ev.type === 'DELETED' && ev.name === DEFAULT) this.enqueue(ev.cluster, ev.namespace);
  }

  private enqueue(cluster: string, namespace: string): void {
    this.queue.set(`${cluster}\u0000${namespace}`, { cluster, namespace });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.sync());
  }

  private sync(): void {
    this.scheduled = false;
    if (this.stopped) return;
    const batch = [...this.queue.values()];
    this.queue.clear();
    const store = this.registry.store;
    const now = this.registry.now();
    try {
      store.transaction(() => {
        for (const { cluster, namespace } of batch) {
          // Gone or terminating (the namespace controller is emptying it): nothing to add.
          if (namespaceState(store, cluster, namespace) !== 'active') continue;
          if (store.getRaw({ cluster, resource: SERVICE_ACCOUNTS, namespace, name: DEFAULT }) !== undefined) continue;
          try {
            systemCreate(this.registry, cluster, SERVICE_ACCOUNTS, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT, namespace } }, now);
          } catch (err) {
            if (!(err instanceof KeyExistsError)) throw err;
          }
        }
      });
    } catch (err) {
      process.emitWarning(`serviceaccounts controller: ${(err as Error).message}`);
    }
  }
}
