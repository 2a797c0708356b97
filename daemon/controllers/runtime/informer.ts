// Informers over the shard's store: for one resource across every logical cluster, deliver every stored object once
// (an initial list, a page per tick so a large shard serves while it runs, to the handlers that want one) and then
// every change, resuming the watch from the last revision seen when it ends and listing again when that revision has
// been compacted away. An optional periodic resync lists again, for reconcilers that must notice what no event
// announces (time passing).
//
// Informers keep no cache: handlers get the objects and read the store for anything else, so nothing per logical
// cluster stays in memory. One informer per resource is shared by every controller that wants it: a shard with
// 300,000 namespaces lists them once at start, not once per controller.
import type { KObject } from '../../apimachinery/types.js';
import { CompactedError, type Store, type StoreEvent, type Watch } from '../../storage/store.js';

/** An object found by a (re)list rather than announced by a change. */
export interface SyncEvent {
  type: 'SYNC';
  cluster: string;
  resource: string;
  namespace: string;
  name: string;
  object: KObject;
}

export type InformerEvent = StoreEvent | SyncEvent;
export type InformerHandler = (ev: InformerEvent) => void;

export interface HandlerOptions {
  /**
   * Whether the handler wants what is stored already: the SYNC events of the initial list, of a relist after
   * compaction and of resyncs (default). A handler that only reacts to changes (a cache to invalidate, deletions that
   * bring an owner back) says false; an informer none of whose handlers wants the list never reads the resource, so
   * watching Secrets or LogicalClusters costs nothing at start however many there are.
   */
  list?: boolean;
}

export interface InformerOptions {
  /** Objects per list page (one page per event-loop turn). */
  pageSize?: number;
  /** List everything again this often (0: never). */
  resyncMs?: number;
}

const CLUSTER_ANNOTATION = 'kcp.io/cluster';

export class Informer {
  private readonly handlers = new Set<InformerHandler>();
  /** The handlers that get SYNC events too. */
  private readonly listers = new Set<InformerHandler>();
  private watch?: Watch;
  private lastRV = 0;
  private started = false;
  private stopped = false;
  private listing = false;
  private resyncTimer?: NodeJS.Timeout;
  private readonly pageSize: number;
  private resyncMs: number;

  constructor(
    private readonly store: Store,
    readonly resource: string,
    opts: InformerOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? 500;
    this.resyncMs = opts.resyncMs ?? 0;
  }

  /** Registers a handler; handlers added after start() see changes from then on and the next (re)list. */
  addHandler(handler: InformerHandler, opts: HandlerOptions = {}): () => void {
    this.handlers.add(handler);
    if (opts.list ?? true) this.listers.add(handler);
    return () => {
      this.handlers.delete(handler);
      this.listers.delete(handler);
    };
  }

  /** Asks for a periodic resync at least this often (the shortest wish of the informer's users wins). */
  requestResync(ms: number): void {
    if (ms > 0 && (this.resyncMs === 0 || ms < this.resyncMs)) this.resyncMs = ms;
  }

  /**
   * Watches from the current revision at once (so no change after this call is missed), then lists what is stored a
   * page per tick. An object changed during the list may be delivered twice: handlers are level-based.
   */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.lastRV = this.store.revision();
    this.follow();
    this.relist();
    if (this.resyncMs > 0 && this.listers.size > 0) {
      this.resyncTimer = setInterval(() => this.relist(), this.resyncMs);
      this.resyncTimer.unref();
    }
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
    this.watch = undefined;
    if (this.resyncTimer) clearInterval(this.resyncTimer);
  }

  private follow(): void {
    if (this.stopped) return;
    try {
      this.watch = this.store.watch(
        { cluster: '*', resource: this.resource },
        this.lastRV,
        (ev) => {
          this.lastRV = ev.rv;
          this.emit(ev);
        },
        // The watch ended (not by us): resume where it stopped.
        () => {
          if (!this.stopped) setImmediate(() => this.follow());
        },
      );
    } catch (err) {
      if (!(err instanceof CompactedError)) throw err;
      // Events since lastRV are gone: everything stored is delivered again instead.
      this.lastRV = this.store.revision();
      this.follow();
      this.relist();
    }
  }

  /** Lists the resource a page per tick, for the handlers that want it; a list already running is not started twice. */
  private relist(): void {
    if (this.listing || this.stopped || this.listers.size === 0) return;
    this.listing = true;
    const page = (after?: { cluster: string; namespace: string; name: string }) => {
      if (this.stopped) {
        this.listing = false;
        return;
      }
      const result = this.store.list({ cluster: '*', resource: this.resource }, { limit: this.pageSize, ...(after ? { after } : {}) });
      for (const object of result.items) {
        const cluster = object.metadata.annotations?.[CLUSTER_ANNOTATION] ?? '';
        this.emit(
          {
            type: 'SYNC',
            cluster,
            resource: this.resource,
            namespace: object.metadata.namespace ?? '',
            name: object.metadata.name ?? '',
            object,
          },
          this.listers,
        );
      }
      if (result.next) {
        const next = result.next;
        setImmediate(() => page(next));
      } else this.listing = false;
    };
    setImmediate(() => page());
  }

  private emit(ev: InformerEvent, to: ReadonlySet<InformerHandler> = this.handlers): void {
    for (const h of to) {
      try {
        h(ev);
      } catch (err) {
        // A handler only enqueues; one that throws must not keep the event from the others.
        process.emitWarning(`informer ${this.resource}: ${(err as Error).message}`);
      }
    }
  }
}

/** One informer per resource, shared by every controller of a shard; started and stopped together. */
export class Informers {
  private readonly byResource = new Map<string, Informer>();
  private started = false;

  constructor(
    private readonly store: Store,
    private readonly opts: InformerOptions = {},
  ) {}

  for(resource: string): Informer {
    let inf = this.byResource.get(resource);
    if (!inf) {
      inf = new Informer(this.store, resource, this.opts);
      this.byResource.set(resource, inf);
      if (this.started) inf.start();
    }
    return inf;
  }

  start(): void {
    this.started = true;
    for (const inf of this.byResource.values()) inf.start();
  }

  stop(): void {
    for (const inf of this.byResource.values()) inf.stop();
  }
}
