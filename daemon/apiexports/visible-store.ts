// A view of the shard's store in which some resources show only the objects a predicate lets through: the APIExport
// virtual workspace serves claimed resources (a consumer's ConfigMaps) only where a binding accepted the claim, and
// only the APIBindings of its export. Everything else passes straight to the store, so the generic verbs serve the
// view as they serve a logical cluster: lists, pagination, watches from a resourceVersion, writes.
import type { KObject } from '../apimachinery/types.js';
import type { ListOptions, ListPage, ObjectKey, RawListPage, Scope, Store, StoreEvent, Watch, WatchListener } from '../storage/store.js';

/** Whether an object of a filtered resource is visible; `memo` lives as long as one read (a list), not longer. */
export type Visibility = (cluster: string, obj: KObject, memo: Map<string, unknown>) => boolean;

export class VisibleStore implements Store {
  constructor(
    private readonly store: Store,
    /** The filtered resources (storage keys) and who may see their objects. */
    private readonly filters: ReadonlyMap<string, Visibility>,
  ) {}

  private clusterOf(obj: KObject): string {
    return obj.metadata.annotations?.['kcp.io/cluster'] ?? '';
  }

  private listOptions(scope: Scope, opts: ListOptions | undefined): ListOptions | undefined {
    const visible = this.filters.get(scope.resource);
    if (!visible) return opts;
    const memo = new Map<string, unknown>();
    const inner = opts?.filter;
    return { ...opts, filter: (o) => visible(this.clusterOf(o), o, memo) && (!inner || inner(o)) };
  }

  revision(): number {
    return this.store.revision();
  }
  watcherCount(): number {
    return this.store.watcherCount();
  }
  oldestRevision(): number {
    return this.store.oldestRevision();
  }
  get(key: ObjectKey): KObject | undefined {
    const obj = this.store.get(key);
    const visible = this.filters.get(key.resource);
    return obj && visible && !visible(key.cluster, obj, new Map()) ? undefined : obj;
  }
  getRaw(key: ObjectKey): string | undefined {
    return this.filters.has(key.resource) ? this.get(key) && this.store.getRaw(key) : this.store.getRaw(key);
  }
  list(scope: Scope, opts?: ListOptions): ListPage {
    return this.store.list(scope, this.listOptions(scope, opts));
  }
  listRaw(scope: Scope, opts?: ListOptions): RawListPage {
    return this.store.listRaw(scope, this.listOptions(scope, opts));
  }
  count(scope: Scope): number {
    return this.filters.has(scope.resource) ? this.list(scope).items.length : this.store.count(scope);
  }
  project(scope: Scope, paths: readonly (readonly string[])[]): ReturnType<Store['project']> {
    return this.store.project(scope, paths);
  }
  create(key: ObjectKey, obj: KObject): KObject {
    return this.store.create(key, obj);
  }
  serialized(obj: KObject): string | undefined {
    return this.store.serialized?.(obj);
  }
  update(key: ObjectKey, obj: KObject, expectedRV?: number): KObject {
    return this.store.update(key, obj, expectedRV);
  }
  delete(key: ObjectKey, expectedRV?: number): KObject {
    return this.store.delete(key, expectedRV);
  }
  deleteCluster(cluster: string): number {
    return this.store.deleteCluster(cluster);
  }
  watch(scope: Scope, fromRV: number | undefined, listener: WatchListener, onEnd?: () => void): Watch {
    const visible = this.filters.get(scope.resource);
    if (!visible) return this.store.watch(scope, fromRV, listener, onEnd);
    // Each event is judged as it comes, against the version before it too: an object that becomes visible (a claim
    // accepted, its object relabelled) is ADDED, one that stops being visible DELETED, as a filtered kube watch says.
    return this.store.watch(
      scope,
      fromRV,
      (ev) => {
        const now = visible(ev.cluster, ev.object, new Map());
        if (ev.type !== 'MODIFIED') return now && listener(ev);
        const before = ev.prev ? visible(ev.cluster, ev.prev, new Map()) : now;
        if (now && before) listener(ev);
        else if (now || before) listener(retyped(ev, now ? 'ADDED' : 'DELETED'));
      },
      onEnd,
    );
  }
  subscribeAll(listener: WatchListener): Watch {
    return this.store.subscribeAll(listener);
  }
  onWrite(hook: WatchListener): Watch {
    return this.store.onWrite(hook);
  }
  findContaining(cluster: string, needle: string): ReturnType<Store['findContaining']> {
    return this.store.findContaining(cluster, needle);
  }
  transaction<T>(fn: () => T): T {
    return this.store.transaction(fn);
  }
  durable(): Promise<void> | undefined {
    return this.store.durable?.();
  }
  close(): void {
    // The view owns nothing: the shard's store outlives it.
  }
}

/** The same event as another type (its object and revision kept). */
function retyped(ev: StoreEvent, type: 'ADDED' | 'DELETED'): StoreEvent {
  const { cluster, resource, namespace, name, object, rv } = ev;
  return { type, rv, cluster, resource, namespace, name, object };
}
