import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { isStatusError, type StatusError } from '../../apimachinery/status.js';
import { CompactedError, KeyExistsError, RevisionMismatchError, type StoreEvent } from '../store.js';
import { SqliteStore } from './sqlite-store.js';

const cm = (name: string, ns = 'default'): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } });
const key = (name: string, ns = 'default', cluster = 'c1') => ({ cluster, resource: '/configmaps', namespace: ns, name });

/** A shard as an older kcpx wrote it (`objectsSql` creates its objects table), holding configmap c1/default/a at `rv`. */
function writeOldShard(path: string, objectsSql: string, rv: number): void {
  const old = new Database(path);
  old.exec(`${objectsSql}
    CREATE TABLE events (rv INTEGER PRIMARY KEY, type INTEGER NOT NULL, cluster TEXT NOT NULL, resource TEXT NOT NULL,
      namespace TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
    CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL);`);
  const value = JSON.stringify({ ...cm('a'), metadata: { name: 'a', namespace: 'default', resourceVersion: String(rv) } });
  old.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?)').run('c1', '/configmaps', 'default', 'a', rv, value);
  old.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)').run(rv, 0, 'c1', '/configmaps', 'default', 'a', value);
  old.close();
}

describe('SqliteStore', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  /** A database path in a temp dir removed after the test. */
  const shardPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-store-'));
    dirs.push(dir);
    return join(dir, 'shard.db');
  };

  it('assigns strictly increasing revisions and keeps clusters apart', () => {
    const s = new SqliteStore({ path: ':memory:' });
    const a = s.create(key('a'), cm('a'));
    const b = s.create(key('a', 'default', 'c2'), cm('a'));
    expect(Number(b.metadata.resourceVersion)).toBeGreaterThan(Number(a.metadata.resourceVersion));
    expect(s.list({ cluster: 'c1', resource: '/configmaps' }).items).toHaveLength(1);
    expect(s.list({ cluster: '*', resource: '/configmaps' }).items).toHaveLength(2);
    expect(() => s.create(key('a'), cm('a'))).toThrow(KeyExistsError);
  });

  it('remembers the JSON a created object was stored as', () => {
    const s = new SqliteStore({ path: ':memory:' });
    const a = s.create(key('a'), cm('a'));
    expect(s.serialized(a)).toBe(JSON.stringify(a));
    expect(s.serialized(s.get(key('a'))!)).toBeUndefined();
  });

  it('refuses a stale update', () => {
    const s = new SqliteStore({ path: ':memory:' });
    const a = s.create(key('a'), cm('a'));
    s.update(key('a'), cm('a'), Number(a.metadata.resourceVersion));
    expect(() => s.update(key('a'), cm('a'), Number(a.metadata.resourceVersion))).toThrow(RevisionMismatchError);
  });

  it('pages in key order', () => {
    const s = new SqliteStore({ path: ':memory:' });
    for (const n of ['d', 'b', 'a', 'c', 'e']) s.create(key(n), cm(n));
    const p1 = s.list({ cluster: 'c1', resource: '/configmaps', namespace: 'default' }, { limit: 2 });
    expect(p1.items.map((o) => o.metadata.name)).toEqual(['a', 'b']);
    const p2 = s.list({ cluster: 'c1', resource: '/configmaps', namespace: 'default' }, { limit: 2, after: p1.next! });
    expect(p2.items.map((o) => o.metadata.name)).toEqual(['c', 'd']);
    const p3 = s.list({ cluster: 'c1', resource: '/configmaps' }, { limit: 2, after: p2.next! });
    expect(p3.items.map((o) => o.metadata.name)).toEqual(['e']);
    expect(p3.next).toBeUndefined();
  });

  it('replays from a revision, then follows live events, and reports compaction', () => {
    const s = new SqliteStore({ path: ':memory:' });
    const first = s.create(key('a'), cm('a'));
    s.create(key('b'), cm('b'));
    s.delete(key('a'));
    const seen: StoreEvent[] = [];
    const w = s.watch({ cluster: 'c1', resource: '/configmaps' }, Number(first.metadata.resourceVersion), (e) => seen.push(e));
    s.create(key('x', 'default', 'other'), cm('x'));
    s.create(key('c'), cm('c'));
    w.stop();
    s.create(key('d'), cm('d'));
    expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED b', 'DELETED a', 'ADDED c']);
    s.compactNow(1);
    expect(() => s.watch({ cluster: 'c1', resource: '/configmaps' }, 1, () => {})).toThrow(CompactedError);
  });

  it('persists revisions and objects across reopen', () => {
    const path = shardPath();
    const s = new SqliteStore({ path });
    s.create(key('a'), cm('a'));
    const b = s.create(key('b'), cm('b'));
    s.delete(key('b'));
    s.close();
    const again = new SqliteStore({ path });
    expect(again.revision()).toBe(Number(b.metadata.resourceVersion) + 1);
    expect(again.get(key('a'))?.metadata.name).toBe('a');
    expect(again.get(key('b'))).toBeUndefined();
    again.close();
  });

  it('deletes a whole cluster and ends its watches', () => {
    const s = new SqliteStore({ path: ':memory:' });
    s.create(key('a'), cm('a'));
    s.create(key('b', 'default', 'keep'), cm('b'));
    let ended = false;
    s.watch(
      { cluster: 'c1', resource: '/configmaps' },
      undefined,
      () => {},
      () => (ended = true),
    );
    expect(s.deleteCluster('c1')).toBe(1);
    expect(ended).toBe(true);
    expect(s.count({ cluster: '*', resource: '/configmaps' })).toBe(1);
  });

  it('sweeps a cluster across every resource, including those stored before a reopen', () => {
    const path = shardPath();
    const first = new SqliteStore({ path });
    const secret = (name: string, cluster: string) => ({ cluster, resource: '/secrets', namespace: 'default', name });
    first.create(secret('s', 'c1'), {
      ...cm('s'),
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default', annotations: { owner: 'uid-1' } },
    });
    first.create(secret('s', 'keep'), {
      ...cm('s'),
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default', annotations: { owner: 'uid-1' } },
    });
    first.close();
    const s = new SqliteStore({ path });
    s.create(key('a'), { ...cm('a'), metadata: { name: 'a', namespace: 'default', annotations: { owner: 'uid-1' } } });
    s.create(
      { cluster: 'c1', resource: '/namespaces', namespace: '', name: 'default' },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } },
    );
    expect(
      s
        .findContaining('c1', 'uid-1')
        .map((o) => o.resource)
        .sort(),
    ).toEqual(['/configmaps', '/secrets']);
    expect(s.deleteCluster('c1')).toBe(3);
    expect(s.count({ cluster: '*', resource: '/secrets' })).toBe(1);
    expect(s.count({ cluster: 'c1', resource: '/namespaces' })).toBe(0);
    s.close();
  });

  it('moves a shard from the two older object indexes to the one resource-first index', () => {
    const path = shardPath();
    writeOldShard(
      path,
      `CREATE TABLE objects (cluster TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, value TEXT NOT NULL);
      CREATE UNIQUE INDEX objects_key ON objects (cluster, resource, namespace, name);
      CREATE INDEX objects_by_resource ON objects (resource, cluster, namespace, name);`,
      3,
    );

    const s = new SqliteStore({ path });
    expect(s.get(key('a'))?.metadata.resourceVersion).toBe('3');
    expect(() => s.create(key('a'), cm('a'))).toThrow(KeyExistsError);
    expect(s.deleteCluster('c1')).toBe(1);
    s.close();
    const check = new Database(path, { readonly: true });
    const indexes = check.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects'").all() as Array<{
      name: string;
    }>;
    check.close();
    expect(indexes.map((i) => i.name)).toEqual(['objects_by_key']);
  });

  it("commits a file-backed shard's writes of one turn together: failed writes undo only themselves, answers wait", async () => {
    const path = shardPath();
    const s = new SqliteStore({ path });
    const before = s.revision();
    const seen: StoreEvent[] = [];
    s.subscribeAll((e) => seen.push(e));
    const a = s.create(key('a'), cm('a'));
    expect(() => s.create(key('a'), cm('a'))).toThrow(KeyExistsError);
    const b = s.create(key('b'), cm('b'));
    expect(Number(b.metadata.resourceVersion)).toBe(Number(a.metadata.resourceVersion) + 1);
    // Uncommitted: another connection does not see them, and nothing is published yet.
    const other = new Database(path, { readonly: true });
    const count = () => (other.prepare("SELECT count(*) AS n FROM objects WHERE resource = '/configmaps'").get() as { n: number }).n;
    expect(count()).toBe(0);
    expect(seen).toHaveLength(0);
    // A watch started now replays from the log and is not given the same events again when they are published.
    const watched: number[] = [];
    s.watch({ cluster: 'c1', resource: '/configmaps' }, before, (e) => watched.push(e.rv));
    await s.durable();
    expect(count()).toBe(2);
    expect(seen.map((e) => e.name)).toEqual(['a', 'b']);
    expect(watched).toEqual([Number(a.metadata.resourceVersion), Number(b.metadata.resourceVersion)]);
    expect(s.durable()).toBeUndefined();
    other.close();
    s.close();
  });

  it('delivers every event to every subscriber even when one of them throws', async () => {
    const boom = () => {
      throw new Error('subscriber bug');
    };
    // In memory the writer hears of it (its write is committed all the same).
    const mem = new SqliteStore({ path: ':memory:' });
    const got: string[] = [];
    mem.subscribeAll(boom);
    mem.subscribeAll((e) => got.push(e.name));
    mem.watch({ cluster: 'c1', resource: '/configmaps' }, undefined, (e) => got.push(`watch:${e.name}`));
    expect(() => mem.create(key('a'), cm('a'))).toThrow('subscriber bug');
    expect(got.sort()).toEqual(['a', 'watch:a']);
    expect(mem.get(key('a'))).toBeDefined();
    mem.close();
    // On disk the commit comes after the writer has returned: the answers still go out, the fault is a warning.
    const disk = new SqliteStore({ path: shardPath() });
    const seen: string[] = [];
    disk.subscribeAll(boom);
    disk.subscribeAll((e) => seen.push(e.name));
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    disk.create(key('b'), cm('b'));
    await disk.durable();
    expect(seen).toEqual(['b']);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ message: 'subscriber bug' }), 'StoreSubscriberError');
    warn.mockRestore();
    disk.close();
  });

  it('answers a write that does not fit on the disk as kube answers a storage failure, undoing only that write', async () => {
    const s = new SqliteStore({ path: shardPath(), checkpointWorker: false });
    s.create(key('first'), cm('first'));
    await s.durable();
    // A disk with two pages left: SQLite fails the write that needs more with SQLITE_FULL, as on a full disk. (The
    // connection is the store's own; the limit is a setting of it.)
    const db = (s as unknown as { db: Database.Database }).db;
    db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 2}`);
    const rev = s.revision();
    // One turn of the event loop, one grouped commit: the small write fits, the big one does not.
    s.create(key('fits'), cm('fits'));
    const big = () => s.create(key('big'), { ...cm('big'), data: { v: 'x'.repeat(200_000) } });
    let failure: unknown;
    try {
      big();
    } catch (err) {
      failure = err;
    }
    expect(isStatusError(failure)).toBe(true);
    expect((failure as StatusError).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 500,
      message: 'database or disk is full: the disk holding the shard database has no space left; writes succeed again once space is freed',
    });
    // SQLite undoes the failed statement, or, as it may on SQLITE_FULL, the whole transaction: then the earlier
    // write of the turn is lost too, and its writer (who asks durable() within the turn) learns so, as does any
    // writer later in the turn.
    const turnLost = s.get(key('fits')) === undefined;
    if (turnLost) expect(() => s.create(key('later'), cm('later'))).toThrow(failure);
    const outcome = await s.durable()?.then(
      () => 'committed',
      (err: unknown) => err,
    );
    if (!turnLost) {
      expect(outcome ?? 'committed').toBe('committed');
      expect(s.revision()).toBe(rev + 1);
    } else {
      expect(outcome).toBe(failure);
      expect(s.revision()).toBe(rev);
    }
    expect(s.get(key('big'))).toBeUndefined();
    // Space again, in a new turn: the next write takes the next revision.
    db.pragma('max_page_count = 1073741823');
    await new Promise((r) => setImmediate(r));
    expect(Number(big().metadata.resourceVersion)).toBe(s.revision());
    await s.durable();
    expect(s.get(key('big'))).toBeDefined();
    s.close();
  });

  it('keeps a file-backed log bounded under sustained writes, checkpointing beside them', async () => {
    const path = shardPath();
    const s = new SqliteStore({ path });
    let largest = 0;
    // ~16 KiB of log per create: without checkpoints 20,000 creates would leave a log of ~300 MiB. The writes run
    // in timer callbacks, so the worker's reports arrive while a group of writes is still uncommitted (as under load).
    for (let i = 0; i < 20_000; i++) {
      s.create(key(`c${i}`, 'default', `cluster${i % 50}`), { ...cm(`c${i}`), data: { v: 'x'.repeat(200) } });
      if (i % 200 === 0) {
        await new Promise((r) => setTimeout(r, 0));
        largest = Math.max(largest, existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
      }
    }
    await s.durable();
    expect(largest).toBeGreaterThan(0);
    expect(largest).toBeLessThan(64 * 1024 * 1024);
    s.close();
    const again = new SqliteStore({ path, checkpointWorker: false });
    expect(again.count({ cluster: '*', resource: '/configmaps' })).toBe(20_000);
    again.close();
  });

  it('converts a shard written with the WITHOUT ROWID objects table, keeping objects and the revision', () => {
    const path = shardPath();
    writeOldShard(
      path,
      `CREATE TABLE objects (cluster TEXT NOT NULL, resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
        rv INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (cluster, resource, namespace, name)) WITHOUT ROWID;
      CREATE INDEX objects_by_resource ON objects (resource, cluster, namespace, name);`,
      7,
    );

    const s = new SqliteStore({ path });
    expect(s.revision()).toBe(7);
    expect(s.get(key('a'))?.metadata.resourceVersion).toBe('7');
    expect(() => s.create(key('a'), cm('a'))).toThrow(KeyExistsError);
    expect(Number(s.create(key('b'), cm('b')).metadata.resourceVersion)).toBe(8);
    s.close();
    const check = new Database(path, { readonly: true });
    const sql = (check.prepare("SELECT sql FROM sqlite_master WHERE name = 'objects'").get() as { sql: string }).sql;
    check.close();
    expect(sql).not.toMatch(/WITHOUT ROWID/i);
  });
});
