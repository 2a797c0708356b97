import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import type { ApiRequest } from '../endpoints/api-handler.js';
import type { Answer } from '../endpoints/respond.js';
import { pathNotFound } from '../apimachinery/status.js';
import { AggregatingHandler, discoveryVersion, mergeGroups } from './aggregating-handler.js';
import { reconcileAvailability, setCondition, URL_ANNOTATION, type AvailabilityDeps } from './availability.js';
import { AUTOMANAGED, localAPIService, reconcileLocalAPIServices, type GroupVersion, type LocalDeps } from './local.js';
import { AggregatedRoutes, type Route } from './routes.js';
import type { Upstream } from './upstream.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('Local APIServices', () => {
  function fake(gvs: GroupVersion[], stored: KObject[]): LocalDeps & { objects: Map<string, KObject> } {
    const objects = new Map(stored.map((o) => [o.metadata.name!, o]));
    return {
      objects,
      now: () => now,
      groupVersions: () => gvs,
      list: () => [...objects.values()],
      create: (_c, o) => void objects.set(o.metadata.name!, o),
      delete: (_c, n) => void objects.delete(n),
      transaction: (fn) => fn(),
    };
  }

  it('are made for what the cluster serves, with kube’s priorities, available from the start', () => {
    const deps = fake(
      [
        { group: '', version: 'v1' },
        { group: 'coordination.k8s.io', version: 'v1' },
        { group: 'x.dev', version: 'v2', custom: true },
      ],
      [],
    );
    expect(reconcileLocalAPIServices(deps, 'root').created).toEqual(['v1.', 'v1.coordination.k8s.io', 'v2.x.dev']);
    expect(deps.objects.get('v1.coordination.k8s.io')!['spec']).toEqual({
      group: 'coordination.k8s.io',
      version: 'v1',
      groupPriorityMinimum: 16500,
      versionPriority: 15,
    });
    expect(deps.objects.get('v2.x.dev')!.metadata.labels).toEqual({ [AUTOMANAGED]: 'true' });
    expect(deps.objects.get('v1.')!['status']).toEqual({
      conditions: [
        {
          type: 'Available',
          status: 'True',
          lastTransitionTime: '2026-01-01T00:00:00Z',
          reason: 'Local',
          message: 'Local APIServices are always available',
        },
      ],
    });
  });

  it('go with their group/version, but a user’s APIService stays', () => {
    const user: KObject = { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1.mine.dev' }, spec: {} };
    const deps = fake(
      [{ group: '', version: 'v1' }],
      [localAPIService({ group: '', version: 'v1' }, now), localAPIService({ group: 'x.dev', version: 'v2', custom: true }, now), user],
    );
    expect(reconcileLocalAPIServices(deps, 'root')).toEqual({ created: [], deleted: ['v2.x.dev'] });
    expect([...deps.objects.keys()]).toEqual(['v1.', 'v1.mine.dev']);
  });
});

/** An extension server's connection answering discovery with `answer`. */
const upstream = (answer: () => Promise<{ status: number; body: string }>): Upstream =>
  ({ url: 'https://ext.test', get: answer, forward: () => Promise.resolve(), close: () => Promise.resolve() }) as unknown as Upstream;

const apiService = (annotations: Record<string, string> = {}): KObject => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata: { name: 'v1.ext.dev', resourceVersion: '3', annotations },
  spec: {
    group: 'ext.dev',
    version: 'v1',
    groupPriorityMinimum: 1000,
    versionPriority: 15,
    service: { namespace: 'default', name: 'ext', port: 443 },
  },
});

function availability(obj: KObject | undefined, answer: () => Promise<{ status: number; body: string }>) {
  const routes = new AggregatedRoutes();
  let stored = obj;
  const released: string[] = [];
  const opened: Array<Record<string, unknown>> = [];
  const deps: AvailabilityDeps = {
    now: () => now,
    get: () => structuredClone(stored),
    updateStatus: (_c, o) => {
      stored = o;
      return true;
    },
    upstream: (_c, _n, o) => {
      opened.push(o);
      return Promise.resolve(upstream(answer));
    },
    release: (_c, n) => void released.push(n),
    routes,
  };
  return { deps, routes, released, opened, stored: () => stored };
}

