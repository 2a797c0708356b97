// API throughput: configmap creates, GETs and updates per second with 32 concurrent clients spread over 100
// workspaces, on an in-memory and on a file-backed shard, and the latency of a LIST of 10,000 configmaps.
import { request } from 'undici';
import { pool, startBenchDaemon, type ApiClient, type BenchDaemon } from '../lib/daemon.js';
import { generatorNote, runThroughput, type Throughput } from '../lib/generator.js';
import { round, summarize, type Figure } from '../lib/stats.js';
import type { BenchContext, Scenario } from './types.js';

const cm = (name: string, v = '1') => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { v } });

export const throughput: Scenario = {
  name: 'throughput',
  description: 'configmap creates/GETs/updates per second (32 clients, 100 workspaces), in-memory and file-backed shards; LIST of 10,000',
  async run(ctx) {
    const figs: Figure[] = [];
    // `kcpx start --ephemeral` (CI, tests) keeps the shard in memory; a plain `kcpx start` writes it to disk.
    for (const storage of ['memory', 'file'] as const) {
      const d = await startBenchDaemon([], { ephemeral: storage === 'memory' });
      try {
        figs.push(...(await apiRates(d, ctx, storage)));
        if (storage === 'memory') figs.push(await listLatency(d, ctx.quick));
      } finally {
        await d.stop();
      }
    }
    return figs;
  },
};

/** Creates, GETs and updates per second; figures of the file-backed shard are named `api.file.…`. */
async function apiRates(d: BenchDaemon, ctx: BenchContext, storage: 'memory' | 'file'): Promise<Figure[]> {
  const quick = ctx.quick;
  const figs: Figure[] = [];
  const prefix = storage === 'memory' ? 'api' : 'api.file';
  const shard = storage === 'memory' ? 'in-memory shard (--ephemeral)' : 'file-backed shard';
  const wsCount = quick ? 20 : 100;
  await pool(wsCount, 16, async (i) => {
    await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name: `t${i}` },
    });
  });
  await new Promise((r) => setTimeout(r, 300));
  const sec = quick ? 2 : 5;
  const path = (w: number) => `/clusters/root:t${w}/api/v1/namespaces/default/configmaps`;
  const load = { url: d.url, token: d.token, connections: 32, durationSec: sec };
  const figure = (name: string, t: Throughput, target: string, lim: number | undefined): Figure => {
    const value = round(t.perSec, 0);
    return {
      name: `${prefix}.${name}`,
      value,
      unit: 'req/s',
      p50: t.latencyP50,
      p99: t.latencyP99,
      target,
      note: `${shard}; ${generatorNote(t)}`,
      ...limit(value, lim),
    };
  };
  const creates = await runThroughput({
    ...load,
    method: 'POST',
    expect: 201,
    items: (run) => Array.from({ length: wsCount }, (_, w) => ({ path: path(w), body: JSON.stringify(cm(`c${run}-{i}`)) })),
  });
  figs.push(figure('creates_per_sec', creates, '≥ 5000/s', ctx.limits.sqliteInsertsPerSec));
  const sample = await sampleObjects(
    d,
    Array.from({ length: wsCount }, (_, w) => path(w)),
    1000,
  );
  const reads = await runThroughput({ ...load, method: 'GET', expect: 200, items: sample.map((p) => ({ path: p })) });
  figs.push(figure('gets_per_sec', reads, '≥ 15000/s', ctx.limits.httpGetPerSec));
  const updates = await runThroughput({
    ...load,
    method: 'PUT',
    expect: 200,
    items: sample.map((p) => ({ path: p, body: JSON.stringify(cm(p.slice(p.lastIndexOf('/') + 1), '{i}')) })),
  });
  figs.push(figure('updates_per_sec', updates, '≥ 5000/s', ctx.limits.sqliteInsertsPerSec));
  return figs;
}

/** Latency of a LIST of 10,000 (quick: 2,000) configmaps, to the last byte of the response. */
async function listLatency(d: BenchDaemon, quick: boolean): Promise<Figure> {
  const n = quick ? 2000 : 10_000;
  await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name: 'big' },
  });
  await new Promise((r) => setTimeout(r, 100));
  await pool(n, 32, async (i) => {
    await d.call('POST', '/clusters/root:big/api/v1/namespaces/default/configmaps', cm(`l${i}`));
  });
  // The client's JSON parse (checked after) is not the server's.
  const times: number[] = [];
  const listPath = `${d.url}/clusters/root:big/api/v1/namespaces/default/configmaps`;
  for (let i = 0; i < (quick ? 5 : 20); i++) {
    const t0 = performance.now();
    const r = await request(listPath, { dispatcher: d.agent, headers: { authorization: `Bearer ${d.token}`, accept: 'application/json' } });
    const text = await r.body.text();
    times.push(performance.now() - t0);
    if ((JSON.parse(text) as { items: unknown[] }).items.length !== n) throw new Error('list returned the wrong count');
  }
  const s = summarize(times);
  return { name: `api.list_${n}_configmaps`, value: s.p50, unit: 'ms', p50: s.p50, p99: s.p99, target: '< 150 ms (10,000)' };
}

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
