// The API handler's dispatch: a subresource is its kind's handler (status, scale, finalize, token), serving only its
// own verbs, and discovery lists exactly the handlers a kind has.
import { generateKeyPairSync } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceAccountTokens } from '../auth/service-account-tokens.js';
import { isStatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { aggregatedDiscovery, apiResourceList } from '../registry/discovery.js';
import type { UserInfo } from '../registry/types.js';
import { verbHarness, type VerbHarness } from '../registry/verbs.testkit.js';
import { widgetDef } from '../registry/widget.testkit.js';
import { ApiHandler } from './api-handler.js';
import { OpenAPIService } from './openapi.js';

const admin: UserInfo = { username: 'admin', groups: ['system:masters'] };

let h: VerbHarness;
let api: ApiHandler;
let bare: ApiHandler;

/** One request to a handler; the Status of a refusal as its answer. */
async function request(
  handler: ApiHandler,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: KObject }> {
  try {
    const a = await handler.serve(
      {
        method,
        cluster: 'root',
        path,
        query: new URLSearchParams(),
        headers: body === undefined ? {} : { 'content-type': contentType },
        ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }),
        user: admin,
      },
      undefined as unknown as ServerResponse,
    );
    return { status: a!.status, body: (a!.raw ? JSON.parse(a!.body as string) : a!.body) as KObject };
  } catch (err) {
    if (isStatusError(err)) return { status: err.status.code, body: err.status as unknown as KObject };
    throw err;
  }
}

beforeAll(async () => {
  const tokens = new ServiceAccountTokens({
    key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    get: (key) => h.reg.store.get(key),
  });
  const widgets = widgetDef({ type: 'object', properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } });
  h = verbHarness([widgets], { serviceAccountTokens: tokens });
  api = new ApiHandler({ registry: h.reg, openapi: new OpenAPIService(), externalAddress: '127.0.0.1:1' });
  const withoutTokens = verbHarness();
  bare = new ApiHandler({ registry: withoutTokens.reg, openapi: new OpenAPIService(), externalAddress: '127.0.0.1:1' });
  await h.create(h.def('', 'namespaces'), { metadata: { name: 'default' } });
  await h.create(h.def('', 'serviceaccounts'), { metadata: { name: 'robot' } });
  await h.create(widgets, { metadata: { name: 'w' }, spec: { replicas: 1 } });
});
afterAll(() => h.close());

