// API throughput: configmap creates, GETs and updates per second with 32 concurrent clients spread over 100
// workspaces, and the latency of a LIST of 10,000 configmaps.
import { request } from 'undici';
import { pool, startBenchDaemon, type ApiClient } from '../lib/daemon.js';
import { generatorNote, runThroughput } from '../lib/generator.js';
import { round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

const cm = (name: string, v = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } });

export const throughput: Scenario = {
  name: 'throughput',
  description: 'configmap creates/GETs/updates per second (32 clients, 100 workspaces); LIST of 10,000',
  async run(ctx) {
    const figs: Figure[] = [];
    const d = await startBenchDaemon();
    try {
      const wsCount = ctx.quick ? 20 : 100;
      await pool(wsCount, 16, async (i) => {
        await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: `t${i}` } });
      });
      await new Promise((r) => setTimeout(r, 300));
      const sec = ctx.quick ? 2 : 5;
      const path = (w: number) => `/clusters/root:t${w}/api/v1/namespaces/default/configmaps`;
      const load = { url: d.url, token: d.token, connections: 32, durationSec: sec };
      const creates = await runThroughput({
        ...load,
        method: 'POST',
        expect: 201,
        items: (run) => Array.from({ length: wsCount }, (_, w) => ({ path: path(w), body: JSON.stringify(cm(`c${run}-{i}`)) })),
      });
      const createRate = round(creates.perSec, 0);
      figs.push({ name: 'api.creates_per_sec', value: createRate, unit: 'req/s', p50: creates.latencyP50, p99: creates.latencyP99, target: '≥ 5000/s', note: generatorNote(creates), ...limit(createRate, ctx.limits.sqliteInsertsPerSec) });
      const sample = await sampleObjects(d, Array.from({ length: wsCount }, (_, w) => path(w)), 1000);
      const reads = await runThroughput({ ...load, method: 'GET', expect: 200, items: sample.map((p) => ({ path: p })) });
      const readRate = round(reads.perSec, 0);
      figs.push({ name: 'api.gets_per_sec', value: readRate, unit: 'req/s', p50: reads.latencyP50, p99: reads.latencyP99, target: '≥ 15000/s', note: generatorNote(reads), ...limit(readRate, ctx.limits.httpGetPerSec) });
      const updates = await runThroughput({
        ...load,
        method: 'PUT',
        expect: 200,
        items: sample.map((p) => ({ path: p, body: JSON.stringify(cm(p.slice(p.lastIndexOf('/') + 1), '{i}')) })),
      });
      const updateRate = round(updates.perSec, 0);
      figs.push({ name: 'api.updates_per_sec', value: updateRate, unit: 'req/s', p50: updates.latencyP50, p99: updates.latencyP99, target: '≥ 5000/s', note: generatorNote(updates), ...limit(updateRate, ctx.limits.sqliteInsertsPerSec) });

      const n = ctx.quick ? 2000 : 10_000;
      await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: 'big' } });
      await new Promise((r) => setTimeout(r, 100));
      await pool(n, 32, async (i) => {
        await d.call('POST', '/clusters/root:big/api/v1/namespaces/default/configmaps', cm(`l${i}`));
      });
      // Latency to the last byte of the response; the client's JSON parse (checked after) is not the server's.
      const times: number[] = [];
      const listPath = `${d.url}/clusters/root:big/api/v1/namespaces/default/configmaps`;
      for (let i = 0; i < (ctx.quick ? 5 : 20); i++) {
        const t0 = performance.now();
        const r = await request(listPath, { dispatcher: d.agent, headers: { authorization: `Bearer ${d.token}`, accept: 'application/json' } });
        const text = await r.body.text();
        times.push(performance.now() - t0);
        if ((JSON.parse(text) as { items: unknown[] }).items.length !== n) throw new Error('list returned the wrong count');
      }
      const s = summarize(times);
      figs.push({ name: `api.list_${n}_configmaps`, value: s.p50, unit: 'ms', p50: s.p50, p99: s.p99, target: '< 150 ms (10,000)' });
    } finally {
      await d.stop();
    }
    return figs;
  },
};

/** Up to `n` of the objects the create phase made, spread over the workspaces (read back: generator-independent). */
async function sampleObjects(c: ApiClient, collections: string[], n: number): Promise<string[]> {
  const all: string[] = [];
  for (const coll of collections) {
    const r = await c.call('GET', coll);
    if (r.status !== 200) throw new Error(`list ${coll}: ${r.status}`);
    for (const o of (r.body as { items: Array<{ metadata: { name: string } }> }).items) all.push(`${coll}/${o.metadata.name}`);
  }
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

function limit(value: number, lim: number | undefined): { limit?: number; ratio?: number } {
  return lim ? { limit: lim, ratio: round(value / lim, 2) } : {};
}