const conditionOf = (o: KObject | undefined) => (o?.['status'] as { conditions: Array<Record<string, string>> }).conditions[0];
const list = JSON.stringify({ resources: [{ name: 'widgets', namespaced: true, kind: 'Widget', verbs: ['get', 'list'] }] });

describe('reconcileAvailability', () => {
  it('is available once the server answers its discovery, and routes to it', async () => {
    const a = availability(apiService({ [URL_ANNOTATION]: 'https://127.0.0.1:1' }), () => Promise.resolve({ status: 200, body: list }));
    const out = await reconcileAvailability(a.deps, 'root', 'v1.ext.dev');
    expect(out.available).toMatchObject({ status: 'True', reason: 'Passed', message: 'all checks passed' });
    expect(conditionOf(a.stored())).toMatchObject({ type: 'Available', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
    expect(a.opened[0]).toEqual({ url: 'https://127.0.0.1:1', serverName: 'ext.default.svc', insecure: false });
    expect(a.routes.available('root').map((r) => r.resources?.[0]?.name)).toEqual(['widgets']);
  });

  it('says why not: no resolvable service, a bad status, no answer', async () => {
    const none = availability(apiService(), () => Promise.reject(new Error('unused')));
    expect((await reconcileAvailability(none.deps, 'root', 'v1.ext.dev')).available).toMatchObject({
      status: 'False',
      reason: 'ServiceNotFound',
      message: 'service/ext in "default" is not present',
    });
    const bad = availability(apiService({ [URL_ANNOTATION]: 'https://h' }), () => Promise.resolve({ status: 503, body: '' }));
    expect((await reconcileAvailability(bad.deps, 'root', 'v1.ext.dev')).available?.message).toBe(
      'failing or missing response from https://ext.test/apis/ext.dev/v1: bad status from https://ext.test/apis/ext.dev/v1: 503',
    );
    const down = availability(apiService({ [URL_ANNOTATION]: 'https://h' }), () => Promise.reject(new Error('connect ECONNREFUSED')));
    const out = await reconcileAvailability(down.deps, 'root', 'v1.ext.dev');
    expect(out.available).toMatchObject({
      reason: 'FailedDiscoveryCheck',
      message: 'failing or missing response from https://ext.test/apis/ext.dev/v1: connect ECONNREFUSED',
    });
    expect(down.routes.available('root')).toEqual([]);
    expect(down.routes.lookup('root', 'ext.dev', 'v1')).toBeDefined();
  });

  it('drops the route of a deleted APIService', async () => {
    const a = availability(apiService({ [URL_ANNOTATION]: 'https://h' }), () => Promise.resolve({ status: 200, body: list }));
    await reconcileAvailability(a.deps, 'root', 'v1.ext.dev');
    a.deps.get = () => undefined;
    await reconcileAvailability(a.deps, 'root', 'v1.ext.dev');
    expect(a.routes.hasCluster('root')).toBe(false);
    expect(a.released).toEqual(['v1.ext.dev']);
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const o = apiService();
    expect(setCondition(o, { type: 'Available', status: 'False', reason: 'A', message: 'm' }, now)).toBe(true);
    expect(setCondition(o, { type: 'Available', status: 'False', reason: 'A', message: 'm' }, new Date('2027-01-01T00:00:00Z'))).toBe(
      false,
    );
    setCondition(o, { type: 'Available', status: 'False', reason: 'B', message: 'm' }, new Date('2027-01-01T00:00:00Z'));
    expect(conditionOf(o)!['lastTransitionTime']).toBe('2026-01-01T00:00:00Z');
  });
});

const route: Route = {
  name: 'v1.ext.dev',
  group: 'ext.dev',
  version: 'v1',
  groupPriorityMinimum: 1000,
  versionPriority: 15,
  resources: [
    { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['list', 'get'], shortNames: ['wd'] },
    { name: 'widgets/status', namespaced: true, kind: 'Widget', verbs: ['get'] },
  ],
};

describe('the discovery merge', () => {
  it('adds aggregated groups to an APIGroupList', () => {
    const answer: Answer = {
      status: 200,
      body: {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: [{ name: 'a.dev', versions: [{ groupVersion: 'a.dev/v1', version: 'v1' }] }],
      },
    };
    const merged = mergeGroups(answer, [route])!.body as { groups: Array<{ name: string; preferredVersion: unknown }> };
    expect(merged.groups.map((g) => g.name)).toEqual(['a.dev', 'ext.dev']);
    expect(merged.groups[1]!.preferredVersion).toEqual({ groupVersion: 'ext.dev/v1', version: 'v1' });
    // The inner answer (which may be cached) is left as it was.
    expect((answer.body as { groups: unknown[] }).groups).toHaveLength(1);
  });

  it('turns a resource list into aggregated discovery, subresources nested', () => {
    expect(discoveryVersion(route)).toEqual({
      version: 'v1',
      freshness: 'Current',
      resources: [
        {
          resource: 'widgets',
          responseKind: { group: 'ext.dev', version: 'v1', kind: 'Widget' },
          scope: 'Namespaced',
          singularResource: 'widget',
          verbs: ['get', 'list'],
          shortNames: ['wd'],
          subresources: [{ subresource: 'status', responseKind: { group: 'ext.dev', version: 'v1', kind: 'Widget' }, verbs: ['get'] }],
        },
      ],
    });
  });
});

describe('AggregatingHandler', () => {
  const req = (path: string): ApiRequest => ({
    method: 'GET',
    cluster: 'root',
    path,
    query: new URLSearchParams('limit=5'),
    headers: {},
    user: { username: 'u', groups: [] },
  });
  const res = {} as ServerResponse;

  it('proxies an aggregated group/version and passes everything else through', async () => {
    const routes = new AggregatedRoutes();
    const forwarded: string[] = [];
    const up = {
      url: 'https://ext',
      forward: (_r: unknown, _s: unknown, _u: unknown, path: string) => void forwarded.push(path),
    } as unknown as Upstream;
    routes.set('root', { ...route, upstream: up });
    const inner = { serve: (r: ApiRequest) => Promise.resolve<Answer>({ status: 200, body: { path: r.path } }) };
    const h = new AggregatingHandler(inner, routes);
    expect(await h.serve(req('/apis/ext.dev/v1/namespaces/d/widgets'), res)).toBeUndefined();
    expect(await h.serve(req('/openapi/v3/apis/ext.dev/v1'), res)).toBeUndefined();
    expect(forwarded).toEqual(['/apis/ext.dev/v1/namespaces/d/widgets?limit=5', '/openapi/v3/apis/ext.dev/v1']);
    expect((await h.serve(req('/api/v1/configmaps'), res))?.body).toEqual({ path: '/api/v1/configmaps' });
    const other = new AggregatingHandler(inner, new AggregatedRoutes());
    expect((await other.serve(req('/apis/ext.dev/v1/widgets'), res))?.body).toEqual({ path: '/apis/ext.dev/v1/widgets' });
  });

  it('answers 503 for a group/version whose server is not available, and serves its group document', async () => {
    const routes = new AggregatedRoutes();
    routes.set('root', { ...route, resources: undefined });
    routes.set('root', { ...route, name: 'v2.ext.dev', version: 'v2', versionPriority: 20, upstream: {} as Upstream });
    const inner = { serve: () => Promise.reject(pathNotFound()) };
    const h = new AggregatingHandler(inner, routes);
    await expect(h.serve(req('/apis/ext.dev/v1/widgets'), res)).rejects.toMatchObject({
      status: { code: 503, message: 'service unavailable' },
    });
    expect((await h.serve(req('/apis/ext.dev'), res))?.body).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'ext.dev',
      versions: [{ groupVersion: 'ext.dev/v2', version: 'v2' }],
      preferredVersion: { groupVersion: 'ext.dev/v2', version: 'v2' },
    });
  });
});