describe('subresources', () => {
  it('writes only the status through status, and only the rest through the resource', async () => {
    await request(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'keep' } });
    const ns = (await request(api, 'GET', '/api/v1/namespaces/keep')).body;
    const viaStatus = await request(api, 'PUT', '/api/v1/namespaces/keep/status', {
      ...ns,
      metadata: { ...ns.metadata, labels: { a: 'b' } },
      status: { phase: 'Elsewhere' },
    });
    expect(viaStatus.status).toBe(200);
    expect(viaStatus.body['status']).toEqual({ phase: 'Elsewhere' });
    expect(viaStatus.body.metadata.labels?.['a']).toBeUndefined();
    const viaResource = await request(api, 'PUT', '/api/v1/namespaces/keep', { ...viaStatus.body, status: { phase: 'Active' } });
    expect(viaResource.body['status']).toEqual({ phase: 'Elsewhere' });
  });

  it("changes a namespace's spec.finalizers through finalize, which serves nothing but update", async () => {
    await request(api, 'POST', '/api/v1/namespaces', { metadata: { name: 'fin' } });
    const ns = (await request(api, 'GET', '/api/v1/namespaces/fin')).body;
    expect(ns['spec']).toEqual({ finalizers: ['kubernetes'] });
    // Through the resource, spec.finalizers stay.
    const plain = await request(api, 'PUT', '/api/v1/namespaces/fin', { ...ns, spec: { finalizers: [] } });
    expect(plain.body['spec']).toEqual({ finalizers: ['kubernetes'] });
    const finalized = await request(api, 'PUT', '/api/v1/namespaces/fin/finalize', {
      ...plain.body,
      metadata: { ...plain.body.metadata, labels: { x: 'y' } },
      spec: { finalizers: [] },
    });
    expect(finalized.status).toBe(200);
    expect(finalized.body['spec']).toEqual({ finalizers: [] });
    expect(finalized.body.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'fin' });
    for (const method of ['GET', 'PATCH']) {
      const r = await request(
        api,
        method,
        '/api/v1/namespaces/fin/finalize',
        method === 'PATCH' ? {} : undefined,
        'application/merge-patch+json',
      );
      expect([r.status, r.body['message']]).toEqual([
        405,
        `${method.toLowerCase()} is not supported on resources of kind "namespaces/finalize"`,
      ]);
    }
  });

  it('answers 405 for a verb a subresource does not serve, and 404 for a subresource the kind does not have', async () => {
    const del = await request(api, 'DELETE', '/api/v1/namespaces/default/status');
    expect([del.status, del.body['message']]).toEqual([405, 'delete is not supported on resources of kind "namespaces/status"']);
    expect((await request(api, 'GET', '/api/v1/namespaces/default')).status).toBe(200);
    const create = await request(api, 'POST', '/api/v1/namespaces/default/status', { metadata: { name: 'default' } });
    expect([create.status, create.body['message']]).toEqual([405, 'create is not supported on resources of kind "namespaces/status"']);
    expect((await request(api, 'GET', '/api/v1/namespaces/default/configmaps/x/status')).status).toBe(404);
    expect((await request(api, 'GET', '/api/v1/namespaces/default/scale')).status).toBe(404);
  });

  it('issues a token through serviceaccounts/token only when the daemon issues tokens', async () => {
    const r = await request(api, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {},
    });
    expect(r.status).toBe(201);
    expect(r.body.kind).toBe('TokenRequest');
    expect(typeof (r.body['status'] as { token?: unknown }).token).toBe('string');
    const typed = await request(api, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', {
      spec: { expirationSeconds: 'soon' },
    });
    expect(typed.status).toBe(400);
    expect(typed.body['message']).toMatch(
      /^TokenRequest in version "v1" cannot be handled as a TokenRequest: json: cannot unmarshal string/,
    );
    expect((await request(api, 'GET', '/api/v1/namespaces/default/serviceaccounts/robot/token')).status).toBe(405);
    expect((await request(bare, 'POST', '/api/v1/namespaces/default/serviceaccounts/robot/token', {})).status).toBe(404);
  });

  it('reads and writes a Scale through scale: GET, PUT and PATCH', async () => {
    const base = '/apis/example.dev/v1/namespaces/default/widgets/w';
    await request(api, 'PATCH', `${base}/status`, { status: { replicas: 1 } }, 'application/merge-patch+json');
    const read = await request(api, 'GET', `${base}/scale`);
    expect(read.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 1 }, status: { replicas: 1 } });
    const put = await request(api, 'PUT', `${base}/scale`, {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'w' },
      spec: { replicas: 3 },
    });
    expect([put.status, put.body.kind, put.body['spec']]).toEqual([200, 'Scale', { replicas: 3 }]);
    expect(
      (
        h.reg.store.get({ cluster: 'root', resource: 'example.dev/widgets', namespace: 'default', name: 'w' })!['spec'] as {
          replicas: number;
        }
      ).replicas,
    ).toBe(3);
    const stale = await request(api, 'PUT', `${base}/scale`, {
      kind: 'Scale',
      metadata: { name: 'w', resourceVersion: '1' },
      spec: { replicas: 4 },
    });
    expect(stale.status).toBe(409);
    const negative = await request(api, 'PUT', `${base}/scale`, { kind: 'Scale', metadata: { name: 'w' }, spec: { replicas: -1 } });
    expect([negative.status, negative.body['message']]).toEqual([
      422,
      'Scale.autoscaling "w" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
    const wrongKind = await request(api, 'PUT', `${base}/scale`, { kind: 'Scale', metadata: { name: 'w' }, spec: { replicas: 'many' } });
    expect(wrongKind.body['message']).toMatch(/^Scale in version "v1" cannot be handled as a Scale: json: cannot unmarshal string/);
    const patched = await request(api, 'PATCH', `${base}/scale`, { spec: { replicas: 5 } }, 'application/merge-patch+json');
    expect(patched.body['spec']).toEqual({ replicas: 5 });
  });
});

describe('discovery', () => {
  it("lists each kind's subresource handlers, in both documents", () => {
    const catalog = h.reg.catalogs.for('root');
    const core = apiResourceList(catalog, '', 'v1')!['resources'] as Array<Record<string, unknown>>;
    const subs = core.filter((r) => String(r['name']).includes('/'));
    expect(subs).toEqual([
      { name: 'namespaces/status', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['get', 'patch', 'update'] },
      { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
      {
        name: 'serviceaccounts/token',
        singularName: '',
        namespaced: true,
        group: 'authentication.k8s.io',
        version: 'v1',
        kind: 'TokenRequest',
        verbs: ['create'],
      },
      { name: 'resourcequotas/status', singularName: '', namespaced: true, kind: 'ResourceQuota', verbs: ['get', 'patch', 'update'] },
    ]);
    const legacy = aggregatedDiscovery(catalog, true) as {
      items: Array<{ versions: Array<{ resources: Array<Record<string, unknown>> }> }>;
    };
    const sa = legacy.items[0]!.versions[0]!.resources.find((r) => r['resource'] === 'serviceaccounts')!;
    expect(sa['subresources']).toEqual([
      { subresource: 'token', responseKind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] },
    ]);
    const widgets = (apiResourceList(catalog, 'example.dev', 'v1')!['resources'] as Array<Record<string, unknown>>).map((r) => r['name']);
    expect(widgets).toEqual(['widgets', 'widgets/status', 'widgets/scale']);
    const noTokens = apiResourceList(bareCatalog(), '', 'v1')!['resources'] as Array<Record<string, unknown>>;
    expect(noTokens.map((r) => r['name'])).not.toContain('serviceaccounts/token');
  });
});

function bareCatalog() {
  return (bare as unknown as { deps: { registry: VerbHarness['reg'] } }).deps.registry.catalogs.for('root');
}
