import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { CompactedError } from '../../storage/store.js';
import { Backoff } from './backoff.js';
import { Controller } from './controller.js';
import { Informer, Informers, type InformerEvent } from './informer.js';
import { ControllerManager } from './manager.js';
import { WorkQueue } from './work-queue.js';

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Backoff', () => {
  it('doubles per failure up to the cap and forgets on success', () => {
    const b = new Backoff({ baseMs: 10, capMs: 50 });
    expect([b.next('k'), b.next('k'), b.next('k'), b.next('k'), b.next('k')]).toEqual([10, 20, 40, 50, 50]);
    expect(b.next('other')).toBe(10);
    b.forget('k');
    expect(b.next('k')).toBe(10);
  });

  it('never overflows past the cap', () => {
    const b = new Backoff({ baseMs: 1, capMs: 1000 });
    let last = 0;
    for (let i = 0; i < 2000; i++) last = b.next('k');
    expect(last).toBe(1000);
  });
});

describe('WorkQueue', () => {
  it('queues a key once however often it is added, keeping the latest item', () => {
    const q = new WorkQueue<number>();
    q.add('a', 1);
    q.add('b', 2);
    q.add('a', 3);
    expect(q.depth).toBe(2);
    expect(q.next()).toEqual({ key: 'a', item: 3 });
    expect(q.next()).toEqual({ key: 'b', item: 2 });
    expect(q.next()).toBeUndefined();
  });

  it('never hands out a key being processed, and queues it again once done if it was added meanwhile', () => {
    const q = new WorkQueue<number>();
    q.add('a', 1);
    const e = q.next()!;
    q.add('a', 2);
    expect(q.next()).toBeUndefined();
    q.done(e.key);
    expect(q.next()).toEqual({ key: 'a', item: 2 });
  });

  it('delays addAfter, lets an immediate add supersede it, and keeps the sooner of two delays', () => {
    vi.useFakeTimers();
    try {
      const q = new WorkQueue<string>();
      q.addAfter('a', 'late', 100);
      q.addAfter('a', 'later', 500);
      expect(q.depth).toBe(0);
      expect(q.delayedCount).toBe(1);
      vi.advanceTimersByTime(100);
      expect(q.next()).toEqual({ key: 'a', item: 'later' });
      q.done('a');
      q.addAfter('b', 'x', 100);
      q.add('b', 'now');
      expect(q.delayedCount).toBe(0);
      vi.advanceTimersByTime(200);
      expect(q.next()).toEqual({ key: 'b', item: 'now' });
      expect(q.next()).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('accepts nothing after shutdown', () => {
    const q = new WorkQueue<number>();
    q.add('a', 1);
    q.shutdown();
    q.add('b', 2);
    expect(q.next()).toBeUndefined();
  });
});

describe('Controller', () => {
  it("'sync' reconciles in the enqueuing call, de-duplicating what a reconcile enqueues for itself", () => {
    const seen: number[] = [];
    const c: Controller<number> = new Controller<number>({
      name: 't',
      schedule: 'sync',
      key: (n) => String(n % 2),
      reconcile: (n) => {
        seen.push(n);
        if (n < 4) {
          c.enqueue(n + 2);
          c.enqueue(n + 2);
        }
      },
    });
    c.start();
    c.enqueue(0);
    expect(seen).toEqual([0, 2, 4]);
  });

  it("'tick' handles a turn's keys together in one batch", async () => {
    const batches: number[][] = [];
    let current: number[] | undefined;
    const c = new Controller<number>({
      name: 't',
      key: String,
      batch: (pass) => {
        current = [];
        pass();
        batches.push(current);
      },
      reconcile: (n) => void current!.push(n),
    });
    c.start();
    c.enqueue(1);
    c.enqueue(2);
    c.enqueue(1);
    expect(batches).toEqual([]);
    await c.idle();
    expect(batches).toEqual([[1, 2]]);
  });

  it("'tick' leaves what its reconciles enqueue to the next turn: a job proceeds a step per turn", async () => {
    const turns: number[] = [];
    const c: Controller<number> = new Controller<number>({
      name: 't',
      key: () => 'job',
      reconcile: (step) => {
        turns.push(step);
        if (step < 3) c.enqueue(step + 1);
      },
    });
    c.start();
    c.enqueue(0);
    await tick();
    expect(turns).toEqual([0]);
    await vi.waitFor(() => expect(turns).toEqual([0, 1, 2, 3]));
    const seen: string[] = [];
    const other = new Controller<string>({
      name: 'u',
      key: (s) => s,
      reconcile: (s) => void (seen.push(s), s === 'a' && other.enqueue('b')),
    });
    other.start();
    other.enqueue('a');
    await tick();
    expect(seen).toEqual(['a']);
    await other.idle();
    expect(seen).toEqual(['a', 'b']);
  });

  it('keeps what is enqueued before start until it starts', async () => {
    const seen: string[] = [];
    const c = new Controller<string>({ name: 't', key: (s) => s, reconcile: (s) => void seen.push(s) });
    c.enqueue('a');
    await tick();
    expect(seen).toEqual([]);
    c.start();
    await c.idle();
    expect(seen).toEqual(['a']);
  });

  it('retries failures with growing delays, then forgets the history on success', async () => {
    const times: number[] = [];
    let failures = 3;
    const log: string[] = [];
    const c = new Controller<string>({
      name: 'flaky',
      key: (s) => s,
      backoff: { baseMs: 10, capMs: 1000 },
      log: (m) => log.push(m),
      reconcile: () => {
        times.push(Date.now());
        if (failures-- > 0) throw new Error('not yet');
      },
    });
    c.start();
    c.enqueue('k');
    await vi.waitFor(() => expect(times).toHaveLength(4), { timeout: 2000 });
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(9);
    expect(gaps[1]).toBeGreaterThanOrEqual(19);
    expect(gaps[2]).toBeGreaterThanOrEqual(39);
    expect(c.stats().retries).toBe(3);
    expect(log[0]).toMatch(/^flaky controller: k: not yet \(attempt 1, retrying in 10 ms\)$/);
    await c.stop();
  });

  it('awaits an asynchronous reconcile before the next key and retries a rejected one', async () => {
    const order: string[] = [];
    let rejectOnce = true;
    const c = new Controller<string>({
      name: 't',
      key: (s) => s,
      backoff: { baseMs: 1, capMs: 5 },
      log: () => undefined,
      reconcile: async (s) => {
        order.push(`start ${s}`);
        await tick();
        if (s === 'b' && rejectOnce) {
          rejectOnce = false;
          throw new Error('boom');
        }
        order.push(`end ${s}`);
      },
    });
    c.start();
    c.enqueue('a');
    c.enqueue('b');
    await vi.waitFor(() => expect(order).toContain('end b'), { timeout: 1000 });
    expect(order.slice(0, 3)).toEqual(['start a', 'end a', 'start b']);
    await c.stop();
  });

  it('lets up to `workers` asynchronous reconciles wait at once, and stop() waits for them', async () => {
    let waiting = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const c = new Controller<string>({
      name: 't',
      key: (s) => s,
      workers: 2,
      reconcile: async () => {
        most = Math.max(most, ++waiting);
        await new Promise<void>((r) => release.push(r));
        waiting--;
      },
    });
    c.start();
    for (const k of ['a', 'b', 'c']) c.enqueue(k);
    await vi.waitFor(() => expect(release).toHaveLength(2));
    await tick();
    expect(most).toBe(2);
    release.shift()!();
    await vi.waitFor(() => expect(release).toHaveLength(2));
    let stopped = false;
    const stopping = c.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    release.splice(0).forEach((r) => r());
    await stopping;
    expect(most).toBe(2);
  });

  it('requeues after the delay a reconcile asks for', async () => {
    let runs = 0;
    const c = new Controller<string>({ name: 't', key: (s) => s, reconcile: () => (++runs < 3 ? { requeueAfterMs: 5 } : undefined) });
    c.start();
    c.enqueue('k');
    await vi.waitFor(() => expect(runs).toBe(3), { timeout: 1000 });
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(3);
  });

  it('retries everything a failed batch held', async () => {
    let commits = 0;
    const seen: string[] = [];
    const c = new Controller<string>({
      name: 't',
      key: (s) => s,
      backoff: { baseMs: 1, capMs: 5 },
      log: () => undefined,
      batch: (pass) => {
        pass();
        if (commits++ === 0) throw new Error('commit failed');
      },
      reconcile: (s) => void seen.push(s),
    });
    c.start();
    c.enqueue('a');
    c.enqueue('b');
    await vi.waitFor(() => expect(seen.filter((s) => s === 'a')).toHaveLength(2), { timeout: 1000 });
    expect(seen.filter((s) => s === 'b')).toHaveLength(2);
  });

  it('does nothing after stop, and idle() resolves', async () => {
    const seen: string[] = [];
    const c = new Controller<string>({ name: 't', key: (s) => s, reconcile: (s) => void seen.push(s) });
    c.start();
    c.enqueue('a');
    await c.stop();
    c.enqueue('b');
    await c.idle();
    await tick();
    expect(seen).toEqual([]);
  });
});

describe('Informer', () => {
  const stores: SqliteStore[] = [];
  afterEach(() => stores.splice(0).forEach((s) => s.close()));
  const cm = (cluster: string, name: string): KObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', annotations: { 'kcp.io/cluster': cluster } },
  });
  const key = (cluster: string, name: string) => ({ cluster, resource: '/configmaps', namespace: 'default', name });
  const newStore = (retainEvents?: number) => {
    const s = new SqliteStore({ path: ':memory:', ...(retainEvents ? { retainEvents } : {}) });
    stores.push(s);
    return s;
  };

  it('lists what is stored in pages, across clusters, then follows changes', async () => {
    const store = newStore();
    for (let i = 0; i < 7; i++) store.create(key(`c${i % 3}`, `cm${i}`), cm(`c${i % 3}`, `cm${i}`));
    store.create({ cluster: 'c0', resource: '/secrets', namespace: 'default', name: 's' }, cm('c0', 's'));
    const inf = new Informer(store, '/configmaps', { pageSize: 3 });
    const seen: InformerEvent[] = [];
    inf.addHandler((e) => seen.push(e));
    inf.start();
    store.create(key('c9', 'late'), cm('c9', 'late'));
    await vi.waitFor(() => expect(seen.filter((e) => e.type === 'SYNC')).toHaveLength(8));
    expect(seen.find((e) => e.type === 'ADDED')?.name).toBe('late');
    expect(seen.filter((e) => e.type === 'SYNC').map((e) => `${e.cluster}/${e.name}`)).toContain('c1/cm1');
    expect(seen.some((e) => e.resource !== '/configmaps')).toBe(false);
    store.delete(key('c0', 'cm0'));
    expect(seen.at(-1)).toMatchObject({ type: 'DELETED', cluster: 'c0', name: 'cm0' });
    inf.stop();
    store.create(key('c0', 'after-stop'), cm('c0', 'after-stop'));
    expect(seen.some((e) => e.name === 'after-stop')).toBe(false);
  });

  it('resyncs periodically', async () => {
    const store = newStore();
    store.create(key('c', 'a'), cm('c', 'a'));
    const inf = new Informer(store, '/configmaps', { resyncMs: 20 });
    let syncs = 0;
    inf.addHandler((e) => void (e.type === 'SYNC' && syncs++));
    inf.start();
    await vi.waitFor(() => expect(syncs).toBeGreaterThanOrEqual(3), { timeout: 1000 });
    inf.stop();
  });

  it('is shared: one informer per resource, one list for every handler', async () => {
    const store = newStore();
    store.create(key('c', 'a'), cm('c', 'a'));
    const informers = new Informers(store);
    const a: string[] = [];
    const b: string[] = [];
    informers.for('/configmaps').addHandler((e) => a.push(`${e.type} ${e.name}`));
    informers.for('/configmaps').addHandler((e) => b.push(`${e.type} ${e.name}`));
    const list = vi.spyOn(store, 'list');
    informers.start();
    await vi.waitFor(() => expect(a).toEqual(['SYNC a']));
    expect(b).toEqual(['SYNC a']);
    expect(list).toHaveBeenCalledTimes(1);
    informers.stop();
  });

  it('resumes a watch that ended from the last revision seen, and lists again when that was compacted', async () => {
    const store = newStore();
    store.create(key('c', 'a'), cm('c', 'a'));
    const realWatch = store.watch.bind(store);
    const from: Array<number | undefined> = [];
    let endFirst: (() => void) | undefined;
    const watch = vi.spyOn(store, 'watch').mockImplementation((scope, fromRV, listener, onEnd) => {
      from.push(fromRV);
      endFirst ??= onEnd;
      return realWatch(scope, fromRV, listener, onEnd);
    });
    const inf = new Informer(store, '/configmaps');
    const seen: string[] = [];
    inf.addHandler((e) => seen.push(`${e.type} ${e.name}`));
    inf.start();
    await vi.waitFor(() => expect(seen).toEqual(['SYNC a']));
    const b = store.create(key('c', 'b'), cm('c', 'b'));
    expect(seen).toEqual(['SYNC a', 'ADDED b']);
    // The watch ends; resuming from b's revision finds it compacted away.
    watch.mockImplementationOnce((_scope, fromRV) => {
      from.push(fromRV);
      throw new CompactedError(fromRV ?? 0, Number.MAX_SAFE_INTEGER);
    });
    endFirst!();
    await vi.waitFor(() => expect(seen.filter((s) => s.startsWith('SYNC'))).toHaveLength(3));
    expect(from[1]).toBe(Number(b.metadata.resourceVersion));
    expect(seen.slice(2).sort()).toEqual(['SYNC a', 'SYNC b']);
    store.create(key('c', 'c'), cm('c', 'c'));
    expect(seen.at(-1)).toBe('ADDED c');
    inf.stop();
  });

  it('reads nothing for handlers that want changes only, and gives them no SYNC events', async () => {
    const store = newStore();
    store.create(key('c', 'a'), cm('c', 'a'));
    const list = vi.spyOn(store, 'list');
    const inf = new Informer(store, '/configmaps', { resyncMs: 5 });
    const changes: string[] = [];
    inf.addHandler((e) => changes.push(`${e.type} ${e.name}`), { list: false });
    inf.start();
    store.create(key('c', 'b'), cm('c', 'b'));
    await new Promise((r) => setTimeout(r, 20));
    expect(list).not.toHaveBeenCalled();
    expect(changes).toEqual(['ADDED b']);
    // A handler that wants the list gets it at the next relist; the other still sees changes only.
    const all: string[] = [];
    inf.addHandler((e) => all.push(`${e.type} ${e.name}`));
    store.create(key('c', 'c'), cm('c', 'c'));
    expect(changes).toEqual(['ADDED b', 'ADDED c']);
    expect(all).toEqual(['ADDED c']);
    inf.stop();
  });

  it('keeps delivering to the other handlers when one throws', () => {
    const store = newStore();
    const inf = new Informer(store, '/configmaps');
    const seen: string[] = [];
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    inf.addHandler(() => {
      throw new Error('bad handler');
    });
    inf.addHandler((e) => seen.push(e.name));
    inf.start();
    store.create(key('c', 'x'), cm('c', 'x'));
    expect(seen).toEqual(['x']);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
    inf.stop();
  });
});

describe('ControllerManager', () => {
  it('subscribes nothing before start and leaves no hook, subscription, runnable or timer after stop', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      const manager = new ControllerManager(store);
      const seen: string[] = [];
      const c = manager.add(new Controller<string>({ name: 't', key: (s) => s, reconcile: () => ({ requeueAfterMs: 60_000 }) }));
      manager.onWrite((ev) => seen.push(`hook ${ev.name}`));
      manager.onAnyEvent((ev) => seen.push(`event ${ev.name}`));
      manager.informers.for('/configmaps').addHandler((ev) => c.enqueue(ev.name), { list: false });
      const runnable = { start: vi.fn(), stop: vi.fn(() => Promise.resolve()) };
      manager.addRunnable(runnable);
      const cmKey = (name: string) => ({ cluster: 'c', resource: '/configmaps', namespace: 'default', name });
      const cm = (name: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
      store.create(cmKey('before'), cm('before'));
      expect(seen).toEqual([]);
      expect(runnable.start).not.toHaveBeenCalled();
      manager.start();
      expect(runnable.start).toHaveBeenCalledOnce();
      store.create(cmKey('during'), cm('during'));
      expect(seen).toEqual(['hook during', 'event during']);
      await manager.idle();
      expect(c.stats()).toMatchObject({ adds: 1, delayed: 1 });
      await manager.stop();
      expect(runnable.stop).toHaveBeenCalledOnce();
      expect(c.stats().delayed).toBe(0);
      store.create(cmKey('after'), cm('after'));
      expect(seen).toEqual(['hook during', 'event during']);
      expect(store.watcherCount()).toBe(0);
    } finally {
      store.close();
    }
  });
});
