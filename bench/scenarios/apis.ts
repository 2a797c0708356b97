// APIs as a service: APIBinding create → Bound, creates/s of a bound resource against a local CRD of the same
// schema in the same run, the APIExport virtual workspace's wildcard LIST of 10,000 objects across 100 workspaces,
// and write → event latency of a watch through the virtual workspace.
import { setMaxListeners } from 'node:events';
import { request } from 'undici';
import { forDuration, pool, startBenchDaemon, type BenchDaemon } from '../lib/daemon.js';
import { nowMs, round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

const GROUP = 'example.dev';
// The schema of crds.ts: OpenAPI with an enum, a default and a CEL rule, so both sides validate the same way.
const SCHEMA = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['size'],
      'x-kubernetes-validations': [{ rule: 'self.replicas <= 10', message: 'at most 10 replicas' }],
      properties: { size: { type: 'string', enum: ['small', 'large'] }, replicas: { type: 'integer', minimum: 0, default: 1 } },
    },
  },
};
const NAMES = { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' };
const widget = (name: string) => ({ apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name }, spec: { size: 'large', replicas: 3 } });
const widgets = (ws: string) => `/clusters/${ws}/apis/${GROUP}/v1/namespaces/default/widgets`;

async function post(d: BenchDaemon, path: string, body: unknown): Promise<unknown> {
  const r = await d.call('POST', path, body);
  if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function workspace(d: BenchDaemon, name: string): Promise<string> {
  await post(d, '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
    apiVersion: 'tenancy.kcp.io/v1alpha1',
    kind: 'Workspace',
    metadata: { name },
  });
  for (;;) {
    const g = await d.call('GET', `/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/${name}`);
    const ws = g.body as { spec?: { cluster?: string }; status?: { phase?: string } };
    if (ws.status?.phase === 'Ready') return ws.spec!.cluster!;
  }
}

/** Waits until a path answers 200 (a bound or CRD resource being served). */
async function served(d: BenchDaemon, path: string): Promise<void> {
  while ((await d.call('GET', path)).status !== 200);
}

