// Admission: ConfigMap creates/s and per-create latency in four workspaces of one daemon, in the same run — one with
// no admission configuration (plain), one with a validating webhook served on loopback by this process, one with a
// ValidatingAdmissionPolicy, one with a ResourceQuota — so each cost reads against the plain rate beside it.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createPKI } from '../../daemon/auth/pki.js';
import { forDuration, startBenchDaemon, type BenchDaemon } from '../lib/daemon.js';
import { nowMs, round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

const ADM = '/apis/admissionregistration.k8s.io/v1';

async function workspace(d: BenchDaemon, name: string): Promise<string> {
  const r = await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name },
  });
  if (r.status !== 201) throw new Error(`workspace ${name}: ${r.status} ${JSON.stringify(r.body)}`);
  for (;;) {
    const g = await d.call('GET', `/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/${name}`);
    if ((g.body as { status?: { phase?: string } }).status?.phase === 'Ready') return `/clusters/root:${name}`;
  }
}

async function post(d: BenchDaemon, path: string, body: unknown): Promise<void> {
  const r = await d.call('POST', path, body);
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
}

async function loopbackWebhook(): Promise<{ server: https.Server; url: string; caBundle: string }> {
  const pki = await createPKI();
  const server = https.createServer({ key: pki.serving.key, cert: pki.serving.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const uid = (JSON.parse(body) as { request: { uid: string } }).request.uid;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid, allowed: true } }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `https://127.0.0.1:${port}/validate`, caBundle: Buffer.from(pki.ca.cert).toString('base64') };
}

const RULES = [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }];

export const admission: Scenario = {
  name: 'admission',
  description: 'ConfigMap creates/s and latency: plain vs a loopback webhook vs a ValidatingAdmissionPolicy vs a ResourceQuota',
  async run(ctx) {
    const d = await startBenchDaemon();
    const hook = await loopbackWebhook();
    try {
      const [plain, webhook, policy, quota] = await Promise.all(['plain', 'webhook', 'policy', 'quota'].map((n) => workspace(d, n)));
      await post(d, `${webhook}${ADM}/validatingwebhookconfigurations`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'bench' },
        webhooks: [
          {
            name: 'bench.example.dev',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Fail',
            clientConfig: { url: hook.url, caBundle: hook.caBundle },
            rules: RULES,
          },
        ],
      });
      await post(d, `${policy}${ADM}/validatingadmissionpolicies`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name: 'bench' },
        spec: {
          matchConstraints: { resourceRules: RULES },
          validations: [{ expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels", message: 'owner label' }],
        },
      });
      await post(d, `${policy}${ADM}/validatingadmissionpolicybindings`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: 'bench' },
        spec: { policyName: 'bench', validationActions: ['Deny'] },
      });
      await post(d, `${quota}/api/v1/namespaces/default/resourcequotas`, {
        apiVersion: 'v1',
        kind: 'ResourceQuota',
        metadata: { name: 'bench' },
        spec: { hard: { configmaps: '1000000' } },
      });
      const cm = (name: string) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, labels: { owner: 'bench' } },
        data: { a: 'b' },
      });
      const variants = { plain, webhook, policy, quota };
      const ms = ctx.quick ? 1500 : 4000;
      const sequential = ctx.quick ? 100 : 300;
      const names = Object.keys(variants) as Array<keyof typeof variants>;
      const pathOf = (v: keyof typeof variants) => `${variants[v]}/api/v1/namespaces/default/configmaps`;
      // warm every path (CEL, the webhook's connection) before measuring
      for (const v of names) await post(d, pathOf(v), cm(`warm-${v}`));
      // interleaved, so that the machine's drift (JIT, other load) falls on every variant alike
      const samples: Record<string, number[]> = Object.fromEntries(names.map((v) => [v, []]));
      for (let i = 0; i < sequential; i++) {
        for (const v of names) {
          const t0 = nowMs();
          await post(d, pathOf(v), cm(`seq-${i}`));
          samples[v]!.push(nowMs() - t0);
        }
      }
      const latency = Object.fromEntries(names.map((v) => [v, summarize(samples[v]!)]));
      const rounds = ctx.quick ? 2 : 4;
      const done: Record<string, number> = Object.fromEntries(names.map((v) => [v, 0]));
      for (let r = 0; r < rounds; r++) {
        for (const v of names) done[v]! += await forDuration(ms / rounds, 16, (w, i) => post(d, pathOf(v), cm(`c${r}-${w}-${i}`)));
      }
      const rate = Object.fromEntries(names.map((v) => [v, done[v]! / (ms / 1000)]));
      const figs: Figure[] = [];
      for (const v of Object.keys(variants)) {
        const fig: Figure = {
          name: `admission.configmap_creates_per_sec_${v}`,
          value: round(rate[v]!, 0),
          unit: 'req/s',
          p50: latency[v]!.p50,
          p99: latency[v]!.p99,
        };
        if (v !== 'plain') {
          fig.note = `${round((1 - rate[v]! / rate['plain']!) * 100, 1)} % below plain; +${round(latency[v]!.p50 - latency['plain']!.p50, 2)} ms p50`;
          fig.target = v === 'webhook' ? '≤ 2 ms p50 added' : '≤ 15 % below plain';
        }
        figs.push(fig);
      }
      return figs;
    } finally {
      hook.server.closeAllConnections();
      hook.server.close();
      await d.stop();
    }
  },
};
