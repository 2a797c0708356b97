// Memory per idle workspace: daemon RSS after 0, 1,000 and 10,000 (and 100,000 in full mode) workspaces.
import { pool, startBenchDaemon } from '../lib/daemon.js';
import { round, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

export const memory: Scenario = {
  name: 'memory',
  description: 'RSS per idle workspace',
  async run(ctx) {
    const figs: Figure[] = [];
    // File-backed, as users run it: an --ephemeral daemon keeps its whole database in memory, which would count
    // the stored objects themselves rather than what each idle workspace costs the process.
    const d = await startBenchDaemon([], { ephemeral: false });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const base = d.rssKiB();
      figs.push({ name: 'memory.rss_0_workspaces', value: round(base / 1024, 1), unit: 'MiB' });
      let created = 0;
      for (const n of ctx.quick ? [1000, 5000] : [1000, 10_000, 100_000]) {
        await pool(n - created, 32, async (i) => {
          const r = await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
            apiVersion: 'tenancy.kcp.io/v1alpha1',
            kind: 'Workspace',
            metadata: { name: `m${created + i}` },
          });
          if (r.status !== 201) throw new Error(`create: ${r.status}`);
        });
        created = n;
        await new Promise((r) => setTimeout(r, 1000));
        const rss = d.rssKiB();
        figs.push({ name: `memory.rss_${n}_workspaces`, value: round(rss / 1024, 1), unit: 'MiB' });
        figs.push({
          name: `memory.per_workspace_at_${n}`,
          value: round((rss - base) / n, 2),
          unit: 'KiB',
          target: '≤ 10 KiB (kcp: 7.4–9.8 MiB)',
        });
      }
    } finally {
      await d.stop();
    }
    return figs;
  },
};