export const apis: Scenario = {
  name: 'apis',
  description: 'APIBinding → Bound, bound vs CRD creates/s, virtual workspace wildcard LIST and watch',
  async run(ctx) {
    const d = await startBenchDaemon();
    const consumers = ctx.quick ? 20 : 100;
    const perConsumer = 100;
    const ac = new AbortController();
    setMaxListeners(4, ac.signal);
    let watching: Promise<void> | undefined;
    try {
      // The provider exports widgets.
      const provider = await workspace(d, 'provider');
      await post(d, '/clusters/root:provider/apis/apis.kcp.io/v1alpha1/apiresourceschemas', {
        apiVersion: 'apis.kcp.io/v1alpha1',
        kind: 'APIResourceSchema',
        metadata: { name: `v1.widgets.${GROUP}` },
        spec: { group: GROUP, names: NAMES, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: SCHEMA }] },
      });
      await post(d, '/clusters/root:provider/apis/apis.kcp.io/v1alpha2/apiexports', {
        apiVersion: 'apis.kcp.io/v1alpha2',
        kind: 'APIExport',
        metadata: { name: 'widgets' },
        spec: { resources: [{ name: 'widgets', group: GROUP, schema: `v1.widgets.${GROUP}`, storage: { crd: {} } }] },
      });

      // Consumers bind it: create → Bound.
      await pool(consumers, 8, (i) => workspace(d, `consumer${i}`).then(() => undefined));
      const bound: number[] = [];
      for (let i = 0; i < consumers; i++) {
        const t0 = nowMs();
        await post(d, `/clusters/root:consumer${i}/apis/apis.kcp.io/v1alpha2/apibindings`, {
          apiVersion: 'apis.kcp.io/v1alpha2',
          kind: 'APIBinding',
          metadata: { name: 'widgets' },
          spec: { reference: { export: { path: 'root:provider', name: 'widgets' } } },
        });
        for (;;) {
          const g = await d.call('GET', `/clusters/root:consumer${i}/apis/apis.kcp.io/v1alpha2/apibindings/widgets`);
          if ((g.body as { status?: { phase?: string } }).status?.phase === 'Bound') break;
        }
        bound.push(nowMs() - t0);
      }

      // 100 objects in every consumer: what the virtual workspace lists.
      await pool(consumers * perConsumer, 32, (k) =>
        post(d, widgets(`root:consumer${k % consumers}`), widget(`w${k}`)).then(() => undefined),
      );
      const vw = `/services/apiexport/${provider}/widgets/clusters/*/apis/${GROUP}/v1/widgets`;
      const lists: number[] = [];
      let items = 0;
      let listRV = '';
      for (let r = 0; r < (ctx.quick ? 5 : 20); r++) {
        const t0 = nowMs();
        const l = await d.call('GET', vw);
        if (l.status !== 200) throw new Error(`virtual workspace LIST: ${l.status} ${JSON.stringify(l.body)}`);
        lists.push(nowMs() - t0);
        const list = l.body as { items: unknown[]; metadata: { resourceVersion: string } };
        items = list.items.length;
        listRV = list.metadata.resourceVersion;
      }

      // Watch through the virtual workspace: write in a consumer → the event at the provider's watch.
      const pending = new Map<string, () => void>();
      // From the list's resourceVersion, as an informer does: only what happens next comes.
      const res = await request(`${d.url}${vw}?watch=true&resourceVersion=${listRV}`, {
        dispatcher: d.agent,
        headers: { authorization: `Bearer ${d.token}` },
        signal: ac.signal,
        bodyTimeout: 0,
      });
      if (res.statusCode !== 200) throw new Error(`virtual workspace WATCH: ${res.statusCode}`);
      watching = (async () => {
        let buf = '';
        try {
          for await (const chunk of res.body) {
            buf += chunk.toString();
            let i;
            while ((i = buf.indexOf('\n')) >= 0) {
              const ev = JSON.parse(buf.slice(0, i)) as { object: { metadata: { name: string } } };
              buf = buf.slice(i + 1);
              pending.get(ev.object.metadata.name)?.();
            }
          }
        } catch {
          // aborted at the end
        }
      })();
      const lat: number[] = [];
      for (let r = 0; r < (ctx.quick ? 50 : 200); r++) {
        const name = `watched${r}`;
        const t0 = nowMs();
        const seen = new Promise<void>((ok) => pending.set(name, ok));
        await post(d, widgets(`root:consumer${r % consumers}`), widget(name));
        await seen;
        lat.push(nowMs() - t0);
      }

      // Creates/s: the bound resource against a CRD of the same schema in a workspace of its own. Both are warmed
      // up first, then measured in alternating slices, so neither gets the JIT's cold start or a busier moment of
      // the machine alone.
      await workspace(d, 'local');
      await post(d, '/clusters/root:local/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `widgets.${GROUP}` },
        spec: {
          group: GROUP,
          scope: 'Namespaced',
          names: NAMES,
          versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: SCHEMA } }],
        },
      });
      await served(d, widgets('root:local'));
      const burst = (ws: string, ms: number) =>
        forDuration(ms, 32, async (w, i) => void (await post(d, widgets(ws), widget(`rate-${nowMs()}-${w}-${i}`))));
      await burst('root:consumer0', 1000);
      await burst('root:local', 1000);
      const slices = ctx.quick ? 4 : 10;
      const slice = 500;
      let boundCount = 0;
      let crdCount = 0;
      for (let r = 0; r < slices; r++) {
        // Alternating which goes first, too.
        if (r % 2) boundCount += await burst('root:consumer0', slice);
        crdCount += await burst('root:local', slice);
        if (!(r % 2)) boundCount += await burst('root:consumer0', slice);
      }
      const boundRate = boundCount / ((slices * slice) / 1000);
      const crdRate = crdCount / ((slices * slice) / 1000);

      const b = summarize(bound);
      const l = summarize(lists);
      const w = summarize(lat);
      const figs: Figure[] = [
        {
          name: 'apis.binding_to_bound',
          value: b.p50,
          unit: 'ms',
          p50: b.p50,
          p99: b.p99,
          target: '≤ 20 ms',
          note: `${consumers} bindings`,
        },
        {
          name: 'apis.bound_creates_per_sec',
          value: round(boundRate, 0),
          unit: 'req/s',
          note: 'same schema as the CRD: OpenAPI + CEL, defaulting',
        },
        { name: 'apis.crd_creates_per_sec', value: round(crdRate, 0), unit: 'req/s', note: 'the local CRD, same run' },
        { name: 'apis.bound_vs_crd_creates', value: round((boundRate / crdRate) * 100, 0), unit: '%', target: '≥ 80 %' },
        {
          name: `apis.vw_wildcard_list_${items}`,
          value: l.p50,
          unit: 'ms',
          p50: l.p50,
          p99: l.p99,
          target: '< 200 ms',
          note: `${items} objects across ${consumers} workspaces`,
        },
        {
          name: 'apis.vw_watch_event',
          value: w.p50,
          unit: 'ms',
          p50: w.p50,
          p99: w.p99,
          target: 'p99 < 50 ms',
          note: 'write in a consumer → event on the wildcard watch',
        },
      ];
      return figs;
    } finally {
      ac.abort();
      await watching;
      await d.stop();
    }
  },
};
