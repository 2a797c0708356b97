// API throughput: configmap creates, GETs and updates per second with 32 concurrent clients spread over 100
// workspaces, and the latency of a LIST of 10,000 configmaps.
import { forDuration, pool, startBenchDaemon } from '../lib/daemon.js';
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
      const ms = ctx.quick ? 2000 : 5000;
      const path = (w: number) => `/clusters/root:t${w % wsCount}/api/v1/namespaces/default/configmaps`;
      const created: Array<[number, number]> = [];
      const creates = await forDuration(ms, 32, async (w, i) => {
        const r = await d.call('POST', path(w), cm(`c${w}-${i}`));
        if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
        created.push([w, i]);
      });
      const createRate = round(creates / (ms / 1000), 0);
      figs.push({ name: 'api.creates_per_sec', value: createRate, unit: 'req/s', target: '≥ 5000/s', ...limit(createRate, ctx.limits.sqliteInsertsPerSec) });
      const reads = await forDuration(ms, 32, async (w, i) => {
        const [cw, ci] = created[(w * 7919 + i) % created.length]!;
        const r = await d.call('GET', `${path(cw)}/c${cw}-${ci}`);
        if (r.status !== 200) throw new Error(`get: ${r.status}`);
      });
      const readRate = round(reads / (ms / 1000), 0);
      figs.push({ name: 'api.gets_per_sec', value: readRate, unit: 'req/s', target: '≥ 15000/s', ...limit(readRate, ctx.limits.httpGetPerSec) });
      const updates = await forDuration(ms, 32, async (w, i) => {
        const [cw, ci] = created[(w * 104729 + i) % created.length]!;
        const r = await d.call('PUT', `${path(cw)}/c${cw}-${ci}`, cm(`c${cw}-${ci}`, String(i)));
        if (r.status !== 200) throw new Error(`update: ${r.status}`);
      });
      const updateRate = round(updates / (ms / 1000), 0);
      figs.push({ name: 'api.updates_per_sec', value: updateRate, unit: 'req/s', target: '≥ 5000/s', ...limit(updateRate, ctx.limits.sqliteInsertsPerSec) });

      const n = ctx.quick ? 2000 : 10_000;
      await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: 'big' } });
      await new Promise((r) => setTimeout(r, 100));
      await pool(n, 32, async (i) => {
        await d.call('POST', '/clusters/root:big/api/v1/namespaces/default/configmaps', cm(`l${i}`));
      });
      const times: number[] = [];
      for (let i = 0; i < (ctx.quick ? 5 : 20); i++) {
        const t0 = performance.now();
        const r = await d.call('GET', '/clusters/root:big/api/v1/namespaces/default/configmaps');
        times.push(performance.now() - t0);
        if ((r.body as { items: unknown[] }).items.length !== n) throw new Error('list returned the wrong count');
      }
      const s = summarize(times);
      figs.push({ name: `api.list_${n}_configmaps`, value: s.p50, unit: 'ms', p50: s.p50, p99: s.p99, target: '< 150 ms (10,000)' });
    } finally {
      await d.stop();
    }
    return figs;
  },
};

function limit(value: number, lim: number | undefined): { limit?: number; ratio?: number } {
  return lim ? { limit: lim, ratio: round(value / lim, 2) } : {};
}
