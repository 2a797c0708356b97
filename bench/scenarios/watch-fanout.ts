// Watch fan-out: 1,000 watchers across 100 workspaces; latency from a write until every watcher of that
// workspace has the event.
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'undici';
import { pool, startBenchDaemon } from '../lib/daemon.js';
import { nowMs, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

export const watchFanout: Scenario = {
  name: 'watch-fanout',
  description: 'write → every watcher has the event (1,000 watchers over 100 workspaces)',
  async run(ctx) {
    const d = await startBenchDaemon();
    const wsCount = ctx.quick ? 20 : 100;
    const perWs = 10;
    const agent = new Agent({ connect: { ca: d.ca }, connections: wsCount * perWs + 10 });
    const ac = new AbortController();
    // One signal ends every watch at once; each request listens on it.
    setMaxListeners(wsCount * perWs + 10, ac.signal);
    const pending = new Map<string, { left: number; done: () => void }>();
    const received: Array<Promise<void>> = [];
    try {
      await pool(wsCount, 16, async (i) => {
        await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
          apiVersion: 'tenancy.kcp.io/v1alpha1',
          kind: 'Workspace',
          metadata: { name: `wf${i}` },
        });
      });
      await new Promise((r) => setTimeout(r, 300));
      for (let w = 0; w < wsCount; w++) {
        for (let k = 0; k < perWs; k++) {
          const res = await request(`${d.url}/clusters/root:wf${w}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1`, {
            dispatcher: agent,
            headers: { authorization: `Bearer ${d.token}` },
            signal: ac.signal,
            bodyTimeout: 0,
          });
          received.push(
            (async () => {
              let buf = '';
              try {
                for await (const chunk of res.body) {
                  buf += chunk.toString();
                  let i;
                  while ((i = buf.indexOf('\n')) >= 0) {
                    const ev = JSON.parse(buf.slice(0, i)) as { object: { metadata: { name: string } } };
                    buf = buf.slice(i + 1);
                    const p = pending.get(ev.object.metadata.name);
                    if (p && --p.left === 0) p.done();
                  }
                }
              } catch {
                // aborted at the end
              }
            })(),
          );
        }
      }
      const rounds = ctx.quick ? 50 : 200;
      const lat: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const w = r % wsCount;
        const name = `e${r}`;
        const t0 = nowMs();
        const all = new Promise<void>((res) => pending.set(name, { left: perWs, done: res }));
        await d.call('POST', `/clusters/root:wf${w}/api/v1/namespaces/default/configmaps`, {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name },
        });
        await all;
        lat.push(nowMs() - t0);
      }
      const s = summarize(lat);
      const figs: Figure[] = [
        {
          name: `watch.fanout_${wsCount * perWs}_watchers`,
          value: s.p50,
          unit: 'ms',
          p50: s.p50,
          p99: s.p99,
          target: 'p99 < 50 ms',
          note: 'write → all watchers of that workspace',
        },
      ];
      return figs;
    } finally {
      ac.abort();
      await Promise.allSettled(received);
      await agent.close();
      await d.stop();
    }
  },
};
