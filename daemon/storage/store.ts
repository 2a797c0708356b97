// The storage contract every backend implements. One store per shard: a single, strictly increasing revision
// counter (the resourceVersion) across all logical clusters and resources of the shard.
import { OutcomeError } from '../apimachinery/outcome-error.js';
import type { KObject } from '../apimachinery/types.js';

/** Where an object lives. `resource` is `<group>/<plural>` (`/configmaps` for the core group). */
export interface ObjectKey {
  cluster: string;
  resource: string;
  namespace: string;
  name: string;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  rv: number;
  cluster: string;
  resource: string;
  namespace: string;
  name: string;
  object: KObject;
  /**
   * The state before this event (for MODIFIED and DELETED), when the store still has it. May be computed on first
   * access (a store can keep it serialised until someone asks): read it only when needed.
   */
  readonly prev?: KObject;
}

/** Which objects a list or watch covers. `cluster: '*'` spans every logical cluster of the shard. */
export interface Scope {
  cluster: string;
  resource: string;
  /** Restrict to one namespace; undefined = all namespaces (or a cluster-scoped resource). */
  namespace?: string;
}

export interface ListPage {
  items: KObject[];
  /** The store revision the page was read at. */
  rv: number;
  /** Key of the last item when more items follow (for continue tokens). */
  next?: { cluster: string; namespace: string; name: string };
}

export interface RawListPage {
  items: string[];
  rv: number;
  next?: { cluster: string; namespace: string; name: string };
}

export interface ListOptions {
  /** Start strictly after this key (cluster, namespace, name order). */
  after?: { cluster: string; namespace: string; name: string };
  limit?: number;
  /** Optional in-store predicate, applied before `limit` so pages stay full. */
  filter?: (obj: KObject) => boolean;
}

export type WatchListener = (event: StoreEvent) => void;

export interface Watch {
  /** Stops delivery; idempotent. */
  stop(): void;
}

export class CompactedError extends OutcomeError {
  constructor(
    readonly requested: number,
    readonly oldest: number,
  ) {
    super(`revision ${requested} has been compacted (oldest retained: ${oldest})`);
  }
}

export class KeyExistsError extends OutcomeError {}
export class KeyNotFoundError extends OutcomeError {}
export class RevisionMismatchError extends OutcomeError {
  constructor(readonly current: KObject) {
    super('revision mismatch');
  }
}

export interface Store {
  /** The revision of the latest write (not committed yet on a backend that groups commits: see durable()). */
  revision(): number;
  /** Open watches (for metrics). */
  watcherCount(): number;
  /** The oldest revision a watch may resume from (events after it are retained). */
  oldestRevision(): number;
  get(key: ObjectKey): KObject | undefined;
  /**
   * The stored JSON of an object, for answering reads without re-serialising: JSON.stringify of the object as
   * written (its keys in their order, no whitespace), which is what lets a strategy judge it by its first key.
   */
  getRaw(key: ObjectKey): string | undefined;
  list(scope: Scope, opts?: ListOptions): ListPage;
  /** Like list, with items as their stored JSON (a filter, if any, still sees parsed objects). */
  listRaw(scope: Scope, opts?: ListOptions): RawListPage;
  count(scope: Scope): number;
  /**
   * A few fields of every object in scope, without materialising the objects: `paths` are JSON paths
   * (`metadata.annotations.kcp.io/path` style segments as arrays), each answered as a string or undefined.
   * For start-up scans over many objects, where parsing each one would dominate.
   */
  project(
    scope: Scope,
    paths: readonly (readonly string[])[],
  ): Array<{ cluster: string; namespace: string; name: string; values: Array<string | undefined> }>;
  /** Stores a new object; sets metadata.resourceVersion. Throws KeyExistsError. */
  create(key: ObjectKey, obj: KObject): KObject;
  /**
   * The JSON text an object returned by create() or update() was stored as, while the caller has not changed it: a
   * write answered as plain JSON need not serialise the object twice.
   */
  serialized?(obj: KObject): string | undefined;
  /**
   * Replaces an object; sets metadata.resourceVersion. With `expectedRV`, throws RevisionMismatchError unless the
   * stored revision matches. Throws KeyNotFoundError.
   */
  update(key: ObjectKey, obj: KObject, expectedRV?: number): KObject;
  /** Removes an object; the returned copy carries the deletion's revision. */
  delete(key: ObjectKey, expectedRV?: number): KObject;
  /** Removes every object of a logical cluster at once (workspace deletion); returns how many. */
  deleteCluster(cluster: string): number;
  /**
   * Delivers events in revision order: first those after `fromRV` still retained (throws CompactedError if
   * `fromRV` is older than the window), then live ones. `fromRV` undefined = live only.
   */
  watch(scope: Scope, fromRV: number | undefined, listener: WatchListener, onEnd?: () => void): Watch;
  /** Every committed event of the shard, in order (controllers: garbage collector, namespace lifecycle…). */
  subscribeAll(listener: WatchListener): Watch;
  /**
   * Every write, inside its transaction, once the transaction's own work is done and before it commits: what a
   * hook writes commits (and is published) with the write that caused it, and reaches the hooks in turn. A hook
   * that throws rolls the whole transaction back. For work that must never be seen half-done (a new workspace
   * and its logical cluster).
   */
  onWrite(hook: WatchListener): Watch;
  /** Objects of one logical cluster whose stored JSON contains `needle` (owner uids for garbage collection). */
  findContaining(cluster: string, needle: string): Array<{ resource: string; namespace: string; name: string; object: KObject }>;
  /** Runs `fn` atomically; events are published after commit. */
  transaction<T>(fn: () => T): T;
  /**
   * Settles once every write made so far is committed, for a backend that commits some writes after they return
   * (SQLite on disk groups a turn's writes); undefined when nothing is uncommitted. Answers wait for it.
   */
  durable?(): Promise<void> | undefined;
  close(): void;
}
