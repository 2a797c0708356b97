// CRDs: create → Established, the first custom resource, and custom resource creates/s with schema
// validation (OpenAPI + CEL) on.
import { forDuration, startBenchDaemon } from '../lib/daemon.js';
import { nowMs, round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

const crd = (i: number) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets${i}.example.dev` },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: { plural: `widgets${i}`, kind: `Widget${i}` },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                'x-kubernetes-validations': [{ rule: 'self.replicas <= 10', message: 'at most 10 replicas' }],
                properties: { size: { type: 'string', enum: ['small', 'large'] }, replicas: { type: 'integer', minimum: 0, default: 1 } },
              },
            },
          },
        },
      },
    ],
  },
});

export const crds: Scenario = {
  name: 'crds',
  description: 'CRD create → Established, first CR, CR creates/s with validation',
  async run(ctx) {
    const d = await startBenchDaemon();
    try {
      const established: number[] = [];
      const firstCR: number[] = [];
      for (let i = 0; i < (ctx.quick ? 5 : 20); i++) {
        const t0 = nowMs();
        const r = await d.call('POST', '/clusters/root/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd(i));
        if (r.status !== 201) throw new Error(`CRD create: ${r.status} ${JSON.stringify(r.body)}`);
        for (;;) {
          const g = await d.call('GET', `/clusters/root/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets${i}.example.dev`);
          const conds = (g.body as { status?: { conditions?: Array<{ type: string; status: string }> } }).status?.conditions ?? [];
          if (conds.some((c) => c.type === 'Established' && c.status === 'True')) break;
        }
        established.push(nowMs() - t0);
        const t1 = nowMs();
        const cr = await d.call('POST', `/clusters/root/apis/example.dev/v1/namespaces/default/widgets${i}`, {
          apiVersion: 'example.dev/v1',
          kind: `Widget${i}`,
          metadata: { name: 'first' },
          spec: { size: 'small' },
        });
        if (cr.status !== 201) throw new Error(`first CR: ${cr.status} ${JSON.stringify(cr.body)}`);
        firstCR.push(nowMs() - t1);
      }
      const ms = ctx.quick ? 2000 : 5000;
      const n = await forDuration(ms, 32, async (w, i) => {
        const r = await d.call('POST', '/clusters/root/apis/example.dev/v1/namespaces/default/widgets0', {
          apiVersion: 'example.dev/v1',
          kind: 'Widget0',
          metadata: { name: `w${w}-${i}` },
          spec: { size: 'large', replicas: 3 },
        });
        if (r.status !== 201) throw new Error(`CR create: ${r.status}`);
      });
      const e = summarize(established);
      const f = summarize(firstCR);
      const figs: Figure[] = [
        { name: 'crds.create_to_established', value: e.p50, unit: 'ms', p50: e.p50, p99: e.p99, target: 'milliseconds' },
        { name: 'crds.first_cr_create', value: f.p50, unit: 'ms', p50: f.p50, p99: f.p99 },
        {
          name: 'crds.cr_creates_per_sec_validated',
          value: round(n / (ms / 1000), 0),
          unit: 'req/s',
          note: 'OpenAPI + CEL validation, defaulting, pruning',
        },
      ];
      return figs;
    } finally {
      await d.stop();
    }
  },
};
