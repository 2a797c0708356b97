// In-process watch fan-out: events are routed by (cluster, resource) so a write only touches the watchers that
// can want it, however many logical clusters exist. Nothing here is kept per cluster unless somebody watches it.
import type { Scope, StoreEvent, WatchListener } from './store.js';

export interface Subscriber {
  scope: Scope;
  listener: WatchListener;
  onEnd?: () => void;
}

export class Fanout {
  private readonly byCluster = new Map<string, Set<Subscriber>>();
  private readonly wildcard = new Map<string, Set<Subscriber>>();
  private readonly global = new Set<WatchListener>();

  addGlobal(listener: WatchListener): () => void {
    this.global.add(listener);
    return () => this.global.delete(listener);
  }

  add(sub: Subscriber): () => void {
    const map = sub.scope.cluster === '*' ? this.wildcard : this.byCluster;
    const key = sub.scope.cluster === '*' ? sub.scope.resource : routeKey(sub.scope.cluster, sub.scope.resource);
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && map.get(key) === set) map.delete(key);
    };
  }

  /** Every subscriber gets every event even if one throws; the first error is rethrown once all have them. */
  publish(events: readonly StoreEvent[]): void {
    const failure: { err?: unknown } = {};
    for (const ev of events) {
      deliver(this.byCluster.get(routeKey(ev.cluster, ev.resource)), ev, failure);
      deliver(this.wildcard.get(ev.resource), ev, failure);
      for (const l of this.global) call(l, ev, failure);
    }
    if ('err' in failure) throw failure.err;
  }

  /** Ends every watch of one logical cluster (it was deleted). */
  endCluster(cluster: string): void {
    const prefix = `${cluster}\u0000`;
    for (const [key, set] of [...this.byCluster]) {
      if (!key.startsWith(prefix)) continue;
      this.byCluster.delete(key);
      for (const sub of set) sub.onEnd?.();
    }
  }

  get size(): number {
    let n = 0;
    for (const s of this.byCluster.values()) n += s.size;
    for (const s of this.wildcard.values()) n += s.size;
    return n;
  }
}

function routeKey(cluster: string, resource: string): string {
  return `${cluster}\u0000${resource}`;
}

function deliver(set: Set<Subscriber> | undefined, ev: StoreEvent, failure: { err?: unknown }): void {
  if (!set) return;
  for (const sub of set) {
    if (sub.scope.namespace !== undefined && sub.scope.namespace !== ev.namespace) continue;
    call(sub.listener, ev, failure);
  }
}

function call(listener: WatchListener, ev: StoreEvent, failure: { err?: unknown }): void {
  try {
    listener(ev);
  } catch (err) {
    if (!('err' in failure)) failure.err = err;
  }
}
