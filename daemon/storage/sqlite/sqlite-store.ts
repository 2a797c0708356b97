// SQLite backend: a "current" table (one row per object) and an append-only event log (one row per write), both
// written in one transaction. Reads hit the current table; watches replay the log and then follow the in-process
// fan-out. WAL with synchronous=NORMAL: a committed transaction survives a killed process.
import Database from 'better-sqlite3';
import { unknownStatus } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { makePrivate } from '../../../src/rootdir/dir.js';
import { Fanout } from '../fanout.js';
import { findDamage } from './integrity.js';
import { WalCheckpointer } from './wal-checkpointer.js';
import {
  CompactedError,
  KeyExistsError,
  KeyNotFoundError,
  RevisionMismatchError,
  type EventType,
  type ListOptions,
  type ListPage,
  type ObjectKey,
  type RawListPage,
  type Scope,
  type Store,
  type StoreEvent,
  type Watch,
  type WatchListener,
} from '../store.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

export interface SqliteStoreOptions {
  /** File path, or ':memory:' for an ephemeral shard. */
  path: string;
  /** How many events the log keeps for watch resumption. */
  retainEvents?: number;
  /** A file-backed shard checkpoints its write-ahead log on a worker thread (see wal-checkpointer.ts); default true. */
  checkpointWorker?: boolean;
  /** A file-backed shard commits the writes of one event-loop turn together (see transaction()); default true. */
  groupCommit?: boolean;
  /** Check the database (integrity.ts) before anything writes to it; a damaged one throws DamagedDatabaseError. */
  check?: boolean;
}

/** The database file is not whole (see integrity.ts), or not a database at all. */
export class DamagedDatabaseError extends Error {
  constructor(readonly detail: string) {
    super(`the database is damaged (${detail})`);
    this.name = 'DamagedDatabaseError';
  }
}

/** SQLite's answers for a file that is not a database or is broken where opening it reads. */
const DAMAGED_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/** The writes of one event-loop turn, committed together (file-backed shards). */
interface Batch {
  startRev: number;
  done: Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const OBJECTS_COLUMNS =
  'cluster TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, rv INTEGER NOT NULL, value TEXT NOT NULL';

const EVENT_CODES: Record<EventType, number> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };
const EVENT_TYPES: EventType[] = ['ADDED', 'MODIFIED', 'DELETED'];

/**
 * A per-cluster sweep over the resource-first index: `resource IN (…)` from a JSON array of every stored resource,
 * so SQLite seeks once per resource instead of scanning the table.
 */
const inEveryResource = 'resource IN (SELECT value FROM json_each(?))';

