// Workspace churn: flat creation under root and a tree, create→Ready latency observed on a watch, the
// sustained rate, and the time to delete the whole tree.
import { Agent, request } from 'undici';
import { clientFromKubeconfig, pool, startBenchDaemon, type ApiClient } from '../lib/daemon.js';
import { nowMs, round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';
import { runLoad, type LoadResult } from '../lib/load.js';

const WS = '/apis/tenancy.kcp.io/v1alpha1/workspaces';

/** Streams a watch and resolves per-name promises when a workspace reports phase Ready. */
async function readyWatcher(c: ApiClient, cluster: string) {
  const list = await c.call('GET', `/clusters/${cluster}${WS}`);
  const rv = (list.body as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  const readyAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const agent = new Agent({ connect: { ca: c.ca } });
  const ac = new AbortController();
  const res = await request(`${c.url}/clusters/${cluster}${WS}?watch=true&resourceVersion=${rv}`, {
    dispatcher: agent,
    headers: { authorization: `Bearer ${c.token}` },
    signal: ac.signal,
    bodyTimeout: 0,
  });
  let buf = '';
  const pump = (async () => {
    try {
      for await (const chunk of res.body) {
        buf += chunk.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          const ev = JSON.parse(line) as { object: { metadata: { name: string }; status?: { phase?: string } } };
          if (ev.object.status?.phase === 'Ready' && !readyAt.has(ev.object.metadata.name)) {
            readyAt.set(ev.object.metadata.name, nowMs());
            waiters.get(ev.object.metadata.name)?.();
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    readyAt,
    wait(name: string): Promise<void> {
      if (readyAt.has(name)) return Promise.resolve();
      return new Promise((r) => waiters.set(name, r));
    },
    async close() {
      ac.abort();
      await pump;
      await agent.close();
    },
  };
}

async function createFlat(c: ApiClient, cluster: string, names: string[], concurrency = 32) {
  const w = await readyWatcher(c, cluster);
  const sent = new Map<string, number>();
  await pool(names.length, concurrency, async (i) => {
    const name = names[i]!;
    sent.set(name, nowMs());
    const r = await c.call('POST', `/clusters/${cluster}${WS}`, {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name },
    });
    if (r.status !== 201) throw new Error(`create ${cluster}:${name}: ${r.status} ${JSON.stringify(r.body)}`);
    await w.wait(name);
  });
  const lat = names.map((n) => w.readyAt.get(n)! - sent.get(n)!);
  await w.close();
  return { lat };
}

export const workspaces: Scenario = {
  name: 'workspaces',
  description: 'workspace create→Ready latency and rate (flat and tree), recursive deletion',
  async run(ctx) {
    const figs: Figure[] = [];
    const d = await startBenchDaemon();
    try {
      // Latency on an idle daemon: one creator, create→Ready seen on a watch. The first creates after start-up pay
      // for JIT compilation and for the modules the daemon loads in the background once it serves (up to ~100 ms):
      // they are reported on their own, and the steady-state figure starts after them.
      {
        const { lat: cold } = await createFlat(
          d,
          'root',
          Array.from({ length: 20 }, (_, i) => `warm-${i}`),
          1,
        );
        figs.push({
          name: 'workspaces.first_create_after_start',
          value: round(cold[0]!),
          unit: 'ms',
          note: `slowest of the first 20: ${round(Math.max(...cold))} ms`,
        });
        const names = Array.from({ length: ctx.quick ? 100 : 300 }, (_, i) => `idle-${i}`);
        const { lat } = await createFlat(d, 'root', names, 1);
        const s = summarize(lat);
        figs.push({
          name: 'workspaces.create_to_ready_idle',
          value: s.p50,
          unit: 'ms',
          p50: s.p50,
          p99: s.p99,
          target: 'p99 ≤ 10 ms',
          note: 'after the first 20',
        });
      }
      // Sustained rate: 32 creators from a separate process. A workspace is Ready before its create call is
      // answered, so the response time under load is create→Ready; the count of Ready workspaces is checked after.
      for (const n of ctx.quick ? [1000] : [1000, 10_000]) {
        const r = await runLoad({
          url: d.url,
          token: d.token,
          method: 'POST',
          expect: 201,
          connections: 32,
          durationSec: 0,
          amount: n,
          items: [
            {
              path: `/clusters/root${WS}`,
              body: JSON.stringify({ apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: `f${n}-{i}` } }),
            },
          ],
        });
        // First request to last response, measured by the generator (its start-up is not the daemon's time).
        const flatSeconds = r.activeSeconds;
        const list = await d.call('GET', `/clusters/root${WS}?labelSelector=${encodeURIComponent('tenancy.kcp.io/phase=Ready')}`);
        const ready = (list.body as { items: Array<{ metadata: { name: string } }> }).items.filter((w) =>
          w.metadata.name.startsWith(`f${n}-`),
        ).length;
        if (ready !== n) throw new Error(`${ready} of ${n} workspaces are Ready`);
        figs.push({ name: `workspaces.flat_${n}.rate`, value: round(n / flatSeconds, 0), unit: 'workspaces/s', target: '≥ 1000/s' });
        figs.push({
          name: `workspaces.flat_${n}.create_to_ready_32_creators`,
          value: r.latencyP50,
          unit: 'ms',
          p50: r.latencyP50,
          p99: r.latencyP99,
          note: 'response time under load; Ready before the response',
        });
      }
      const [depth, fanout] = ctx.quick ? [3, 4] : [5, 7];
      await createFlat(d, 'root', ['tree']);
      // Level by level, each from 32 connections of the external load generator, like the flat rate: every
      // create is answered once its workspace is Ready, and the whole tree is checked Ready at the end.
      let level = ['root:tree'];
      let count = 0;
      const levels: LoadResult[] = [];
      // The levels' loaded time: first request to last response of each level, summed (between levels the
      // generator restarts; that start-up is the benchmark's, not the daemon's).
      let seconds = 0;
      for (let l = 0; l < depth; l++) {
        const items = level.flatMap((parent) =>
          Array.from({ length: fanout }, (_, j) => ({
            path: `/clusters/${parent}${WS}`,
            body: JSON.stringify({ apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: `n${j}` } }),
          })),
        );
        const r = await runLoad({
          url: d.url,
          token: d.token,
          method: 'POST',
          expect: 201,
          connections: 32,
          durationSec: 0,
          amount: items.length,
          items,
        });
        levels.push(r);
        seconds += r.activeSeconds;
        level = level.flatMap((parent) => Array.from({ length: fanout }, (_, j) => `${parent}:n${j}`));
        count += level.length;
      }
      // Cross-workspace lists are for system:masters (kcp's shard-admin), not kcp-admin.
      const shardAdmin = clientFromKubeconfig(d.kubeconfig, 1, 'shard-admin');
      const all = await shardAdmin.call('GET', `/clusters/*${WS}?labelSelector=${encodeURIComponent('tenancy.kcp.io/phase=Ready')}`);
      await shardAdmin.agent.close();
      const treeReady = (all.body as { items: Array<{ metadata: { name: string } }> }).items.filter((w) =>
        /^n\d+$/.test(w.metadata.name),
      ).length;
      if (treeReady !== count) throw new Error(`${treeReady} of ${count} tree workspaces are Ready`);
      figs.push({
        name: `workspaces.tree_d${depth}_f${fanout}.rate`,
        value: round(count / seconds, 0),
        unit: 'workspaces/s',
        target: '≥ 1000/s',
        note: `${count} workspaces, level by level`,
      });
      figs.push({
        name: `workspaces.tree_d${depth}_f${fanout}.create_to_ready_32_creators`,
        value: levels.at(-1)!.latencyP50,
        unit: 'ms',
        p50: levels.at(-1)!.latencyP50,
        p99: Math.max(...levels.map((r) => r.latencyP99)),
        note: 'deepest level p50; worst level p99',
      });
      const del0 = nowMs();
      const r = await d.call('DELETE', `/clusters/root${WS}/tree`);
      if (r.status !== 200) throw new Error(`delete tree: ${r.status}`);
      for (;;) {
        const g = await d.call('GET', `/clusters/root${WS}/tree`);
        if (g.status === 404) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      figs.push({ name: `workspaces.delete_tree_${count + 1}`, value: round(nowMs() - del0), unit: 'ms', target: '10,000 in ≤ 10 s' });
      const gone = await d.call('GET', `/clusters/root:tree:n0/api/v1/namespaces`);
      if (gone.status < 400) throw new Error('deleted workspace still routes');
    } finally {
      await d.stop();
    }
    return figs;
  },
};
