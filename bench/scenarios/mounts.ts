// Mount proxy overhead: GET of the same object through a mounted workspace vs directly on the target.
import { readFileSync } from 'node:fs';
import { startBenchDaemon, type ApiClient } from '../lib/daemon.js';
import { round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

async function timeGets(c: ApiClient, path: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await c.call('GET', path);
    out.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return out;
}

export const mounts: Scenario = {
  name: 'mounts',
  description: 'GET latency through a mount vs direct',
  async run(ctx) {
    const a = await startBenchDaemon();
    const b = await startBenchDaemon();
    try {
      const kubeconfig = Buffer.from(readFileSync(b.kubeconfig)).toString('base64');
      await a.call('POST', '/clusters/root/api/v1/namespaces/default/secrets', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'target' },
        data: { kubeconfig },
      });
      await a.call('POST', '/clusters/root/apis/mounts.contrib.kcp.io/v1alpha1/kubeclusters', {
        apiVersion: 'mounts.contrib.kcp.io/v1alpha1',
        kind: 'KubeCluster',
        metadata: { name: 'target' },
        spec: { secretRef: { name: 'target', namespace: 'default' } },
      });
      await a.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name: 'b' },
        spec: { mount: { ref: { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: 'target' } } },
      });
      for (let i = 0; ; i++) {
        const w = await a.call('GET', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/b');
        if ((w.body as { status?: { phase?: string } }).status?.phase === 'Ready') break;
        if (i > 200) throw new Error('mount did not become Ready');
        await new Promise((r) => setTimeout(r, 50));
      }
      await b.call('POST', '/clusters/root/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
      });
      const n = ctx.quick ? 300 : 2000;
      await timeGets(b, '/clusters/root/api/v1/namespaces/default/configmaps/x', 50);
      await timeGets(a, '/clusters/root:b/api/v1/namespaces/default/configmaps/x', 50);
      const direct = summarize(await timeGets(b, '/clusters/root/api/v1/namespaces/default/configmaps/x', n));
      const viaMount = summarize(await timeGets(a, '/clusters/root:b/api/v1/namespaces/default/configmaps/x', n));
      const figs: Figure[] = [
        { name: 'mounts.get_direct', value: direct.p50, unit: 'ms', p50: direct.p50, p99: direct.p99 },
        { name: 'mounts.get_via_mount', value: viaMount.p50, unit: 'ms', p50: viaMount.p50, p99: viaMount.p99 },
        { name: 'mounts.added_latency_p50', value: round(viaMount.p50 - direct.p50, 3), unit: 'ms', target: '< 1 ms' },
      ];
      return figs;
    } finally {
      await a.stop();
      await b.stop();
    }
  },
};
