// Metrics cardinality: /metrics series count with no workspaces and with many.
import { pool, startBenchDaemon, type ApiClient } from '../lib/daemon.js';
import type { Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

async function series(d: ApiClient): Promise<number> {
  const { request } = await import('undici');
  const r = await request(`${d.url}/metrics`, { dispatcher: d.agent, headers: { authorization: `Bearer ${d.token}` } });
  const text = await r.body.text();
  return text.split('\n').filter((l) => l && !l.startsWith('#')).length;
}

export const metricsCardinality: Scenario = {
  name: 'metrics',
  description: '/metrics series at 0 and many workspaces',
  async run(ctx) {
    const d = await startBenchDaemon();
    try {
      const before = await series(d);
      const n = ctx.quick ? 1000 : 10_000;
      await pool(n, 32, async (i) => {
        await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
          apiVersion: 'tenancy.kcp.io/v1alpha1',
          kind: 'Workspace',
          metadata: { name: `x${i}` },
        });
      });
      await pool(200, 16, async (i) => {
        await d.call('GET', `/clusters/root:x${i}/api/v1/namespaces/default/configmaps`);
      });
      const after = await series(d);
      const figs: Figure[] = [
        { name: 'metrics.series_0_workspaces', value: before, unit: 'series', target: '≤ 3000' },
        { name: `metrics.series_${n}_workspaces`, value: after, unit: 'series', target: '≤ 3000, flat (kcp: 25k → 160k)' },
      ];
      return figs;
    } finally {
      await d.stop();
    }
  },
};