type Row = { value: string };
type RvRow = { rv: number; value: string };
type KeyRow = { cluster: string; namespace: string; name: string; value: string };
type EventRow = { rv: number; type: number; cluster: string; resource: string; namespace: string; name: string; value: string };

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly fanout = new Fanout();
  private rev: number;
  private oldest: number;
  private readonly retain: number;
  private pending: StoreEvent[] = [];
  private readonly writeHooks = new Set<WatchListener>();
  /** Every resource that has had objects stored (a superset of those that have some now): see inEveryResource. */
  private readonly resources = new Set<string>();
  /** What created and updated objects were stored as (see serialized()); weak, so nothing outlives its object. */
  private readonly writtenJson = new WeakMap<KObject, string>();
  private depth = 0;
  private readonly checkpointer: WalCheckpointer | undefined;
  private readonly groupCommit: boolean;
  private batch: Batch | undefined;
  private writesSinceCompact = 0;
  /**
   * A batch SQLite rolled back whole while its turn still runs (see transaction()): until the turn ends, durable()
   * reports its failure and further writes fail with it.
   */
  private failedTurn: { batch: Batch; error: unknown } | undefined;

  private readonly stmt: ReturnType<SqliteStore['prepare']>;
  private readonly projections = new Map<string, Database.Statement>();
  /** One compiled transaction wrapper, reused for every write. */
  private readonly runTx: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(opts: SqliteStoreOptions) {
    this.db = new Database(opts.path);
    try {
      this.stmt = this.open(opts);
    } catch (err) {
      this.db.close();
      const code = (err as { code?: string }).code;
      if (code && DAMAGED_CODES.has(code)) throw new DamagedDatabaseError(err instanceof Error ? err.message : String(err));
      throw err;
    }
    this.retain = opts.retainEvents ?? 200_000;
    this.runTx = this.db.transaction((fn: () => unknown) => fn());
    // Every write appends an event and compaction always keeps the newest ones, so the log's last revision is the
    // store's (the saved one covers a log emptied by hand). No scan of the objects table: it is the slow part of a
    // restart with many workspaces.
    const maxEvent = (this.db.prepare('SELECT max(rv) AS m FROM events').get() as { m: number | null }).m ?? 0;
    const saved = (this.db.prepare("SELECT v FROM meta WHERE k = 'revision'").get() as { v: number } | undefined)?.v ?? 0;
    this.rev = Math.max(maxEvent, saved);
    const compacted = (this.db.prepare("SELECT v FROM meta WHERE k = 'compacted'").get() as { v: number } | undefined)?.v ?? 0;
    this.oldest = compacted;
    this.groupCommit = opts.path !== ':memory:' && opts.groupCommit !== false;
    // Started last: nothing above may leave a worker behind when it throws.
    if (opts.path !== ':memory:' && opts.checkpointWorker !== false) this.checkpointer = new WalCheckpointer(this.db, opts.path);
  }

  /** Settings, the check and the schema; the prepared statements. */
  private open(opts: SqliteStoreOptions): ReturnType<SqliteStore['prepare']> {
    // SQLite creates a database 0644 and gives its -wal and -shm files the database's mode: private before they exist.
    if (opts.path !== ':memory:') makePrivate(opts.path);
    // An in-memory shard's commits cost time proportional to its page count, so it uses large pages: with SQLite's
    // default 4 KiB ones a commit slows down many times over as the shard grows (docs/benchmarks.md). On disk the
    // default pages are faster, so files keep them.
    if (opts.path === ':memory:') this.db.pragma('page_size = 16384');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 30000');
    // A bounded page cache: memory must not grow with the number of logical clusters.
    this.db.pragma('cache_size = -8192');
    if (opts.check) {
      const damage = findDamage(this.db);
      if (damage) throw new DamagedDatabaseError(damage);
    }
    migrateObjectsTable(this.db);
    // A rowid table with the key in an index, not a WITHOUT ROWID table keyed by it: objects are kilobytes of
    // JSON, and inserting fat rows at random points of a clustered B-tree splits and moves pages on nearly every
    // write (about 3× the cost of an append plus a narrow index entry).
    //
    // One index, resource first: it answers point reads, per-cluster lists (resource and cluster are both fixed)
    // and cross-cluster lists alike. A second, cluster-first index would add a third to the cost of every insert;
    // the few per-cluster sweeps go resource by resource instead (see inEveryResource). Shards written with the two
    // older indexes get this one and lose those, once.
    this.db.exec(`CREATE TABLE IF NOT EXISTS objects (${OBJECTS_COLUMNS})`);
    this.db.transaction(() => {
      this.db.exec(`
        CREATE UNIQUE INDEX IF NOT EXISTS objects_by_key ON objects (resource, cluster, namespace, name);
        DROP INDEX IF EXISTS objects_key;
        DROP INDEX IF EXISTS objects_by_resource;
      `);
    })();
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        rv INTEGER PRIMARY KEY, type INTEGER NOT NULL, cluster TEXT NOT NULL, resource TEXT NOT NULL,
        namespace TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS shard (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
    const stmt = this.prepare();
    for (const { resource } of stmt.resources.iterate()) if (resource !== null) this.resources.add(resource);
    return stmt;
  }

  private prepare() {
    const db = this.db;
    return {
      get: db.prepare<[string, string, string, string], Row>(
        'SELECT value FROM objects WHERE cluster = ? AND resource = ? AND namespace = ? AND name = ?',
      ),
      getRv: db.prepare<[string, string, string, string], RvRow>(
        'SELECT rv, value FROM objects WHERE cluster = ? AND resource = ? AND namespace = ? AND name = ?',
      ),
      insert: db.prepare('INSERT INTO objects (cluster, resource, namespace, name, rv, value) VALUES (?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE objects SET rv = ?, value = ? WHERE cluster = ? AND resource = ? AND namespace = ? AND name = ?'),
      remove: db.prepare('DELETE FROM objects WHERE cluster = ? AND resource = ? AND namespace = ? AND name = ?'),
      event: db.prepare('INSERT INTO events (rv, type, cluster, resource, namespace, name, value) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      listNs: db.prepare<[string, string, string, string], KeyRow>(
        'SELECT cluster, namespace, name, value FROM objects WHERE cluster = ? AND resource = ? AND namespace = ? AND name > ? ORDER BY name',
      ),
      listAll: db.prepare<[string, string, string, string], KeyRow>(
        'SELECT cluster, namespace, name, value FROM objects WHERE cluster = ? AND resource = ? AND (namespace, name) > (?, ?) ORDER BY namespace, name',
      ),
      listWild: db.prepare<[string, string, string, string], KeyRow>(
        'SELECT cluster, namespace, name, value FROM objects WHERE resource = ? AND (cluster, namespace, name) > (?, ?, ?) ORDER BY cluster, namespace, name',
      ),
      countNs: db.prepare<[string, string, string], { n: number }>(
        'SELECT count(*) AS n FROM objects WHERE cluster = ? AND resource = ? AND namespace = ?',
      ),
      countAll: db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM objects WHERE cluster = ? AND resource = ?'),
      countWild: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM objects WHERE resource = ?'),
      eventsAfter: db.prepare<[number, string], EventRow>(
        'SELECT rv, type, cluster, resource, namespace, name, value FROM events WHERE rv > ? AND resource = ? ORDER BY rv',
      ),
      deleteCluster: db.prepare(`DELETE FROM objects WHERE ${inEveryResource} AND cluster = ?`),
      containing: db.prepare<[string, string, string], { resource: string; namespace: string; name: string; value: string }>(
        `SELECT resource, namespace, name, value FROM objects WHERE ${inEveryResource} AND cluster = ? AND instr(value, ?) > 0`,
      ),
      // The distinct resources, one index seek each (a loose index scan; SQLite has no DISTINCT that skips ahead).
      resources: db.prepare<[], { resource: string | null }>(`
        WITH RECURSIVE r(resource) AS (
          SELECT min(resource) FROM objects
          UNION ALL
          SELECT (SELECT min(resource) FROM objects WHERE resource > r.resource) FROM r WHERE r.resource IS NOT NULL
        ) SELECT resource FROM r`),
      setMeta: db.prepare('INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v'),
      compact: db.prepare('DELETE FROM events WHERE rv <= ?'),
    };
  }

  revision(): number {
    return this.rev;
  }

  /** The shard's identity, recorded in the database (shard-file.ts keeps a copy beside it); undefined until set. */
  identity(): string | undefined {
    return (this.db.prepare("SELECT v FROM shard WHERE k = 'identity'").get() as { v: string } | undefined)?.v;
  }

  setIdentity(id: string): void {
    this.db.prepare("INSERT INTO shard (k, v) VALUES ('identity', ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v").run(id);
  }

  watcherCount(): number {
    return this.fanout.size;
  }

  oldestRevision(): number {
    return this.oldest;
  }

  get(key: ObjectKey): KObject | undefined {
    const row = this.stmt.get.get(key.cluster, key.resource, key.namespace, key.name);
    return row ? (JSON.parse(row.value) as KObject) : undefined;
  }

  getRaw(key: ObjectKey): string | undefined {
    return this.stmt.get.get(key.cluster, key.resource, key.namespace, key.name)?.value;
  }

  project(
    scope: Scope,
    paths: readonly (readonly string[])[],
  ): Array<{ cluster: string; namespace: string; name: string; values: Array<string | undefined> }> {
    // SQLite's JSON path syntax: $."a"."b.c" — every segment quoted, so dots and slashes in keys stay literal.
    const exprs = paths.map((p) => `json_extract(value, '$${p.map((seg) => `."${seg.replace(/["'\\]/g, '')}"`).join('')}')`);
    const cols = exprs.map((e, i) => `${e} AS v${i}`).join(', ');
    const where =
      scope.cluster === '*'
        ? 'resource = ?'
        : scope.namespace !== undefined
          ? 'resource = ? AND cluster = ? AND namespace = ?'
          : 'resource = ? AND cluster = ?';
    const args =
      scope.cluster === '*'
        ? [scope.resource]
        : scope.namespace !== undefined
          ? [scope.resource, scope.cluster, scope.namespace]
          : [scope.resource, scope.cluster];
    const sql = `SELECT cluster, namespace, name${cols ? `, ${cols}` : ''} FROM objects WHERE ${where}`;
    let stmt = this.projections.get(sql);
    if (!stmt) this.projections.set(sql, (stmt = this.db.prepare(sql)));
    return (stmt.all(...args) as Array<Record<string, unknown>>).map((r) => ({
      cluster: r['cluster'] as string,
      namespace: r['namespace'] as string,
      name: r['name'] as string,
      values: paths.map((_, i) => {
        const v = r[`v${i}`];
        return v === null || v === undefined ? undefined : scalarText(v);
      }),
    }));
  }

  list(scope: Scope, opts: ListOptions = {}): ListPage {
    const page = this.scan(scope, opts, (row, parsed) => parsed ?? (JSON.parse(row.value) as KObject));
    return page;
  }

  listRaw(scope: Scope, opts: ListOptions = {}): RawListPage {
    return this.scan(scope, opts, (row) => row.value);
  }

  private scan<T>(
    scope: Scope,
    opts: ListOptions,
    out: (row: KeyRow, parsed: KObject | undefined) => T,
  ): { items: T[]; rv: number; next?: { cluster: string; namespace: string; name: string } } {
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    const after = opts.after ?? { cluster: '', namespace: '', name: '' };
    const items: T[] = [];
    let last: KeyRow | undefined;
    let more = false;
    const rows =
      scope.cluster === '*'
        ? this.stmt.listWild.iterate(scope.resource, after.cluster, after.namespace, after.name)
        : scope.namespace !== undefined
          ? this.stmt.listNs.iterate(scope.cluster, scope.resource, scope.namespace, after.namespace === scope.namespace ? after.name : '')
          : this.stmt.listAll.iterate(scope.cluster, scope.resource, after.namespace, after.name);
    for (const row of rows) {
      let parsed: KObject | undefined;
      if (opts.filter) {
        parsed = JSON.parse(row.value) as KObject;
        if (!opts.filter(parsed)) continue;
      }
      if (items.length >= limit) {
        more = true;
        break;
      }
      items.push(out(row, parsed));
      last = row;
    }
    // Iterators hold a read cursor open; breaking out above closes it.
    const page: { items: T[]; rv: number; next?: { cluster: string; namespace: string; name: string } } = { items, rv: this.rev };
    if (more && last) page.next = { cluster: last.cluster, namespace: last.namespace, name: last.name };
    return page;
  }

  count(scope: Scope): number {
    if (scope.cluster === '*') return this.stmt.countWild.get(scope.resource)!.n;
    if (scope.namespace !== undefined) return this.stmt.countNs.get(scope.cluster, scope.resource, scope.namespace)!.n;
    return this.stmt.countAll.get(scope.cluster, scope.resource)!.n;
  }

  create(key: ObjectKey, obj: KObject): KObject {
    return this.transaction(() => {
      const rv = this.rev + 1;
      obj.metadata.resourceVersion = String(rv);
      const value = JSON.stringify(obj);
      // The unique key index answers "exists?" as part of the insert; no lookup first.
      try {
        this.stmt.insert.run(key.cluster, key.resource, key.namespace, key.name, rv, value);
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new KeyExistsError();
        throw err;
      }
      this.resources.add(key.resource);
      this.record('ADDED', rv, key, value, obj);
      this.writtenJson.set(obj, value);
      return obj;
    });
  }

  serialized(obj: KObject): string | undefined {
    return this.writtenJson.get(obj);
  }

  /** The stored row a write replaces (its JSON unparsed), checked against the caller's expected revision. */
  private current(key: ObjectKey, expectedRV: number | undefined): RvRow {
    const row = this.stmt.getRv.get(key.cluster, key.resource, key.namespace, key.name);
    if (!row) throw new KeyNotFoundError();
    if (expectedRV !== undefined && row.rv !== expectedRV) throw new RevisionMismatchError(JSON.parse(row.value) as KObject);
    return row;
  }

  update(key: ObjectKey, obj: KObject, expectedRV?: number): KObject {
    return this.transaction(() => {
      const prev = this.current(key, expectedRV).value;
      const rv = this.rev + 1;
      obj.metadata.resourceVersion = String(rv);
      const value = JSON.stringify(obj);
      this.stmt.update.run(rv, value, key.cluster, key.resource, key.namespace, key.name);
      this.record('MODIFIED', rv, key, value, obj, prev);
      this.writtenJson.set(obj, value);
      return obj;
    });
  }

  delete(key: ObjectKey, expectedRV?: number): KObject {
    return this.transaction(() => {
      const prev = this.current(key, expectedRV).value;
      const rv = this.rev + 1;
      // The DELETED event carries the object at the deletion's revision; `prev` stays as it was stored.
      const obj = JSON.parse(prev) as KObject;
      obj.metadata.resourceVersion = String(rv);
      this.stmt.remove.run(key.cluster, key.resource, key.namespace, key.name);
      this.record('DELETED', rv, key, JSON.stringify(obj), obj, prev);
      return obj;
    });
  }

  deleteCluster(cluster: string): number {
    const n = this.transaction(() => this.stmt.deleteCluster.run(this.resourceList(), cluster).changes);
    this.fanout.endCluster(cluster);
    return n;
  }

  watch(scope: Scope, fromRV: number | undefined, listener: WatchListener, onEnd?: () => void): Watch {
    if (fromRV !== undefined && fromRV < this.rev) {
      if (fromRV < this.oldest) throw new CompactedError(fromRV, this.oldest);
      // Replay and subscribe in the same tick: better-sqlite3 is synchronous, so no write can slip between.
      for (const row of this.stmt.eventsAfter.iterate(fromRV, scope.resource)) {
        if (scope.cluster !== '*' && row.cluster !== scope.cluster) continue;
        if (scope.namespace !== undefined && row.namespace !== scope.namespace) continue;
        listener({
          type: EVENT_TYPES[row.type]!,
          rv: row.rv,
          cluster: row.cluster,
          resource: row.resource,
          namespace: row.namespace,
          name: row.name,
          object: JSON.parse(row.value) as KObject,
        });
      }
    }
    // Events are published when their transaction commits, which for a file-backed shard is later than the write;
    // the replay above (or, for a watch from now, the state the caller has seen) already covers everything up to
    // the current revision.
    const seen = this.rev;
    const live: WatchListener = (ev) => {
      if (ev.rv > seen) listener(ev);
    };
    const sub = onEnd ? { scope, listener: live, onEnd } : { scope, listener: live };
    const remove = this.fanout.add(sub);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        remove();
      },
    };
  }

  subscribeAll(listener: WatchListener): Watch {
    const remove = this.fanout.addGlobal(listener);
    return { stop: () => void remove() };
  }

  findContaining(cluster: string, needle: string): Array<{ resource: string; namespace: string; name: string; object: KObject }> {
    return this.stmt.containing
      .all(this.resourceList(), cluster, needle)
      .map((r) => ({ resource: r.resource, namespace: r.namespace, name: r.name, object: JSON.parse(r.value) as KObject }));
  }

  private resourceList(): string {
    return JSON.stringify([...this.resources]);
  }

  /**
   * In memory every transaction commits at once. On disk a commit writes every page it touched to the log, one system
   * call per page, and consecutive writes touch the same pages (the ends of the objects table and the event log): the
   * writes of one event-loop turn therefore share one transaction, each in a savepoint of its own (a failed write
   * undoes only itself), committed when the turn's I/O is done, so a group of writes costs little more than one.
   * Their events are published after that commit, and durable() tells the server when it may answer.
   */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    if (this.failedTurn) throw this.failedTurn.error;
    if (this.groupCommit) this.openBatch();
    this.depth++;
    const startRev = this.rev;
    const startPending = this.pending.length;
    let result: T;
    try {
      result = this.runTx.immediate(() => {
        const r = fn();
        this.runWriteHooks(startPending);
        return r;
      }) as T;
    } catch (err) {
      this.rev = startRev;
      this.pending.length = startPending;
      const failure = asStorageFailure(err);
      // An I/O error or a full disk may roll back the whole transaction, batch included (SQLite decides). The
      // writes of this turn that returned already are lost with it: their writers learn it from durable(), which
      // they ask within the turn, and no write of the rest of the turn may take their place.
      const batch = this.batch;
      if (batch && !this.db.inTransaction) {
        this.failBatch(failure);
        this.failedTurn = { batch, error: failure };
      }
      throw failure;
    } finally {
      this.depth--;
    }
    if (!this.batch) this.published();
    return result;
  }

  /**
   * Settles once every write made so far is committed; undefined when there is nothing uncommitted. Nothing a
   * request wrote (or read of another's writes) may be answered before it is durable.
   */
  durable(): Promise<void> | undefined {
    return this.failedTurn?.batch.done ?? this.batch?.done;
  }

  private openBatch(): void {
    if (this.batch) return;
    this.db.exec('BEGIN IMMEDIATE');
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may be waiting: a rejection must not surface as unhandled.
    done.catch(() => {});
    const batch: Batch = { startRev: this.rev, done, resolve, reject };
    this.batch = batch;
    setImmediate(() => this.endTurn(batch));
  }

  /** The turn that opened `batch` is over: it commits, or, if it failed already, its failure is forgotten. */
  private endTurn(batch: Batch): void {
    if (this.failedTurn?.batch === batch) this.failedTurn = undefined;
    if (this.batch === batch) this.commitBatch();
  }

  private commitBatch(): void {
    const batch = this.batch;
    if (!batch) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      // Nothing of the batch is acknowledged yet: every write in it is undone, and every request that made one (or
      // read one) is answered with the failure.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.failBatch(asStorageFailure(err));
      return;
    }
    this.batch = undefined;
    // Committed: the answers may go out whatever a subscriber does with the events.
    batch.resolve();
    try {
      this.published();
    } catch (err) {
      // A subscriber's fault, with no request left to answer for it: reported, not fatal (every other subscriber
      // has the events).
      process.emitWarning(err instanceof Error ? err : String(err), 'StoreSubscriberError');
    }
  }

  private failBatch(err: unknown): void {
    const batch = this.batch!;
    this.batch = undefined;
    this.rev = batch.startRev;
    this.pending = [];
    batch.reject(err);
  }

  /** After a commit: the committed events go to watchers and subscribers (all of them, even if one throws). */
  private published(): void {
    const events = this.pending;
    this.pending = [];
    this.checkpointer?.committed(events.length);
    if (events.length === 0) return;
    try {
      this.fanout.publish(events);
    } finally {
      this.maybeCompact(events.length);
    }
  }

  private runWriteHooks(from: number): void {
    if (!this.writeHooks.size) return;
    // By index: hooks append to `pending` as they write, and those writes are hooked too.
    for (let i = from; i < this.pending.length; i++) {
      for (const hook of this.writeHooks) hook(this.pending[i]!);
    }
  }

  onWrite(hook: WatchListener): Watch {
    this.writeHooks.add(hook);
    return { stop: () => void this.writeHooks.delete(hook) };
  }

  /** `prev` is the replaced object's stored JSON: parsed only if a subscriber reads `ev.prev`. */
  private record(type: EventType, rv: number, key: ObjectKey, value: string, object: KObject, prev?: string): void {
    this.rev = rv;
    this.stmt.event.run(rv, EVENT_CODES[type], key.cluster, key.resource, key.namespace, key.name, value);
    const ev: StoreEvent = { type, rv, cluster: key.cluster, resource: key.resource, namespace: key.namespace, name: key.name, object };
    if (prev !== undefined) {
      let parsed: KObject | undefined;
      Object.defineProperty(ev, 'prev', { enumerable: true, get: () => (parsed ??= JSON.parse(prev) as KObject) });
    }
    this.pending.push(ev);
  }

  private maybeCompact(writes: number): void {
    this.writesSinceCompact += writes;
    if (this.writesSinceCompact < Math.max(1, Math.floor(this.retain / 10))) return;
    this.writesSinceCompact = 0;
    this.compactNow(this.retain);
  }

  /** Drops the events older than the newest `keep` (watches from before them get 410 Expired). */
  compactNow(keep: number): void {
    const upTo = this.rev - keep;
    if (upTo <= this.oldest) return;
    this.db.transaction(() => {
      this.stmt.compact.run(upTo);
      this.stmt.setMeta.run('compacted', upTo);
      this.stmt.setMeta.run('revision', this.rev);
    })();
    this.oldest = upTo;
  }

  /**
   * Commits what is pending and closes, after the checkpoint worker's connection: the last connection to close
   * checkpoints the whole log and removes it, so a file-backed database is complete on its own once this returns
   * (shard-file.ts records that as a clean stop).
   */
  close(): void {
    if (!this.db.open) return;
    this.commitBatch();
    try {
      this.stmt.setMeta.run('revision', this.rev);
    } catch {
      // A full disk: the revision is also the event log's last one, which is what a restart reads.
    }
    this.checkpointer?.close();
    this.db.close();
  }
}

/**
 * SQLite's I/O failures as the answer kube gives for its storage's own errors (500 with the storage's message): a
 * client must see that the disk is full, not a generic internal error.
 */
function asStorageFailure(err: unknown): unknown {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'SQLITE_FULL') {
    return unknownStatus(
      500,
      'database or disk is full: the disk holding the shard database has no space left; writes succeed again once space is freed',
    );
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) {
    return unknownStatus(500, `the shard database could not be written (${code}: ${(err as Error).message})`);
  }
  return err;
}

/** Shards written before the objects table became a rowid table are converted in place, once, in one transaction. */
function migrateObjectsTable(db: Database.Database): void {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'objects'").get() as { sql: string } | undefined;
  if (!row || !/WITHOUT\s+ROWID/i.test(row.sql)) return;
  db.transaction(() => {
    db.exec(`
      DROP INDEX IF EXISTS objects_by_resource;
      ALTER TABLE objects RENAME TO objects_without_rowid;
      CREATE TABLE objects (${OBJECTS_COLUMNS});
      INSERT INTO objects (cluster, resource, namespace, name, rv, value)
        SELECT cluster, resource, namespace, name, rv, value FROM objects_without_rowid;
      DROP TABLE objects_without_rowid;
    `);
  })();
}
