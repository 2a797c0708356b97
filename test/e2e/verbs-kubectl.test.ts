// The generic verbs refuse what kube refuses, through the real kubectl and raw HTTPS: no write moves an object
// to another key or changes what identifies it, options are read and refused as kube reads them, `/clusters/*`
// takes lists and watches only, and no patch can keep the server busy.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;
/** shard-admin (system:masters): the only identity of the admin kubeconfig that may use the `*` cluster, as in kcp. */
let shardToken: string;
const k = (...args: string[]) => d.kubectl(args);

async function api(method: string, path: string, body?: unknown, contentType = 'application/json', bearer = token) {
  const res = await request(`${d.url}${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  let json: {
    code?: number;
    reason?: string;
    message?: string;
    kind?: string;
    items?: Array<{ metadata: { name: string; namespace?: string } }>;
  } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // a stream or plain text
  }
  return { status: res.statusCode, text, json };
}

const CM = '/clusters/root/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ name: string; user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  const tokenOf = (name: string) => cfg.users.find((u) => u.name === name)!.user.token;
  token = tokenOf('kcp-admin');
  shardToken = tokenOf('shard-admin');
  await k('create', 'configmap', 'a', '--from-literal=k=v');
});
afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('a write cannot rename or move an object', () => {
  it('refuses a JSON patch of metadata.name, and nothing appears under the forged name', async () => {
    const r = await k('patch', 'cm', 'a', '--type=json', '-p', '[{"op":"replace","path":"/metadata/name","value":"coredns"}]');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Error from server (BadRequest): the name of the object (coredns) does not match the name on the URL (a)');
    expect((await k('get', 'cm', '-A', '-o', 'name')).stdout).not.toContain('coredns');
    expect((await k('get', 'cm', 'a', '-o', 'name')).stdout.trim()).toBe('configmap/a');
  });

  it('refuses merge and strategic patches of metadata.namespace', async () => {
    for (const type of ['merge', 'strategic']) {
      const r = await k('patch', 'cm', 'a', `--type=${type}`, '-p', '{"metadata":{"namespace":"kube-system"}}');
      expect(r.stderr).toContain(
        'Error from server (BadRequest): the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    expect((await k('get', 'cm', '-A', '--field-selector=metadata.namespace=kube-system', '-o', 'name')).stdout).not.toContain(
      'configmap/a',
    );
  });

  it('refuses a new uid or deletionTimestamp and keeps the creationTimestamp', async () => {
    expect((await k('patch', 'cm', 'a', '--type=merge', '-p', '{"metadata":{"uid":"forged"}}')).stderr).toContain(
      'The ConfigMap "a" is invalid: metadata.uid: Invalid value: "forged": field is immutable',
    );
    expect(
      (await k('patch', 'cm', 'a', '--type=merge', '-p', '{"metadata":{"deletionTimestamp":"2020-01-01T00:00:00Z"}}')).stderr,
    ).toContain('metadata.deletionTimestamp: Invalid value: 2020-01-01 00:00:00 +0000 UTC: field is immutable');
    const before = (await k('get', 'cm', 'a', '-o', 'jsonpath={.metadata.creationTimestamp}')).stdout;
    await k('patch', 'cm', 'a', '--type=merge', '-p', '{"metadata":{"creationTimestamp":"2001-01-01T00:00:00Z"}}');
    expect((await k('get', 'cm', 'a', '-o', 'jsonpath={.metadata.creationTimestamp}')).stdout).toBe(before);
  });

  it('refuses a server-side apply into another namespace, and a status update under another name', async () => {
    const apply = await api(
      'PATCH',
      `${CM}/a?fieldManager=m`,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'kube-system' } },
      'application/apply-patch+yaml',
    );
    expect(apply).toMatchObject({
      status: 400,
      json: { message: 'the namespace of the provided object does not match the namespace sent on the request' },
    });
    const current = JSON.parse((await k('get', 'cm', 'a', '-o', 'json')).stdout) as { metadata: Record<string, unknown> };
    const put = await api('PUT', `${CM}/a`, { ...current, metadata: { ...current.metadata, name: 'other' } });
    expect(put).toMatchObject({ status: 400, json: { message: 'the name of the object (other) does not match the name on the URL (a)' } });
  });

  it('keeps the data of an immutable ConfigMap and the roleRef of a binding', async () => {
    const f = d.file(
      'frozen.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen, namespace: default}\ndata: {a: "1"}\nimmutable: true\n',
    );
    expect((await k('create', '-f', f)).code).toBe(0);
    expect((await k('patch', 'cm', 'frozen', '--type=merge', '-p', '{"data":{"a":"2"}}')).stderr).toContain(
      'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    await k('create', 'rolebinding', 'rb', '--clusterrole=view', '--user=bob');
    expect((await k('patch', 'rolebinding', 'rb', '--type=merge', '-p', '{"roleRef":{"name":"admin"}}')).stderr).toContain(
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
    );
  });
});

describe('options are read as kube reads them', () => {
  it('answers a watch from a resourceVersion that is no number before streaming, with 400', async () => {
    for (const rv of ['abc', '1e26']) {
      const r = await k('get', '--raw', `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`resourceVersion: Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
    }
    const raw = await api('GET', `${CM}?watch=1&resourceVersion=abc`);
    expect(raw).toMatchObject({ status: 400, json: { kind: 'Status', code: 400, reason: 'BadRequest' } });
  });

  it('refuses parameters that do not parse, and combinations kube refuses', async () => {
    expect((await k('get', '--raw', '/api/v1/namespaces/default/configmaps?limit=abc')).stderr).toContain(
      'Error from server (BadRequest): strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect((await k('get', '--raw', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=abc')).stderr).toContain(
      'strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect((await k('get', '--raw', '/api/v1/namespaces/default/configmaps?continue=garbage!')).stderr).toContain(
      'invalid continue token: continue key is not valid: illegal base64 data at input byte 7',
    );
    expect(await api('GET', `${CM}?resourceVersionMatch=Exact`)).toMatchObject({
      status: 422,
      json: {
        message:
          'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      },
    });
    expect(await api('POST', `${CM}?fieldValidation=strict`, { metadata: { name: 'x' } })).toMatchObject({
      status: 422,
      json: {
        message:
          'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "strict": supported values: "", "Ignore", "Strict", "Warn"',
      },
    });
  });

  it('refuses DeleteOptions kube refuses, and deletes nothing', async () => {
    await k('create', 'configmap', 'victim');
    const bogus = await api('DELETE', `${CM}/victim`, { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['Bogus'] });
    expect(bogus).toMatchObject({
      status: 422,
      json: { message: 'DeleteOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"' },
    });
    expect((await api('DELETE', `${CM}/victim?gracePeriodSeconds=abc`)).json).toMatchObject({
      code: 400,
      message: 'strconv.ParseInt: parsing "abc": invalid syntax',
    });
    expect((await api('DELETE', `${CM}/victim`, { propagationPolicy: 'Sideways' })).json.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    expect((await api('DELETE', `${CM}/victim`, { preconditions: { uid: 'nope' } })).json).toMatchObject({ code: 409, reason: 'Conflict' });
    expect((await k('delete', 'cm', 'victim', '--dry-run=server')).code).toBe(0);
    expect((await k('get', 'cm', 'victim', '-o', 'name')).stdout.trim()).toBe('configmap/victim');
    const graceful = await k('delete', 'cm', 'victim', '--grace-period=5');
    expect(graceful.code).toBe(0);
    expect((await k('get', 'cm', 'victim')).stderr).toContain('not found');
  });
});

describe('the `*` logical cluster', () => {
  it('lists across clusters but stores nothing there', async () => {
    const created = await api(
      'POST',
      '/clusters/*/api/v1/namespaces/default/configmaps',
      { metadata: { name: 'phantom' } },
      'application/json',
      shardToken,
    );
    expect(created).toMatchObject({
      status: 405,
      json: { reason: 'MethodNotAllowed', message: 'create is not supported on resources of kind "configmaps" in the `*` logical cluster' },
    });
    for (const [method, path] of [
      ['PUT', '/clusters/*/api/v1/namespaces/default/configmaps/a'],
      ['PATCH', '/clusters/*/api/v1/namespaces/default/configmaps/a'],
      ['DELETE', '/clusters/*/api/v1/namespaces/default/configmaps/a'],
      ['DELETE', '/clusters/*/api/v1/namespaces/default/configmaps'],
    ] as const) {
      expect(
        (
          await api(
            method,
            path,
            method === 'PATCH' ? {} : undefined,
            method === 'PATCH' ? 'application/merge-patch+json' : 'application/json',
            shardToken,
          )
        ).status,
      ).toBe(405);
    }
    const listed = await api('GET', '/clusters/*/api/v1/configmaps', undefined, 'application/json', shardToken);
    expect(listed.status).toBe(200);
    const names = listed.json.items!.map((i) => i.metadata.name);
    expect(names).toContain('a');
    expect(names).not.toContain('phantom');
    expect((await k('get', 'cm', 'a', '-o', 'name')).stdout.trim()).toBe('configmap/a');
  });
});

describe('no patch keeps the server busy', () => {
  it('answers a move of the root into its own child within a second, in parallel too, and keeps serving', async () => {
    const started = performance.now();
    const one = await k('patch', 'cm', 'a', '--type=json', '-p', '[{"op":"move","path":"/spec","from":""}]');
    expect(one.stderr).toContain('the server rejected our request due to an error in our request');
    expect(performance.now() - started).toBeLessThan(2000);
    const t0 = performance.now();
    const bursts = await Promise.all([
      ...Array.from({ length: 8 }, () => api('PATCH', `${CM}/a`, [{ op: 'move', path: '/spec', from: '' }], 'application/json-patch+json')),
      api('GET', `${CM}/a`),
    ]);
    expect(bursts.slice(0, 8).every((b) => b.status === 422)).toBe(true);
    expect(bursts[8]!.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect((await api('GET', '/readyz')).status).toBe(200);
  });

  it('answers a 10 001-operation patch with 413 and a doubling of the object with 422, at once', async () => {
    const t0 = performance.now();
    const many = Array.from({ length: 10_001 }, () => ({ op: 'test', path: '/metadata/name', value: 'a' }));
    expect((await api('PATCH', `${CM}/a`, many, 'application/json-patch+json')).status).toBe(413);
    const doubling = Array.from({ length: 40 }, (_, i) => ({ op: 'copy', from: '/data', path: `/data/c${i}` }));
    expect((await api('PATCH', `${CM}/a`, doubling, 'application/json-patch+json')).status).toBe(422);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('merges long keyed lists without a quadratic blow-up', async () => {
    const n = 20_000;
    const finalizers = Array.from({ length: n }, (_, i) => `example.com/f${i}`);
    await k('create', 'configmap', 'lists');
    const t0 = performance.now();
    const smp = (body: unknown) => api('PATCH', `${CM}/lists`, body, 'application/strategic-merge-patch+json');
    expect((await smp({ metadata: { finalizers, '$setElementOrder/finalizers': finalizers } })).status).toBe(200);
    expect((await smp({ metadata: { $retainKeys: ['name'], labels: { a: 'b' } } })).json).toMatchObject({
      code: 400,
      message: 'invalid patch format of retainKeys',
    });
    expect((await smp({ metadata: { '$deleteFromPrimitiveList/finalizers': finalizers } })).status).toBe(200);
    expect((await k('get', 'cm', 'lists', '-o', 'jsonpath={.metadata.finalizers}')).stdout).not.toContain('example.com');
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
