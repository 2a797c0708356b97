import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { ANN_URL_BASE, rebased, refreshUrls, URL_BEFORE_SERVING, URL_PAGE, urlRefreshStart, type UrlCursor } from './url-refresh.js';

const OLD = 'https://127.0.0.1:1111';
const NEW = 'https://127.0.0.1:2222';
const SHARD = { cluster: 'root', resource: 'core.kcp.io/shards', namespace: '', name: 'root' };
const wsKey = (i: number) => ({ cluster: 'root', resource: 'tenancy.kcp.io/workspaces', namespace: '', name: `w${i}` });
const lcKey = (i: number) => ({ cluster: `c${i}`, resource: 'core.kcp.io/logicalclusters', namespace: '', name: 'cluster' });

const stores: SqliteStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

/** A shard whose `n` workspaces were stored while the daemon listened on OLD. */
function shardOn(base: string | undefined, n: number): SqliteStore {
  const store = new SqliteStore({ path: ':memory:' });
  stores.push(store);
  store.transaction(() => {
    store.create(SHARD, {
      apiVersion: 'core.kcp.io/v1alpha1',
      kind: 'Shard',
      metadata: { name: 'root', ...(base ? { annotations: { [ANN_URL_BASE]: base } } : {}) },
    });
    for (let i = 0; i < n; i++) {
      const cluster = { 'kcp.io/cluster': 'root' };
      store.create(wsKey(i), {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name: `w${i}`, annotations: cluster },
        spec: { cluster: `c${i}`, URL: `${OLD}/clusters/root:w${i}` },
      });
      store.create(lcKey(i), {
        apiVersion: 'core.kcp.io/v1alpha1',
        kind: 'LogicalCluster',
        metadata: { name: 'cluster', annotations: { 'kcp.io/cluster': `c${i}` } },
        status: { URL: `${OLD}/clusters/c${i}` },
      });
    }
    // Not scheduled yet: no URL to move.
    store.create(wsKey(n), {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name: `w${n}`, annotations: { 'kcp.io/cluster': 'root' } },
      spec: {},
    });
  });
  return store;
}

const urlOf = (store: SqliteStore, key: typeof SHARD, field: 'spec' | 'status') =>
  ((store.get(key)![field] as { URL?: string } | undefined) ?? {}).URL;
const marker = (store: SqliteStore) => store.get(SHARD)!.metadata.annotations?.[ANN_URL_BASE];

/** What the daemon does before it serves: the first objects, and where the controller goes on (if anywhere). */
function start(store: SqliteStore): UrlCursor | undefined {
  const deps = { store, base: () => NEW };
  const from = urlRefreshStart(deps);
  return from && refreshUrls(deps, from, URL_BEFORE_SERVING);
}

/** The url-refresh controller's steps, a page each; returns how many it took. */
function drain(store: SqliteStore, cursor: UrlCursor | undefined): number {
  let steps = 0;
  for (let c = cursor; c; c = refreshUrls({ store, base: () => NEW }, c, URL_PAGE)) steps++;
  return steps;
}

describe('rebased', () => {
  it('moves workspace URLs onto a base, and leaves the rest alone', () => {
    expect(rebased(`${OLD}/clusters/root:a`, NEW)).toBe(`${NEW}/clusters/root:a`);
    expect(rebased(`${NEW}/clusters/root:a`, NEW)).toBeUndefined();
    expect(rebased('https://elsewhere.example/api', NEW)).toBeUndefined();
    expect(rebased(undefined, NEW)).toBeUndefined();
  });
});

describe('refreshUrls', () => {
  it('rewrites every Workspace and LogicalCluster URL a page at a time, the first ones before start returns', () => {
    // Keys sort as strings: w999 is the last workspace read.
    const store = shardOn(OLD, 1200);
    const cursor = start(store);
    expect(urlOf(store, wsKey(0), 'spec')).toBe(`${NEW}/clusters/root:w0`);
    expect(urlOf(store, wsKey(999), 'spec')).toBe(`${OLD}/clusters/root:w999`);
    expect(marker(store)).toBe(OLD);
    // 2,401 objects, 200 of them read before serving: five more pages of 500.
    expect(drain(store, cursor)).toBe(5);
    for (const i of [0, 500, 1199]) {
      expect(urlOf(store, wsKey(i), 'spec')).toBe(`${NEW}/clusters/root:w${i}`);
      expect(urlOf(store, lcKey(i), 'status')).toBe(`${NEW}/clusters/c${i}`);
    }
    expect(urlOf(store, wsKey(1200), 'spec')).toBeUndefined();
    expect(marker(store)).toBe(NEW);
  });

  it('leaves a small shard entirely current before start returns', () => {
    const store = shardOn(OLD, 40);
    expect(start(store)).toBeUndefined();
    expect(urlOf(store, wsKey(39), 'spec')).toBe(`${NEW}/clusters/root:w39`);
    expect(urlOf(store, lcKey(39), 'status')).toBe(`${NEW}/clusters/c39`);
    expect(marker(store)).toBe(NEW);
  });

  it('reads nothing when the shard already uses its base', () => {
    const store = shardOn(NEW, 3);
    const listRaw = vi.spyOn(store, 'listRaw');
    expect(start(store)).toBeUndefined();
    expect(listRaw).not.toHaveBeenCalled();
  });

  it('resumes a refresh cut short by a stop at the next start', () => {
    const store = shardOn(undefined, 1200);
    // The daemon stops before the controller took a step.
    expect(start(store)).toBeDefined();
    expect(marker(store)).toBeUndefined();
    expect(urlOf(store, wsKey(999), 'spec')).toBe(`${OLD}/clusters/root:w999`);
    const stale = [
      ...store.listRaw({ cluster: '*', resource: 'tenancy.kcp.io/workspaces' }).items,
      ...store.listRaw({ cluster: '*', resource: 'core.kcp.io/logicalclusters' }).items,
    ].filter((raw) => raw.includes(OLD)).length;
    expect(stale).toBeGreaterThan(1200);
    const write = vi.spyOn(store, 'update');
    drain(store, start(store));
    expect(urlOf(store, wsKey(1199), 'spec')).toBe(`${NEW}/clusters/root:w1199`);
    // Only what was still stale is written again (plus the marker).
    expect(write.mock.calls.length).toBe(stale + 1);
  });

  it("keeps a concurrent writer's change and still moves the URL", () => {
    const store = shardOn(OLD, 600);
    const cursor = start(store);
    const w = store.get(wsKey(550))!;
    store.update(wsKey(550), { ...w, metadata: { ...w.metadata, labels: { team: 'x' } } });
    drain(store, cursor);
    expect(store.get(wsKey(550))!.metadata.labels).toEqual({ team: 'x' });
    expect(urlOf(store, wsKey(550), 'spec')).toBe(`${NEW}/clusters/root:w550`);
  });
});
