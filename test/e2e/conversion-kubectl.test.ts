// CRD conversion webhooks with the real kubectl: a two-version CRD whose objects are stored in v1 (`spec.hostPort`)
// and served in v2 too (`spec.host` + `spec.port`), converted by a loopback HTTPS webhook the test starts with its
// own CA. Reads, lists, watches and writes in v2 go through the webhook (a list's objects in one review); objects
// read in their stored version do not; a webhook that is down or answers wrongly fails the request in kube's words.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPKI } from '../../daemon/auth/pki.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let hook: https.Server;
let hookPort = 0;
let caBundle = '';
let connections = 0;
/** Every review the webhook was sent: its path, desired version and the objects' versions. */
const reviews: Array<{ path: string; desired: string; versions: string[]; reviewVersion: string }> = [];

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  spec?: Record<string, unknown>;
}

/**
 * v1 `hostPort: "h:p"` ⇄ v2 `host: h, port: p`, v1 `count` ⇄ v2 `replicas`; `/wrong-version` answers in the wrong
 * version, `/fail` refuses.
 */
function convert(path: string, desired: string, o: Obj): Obj {
  const spec = { ...(o.spec ?? {}) };
  const [from, to] = desired === 'stable.example.dev/v2' ? ['count', 'replicas'] : ['replicas', 'count'];
  if (from in spec) {
    spec[to] = spec[from];
    delete spec[from];
  }
  if (desired === 'stable.example.dev/v2' && typeof spec['hostPort'] === 'string') {
    const [host, port] = spec['hostPort'].split(':');
    delete spec['hostPort'];
    Object.assign(spec, { host, port });
  } else if (desired === 'stable.example.dev/v1' && 'host' in spec) {
    spec['hostPort'] = `${String(spec['host'])}:${String(spec['port'])}`;
    delete spec['host'];
    delete spec['port'];
  }
  const labels = { ...((o.metadata['labels'] as Record<string, string>) ?? {}), converted: 'yes' };
  // A webhook may change labels, nothing else of metadata: the resourceVersion it sends back is ignored.
  const metadata = { ...o.metadata, labels, resourceVersion: '1' };
  return { ...o, apiVersion: path === '/wrong-version' ? 'stable.example.dev/v9' : desired, metadata, spec };
}

function answer(path: string, review: { apiVersion: string; request: { uid: string; desiredAPIVersion: string; objects: Obj[] } }) {
  const { uid, desiredAPIVersion, objects } = review.request;
  const response =
    path === '/fail'
      ? { uid, result: { status: 'Failure', message: 'cannot convert today' } }
      : { uid, result: { status: 'Success' }, convertedObjects: objects.map((o) => convert(path, desiredAPIVersion, o)) };
  return { apiVersion: review.apiVersion, kind: 'ConversionReview', response };
}

const kubectl = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root` });
const kubectlIn = (input: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root`, input });

async function ok(p: Promise<{ code: number; stderr: string; stdout: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function crd(plural: string, path: string, port = hookPort, reviewVersions = ['v1']): string {
  const kind = plural[0]!.toUpperCase() + plural.slice(1, -1);
  const schema = `{openAPIV3Schema: {type: object, properties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: true}}}}`;
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.stable.example.dev}
spec:
  group: stable.example.dev
  scope: Namespaced
  names: {plural: ${plural}, singular: ${plural.slice(0, -1)}, kind: ${kind}}
  conversion:
    strategy: Webhook
    webhook:
      conversionReviewVersions: [${reviewVersions.join(', ')}]
      clientConfig: {url: "https://127.0.0.1:${port}${path}", caBundle: ${caBundle}}
  versions:
  - {name: v1, served: true, storage: true, schema: ${schema}}
  - name: v2
    served: true
    storage: false
    schema: ${schema}
    additionalPrinterColumns:
    - {name: Host, type: string, jsonPath: .spec.host}
`;
}

async function establish(plural: string, path: string, port?: number, reviewVersions?: string[]): Promise<void> {
  await ok(kubectlIn(crd(plural, path, port, reviewVersions), 'apply', '-f', '-'));
  await ok(kubectl('wait', '--for=condition=Established', `crd/${plural}.stable.example.dev`));
}

beforeAll(async () => {
  const pki = await createPKI();
  caBundle = Buffer.from(pki.ca.cert).toString('base64');
  hook = https.createServer({ key: pki.serving.key, cert: pki.serving.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as Parameters<typeof answer>[1];
      const path = req.url ?? '';
      reviews.push({
        path,
        desired: review.request.desiredAPIVersion,
        versions: review.request.objects.map((o) => o.apiVersion),
        reviewVersion: review.apiVersion,
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answer(path, review)));
    });
  });
  hook.on('connection', () => connections++);
  await new Promise<void>((res) => hook.listen(0, '127.0.0.1', res));
  hookPort = (hook.address() as AddressInfo).port;
  d = await startTestDaemon();
  await establish('servers', '/convert');
}, 60_000);

afterAll(async () => {
  await d?.stop();
  hook?.closeAllConnections();
  await new Promise((res) => hook?.close(res));
});

const server = (name: string, version: 'v1' | 'v2', spec: string) =>
  `apiVersion: stable.example.dev/${version}\nkind: Server\nmetadata: {name: ${name}, namespace: default}\nspec: ${spec}\n`;

describe('CRD conversion webhooks', () => {
  it('stores in the storage version and serves every version through the webhook', async () => {
    reviews.length = 0;
    // Written in v1, the storage version: nothing to convert on the way in or out.
    await ok(kubectlIn(server('one', 'v1', '{hostPort: "a.example:80"}'), 'create', '-f', '-'));
    expect(reviews).toEqual([]);
    const v2 = JSON.parse(await ok(kubectl('get', 'servers.v2.stable.example.dev', 'one', '-n', 'default', '-o', 'json'))) as Obj;
    expect(v2.apiVersion).toBe('stable.example.dev/v2');
    expect(v2.spec).toEqual({ host: 'a.example', port: '80' });
    // The webhook's labels are kept; the rest of metadata is the stored object's.
    expect((v2.metadata['labels'] as Record<string, string>)['converted']).toBe('yes');
    expect(v2.metadata['resourceVersion']).not.toBe('1');
    expect(reviews).toEqual([
      { path: '/convert', desired: 'stable.example.dev/v2', versions: ['stable.example.dev/v1'], reviewVersion: 'apiextensions.k8s.io/v1' },
    ]);

    // Written in v2: converted to v1 to be stored, and back to v2 for the answer.
    reviews.length = 0;
    const created = JSON.parse(
      await ok(kubectlIn(server('two', 'v2', '{host: b.example, port: "443"}'), 'create', '-f', '-', '-o', 'json')),
    ) as Obj;
    expect(created.apiVersion).toBe('stable.example.dev/v2');
    expect(created.spec).toEqual({ host: 'b.example', port: '443' });
    expect(reviews.map((r) => r.desired)).toEqual(['stable.example.dev/v1', 'stable.example.dev/v2']);
    const v1 = JSON.parse(await ok(kubectl('get', 'servers.v1.stable.example.dev', 'two', '-n', 'default', '-o', 'json'))) as Obj;
    expect(v1.apiVersion).toBe('stable.example.dev/v1');
    expect(v1.spec).toEqual({ hostPort: 'b.example:443' });

    // A list is converted in one review, whatever its length; kubectl prints v2's columns from the converted objects.
    reviews.length = 0;
    const table = await ok(kubectl('get', 'servers.v2.stable.example.dev', '-n', 'default'));
    expect(table).toMatch(/NAME\s+HOST/);
    expect(table).toMatch(/one\s+a\.example/);
    expect(table).toMatch(/two\s+b\.example/);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.versions).toEqual(['stable.example.dev/v1', 'stable.example.dev/v1']);
    const list = JSON.parse(await ok(kubectl('get', 'servers.v1.stable.example.dev', '-n', 'default', '-o', 'json'))) as { items: Obj[] };
    expect(list.items.map((i) => i.spec)).toEqual([{ hostPort: 'a.example:80' }, { hostPort: 'b.example:443' }]);
  });

  it('updates and patches in another version go through the webhook both ways', async () => {
    await ok(kubectl('patch', 'servers.v2.stable.example.dev', 'one', '-n', 'default', '--type=merge', '-p', '{"spec":{"port":"8080"}}'));
    const v1 = JSON.parse(await ok(kubectl('get', 'servers.v1.stable.example.dev', 'one', '-n', 'default', '-o', 'json'))) as Obj;
    expect(v1.spec).toEqual({ hostPort: 'a.example:8080' });
    await ok(kubectl('label', 'servers.v2.stable.example.dev', 'two', '-n', 'default', 'tier=front'));
    const deleted = await ok(kubectl('delete', 'servers.v2.stable.example.dev', 'two', '-n', 'default'));
    expect(deleted).toContain('deleted');
  });

  it('watch events are converted, in order', async () => {
    const child = spawn(
      'kubectl',
      [
        '--kubeconfig',
        d.kubeconfig,
        '--server',
        `${d.url}/clusters/root`,
        'get',
        'servers.v2.stable.example.dev',
        '-n',
        'default',
        '-w',
        '-o',
        'json',
        '--output-watch-events',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      const until = async (what: string) => {
        for (let i = 0; i < 200 && !out.includes(what); i++) await new Promise((r) => setTimeout(r, 50));
      };
      await until('"one"');
      await ok(kubectlIn(server('three', 'v1', '{hostPort: "c.example:25"}'), 'create', '-f', '-'));
      await until('c.example');
      await ok(kubectl('delete', 'servers.v1.stable.example.dev', 'three', '-n', 'default'));
      await until('"DELETED"');
    } finally {
      child.kill();
    }
    const events = out
      .split(/\n(?=\{)/)
      .filter((s) => s.trim())
      .map((s) => JSON.parse(s) as { type: string; object: Obj });
    expect(events.map((e) => [e.type, e.object.metadata['name']])).toEqual([
      ['ADDED', 'one'],
      ['ADDED', 'three'],
      ['DELETED', 'three'],
    ]);
    for (const e of events) expect(e.object.apiVersion).toBe('stable.example.dev/v2');
    expect(events[1]!.object.spec).toEqual({ host: 'c.example', port: '25' });
  });

  it('reuses connections to the webhook', async () => {
    const before = connections;
    for (let i = 0; i < 10; i++) await ok(kubectl('get', 'servers.v2.stable.example.dev', 'one', '-n', 'default'));
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('a webhook that is down, refuses or answers in the wrong version fails the request in kube’s words', async () => {
    // A port nothing listens on.
    const closed = https.createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((res) => closed.close(res));
    await establish('relays', '/convert', deadPort);
    await ok(kubectlIn(server('r1', 'v1', '{hostPort: "d.example:1"}').replace('Server', 'Relay'), 'create', '-f', '-'));
    // Its stored version still reads without the webhook.
    await ok(kubectl('get', 'relays.v1.stable.example.dev', 'r1', '-n', 'default'));
    const get = await kubectl('get', 'relays.v2.stable.example.dev', 'r1', '-n', 'default');
    expect(get.code).not.toBe(0);
    expect(get.stderr).toContain(
      `Error from server: conversion webhook for stable.example.dev/v1, Kind=Relay failed: Post "https://127.0.0.1:${deadPort}/convert": dial tcp 127.0.0.1:${deadPort}: connect: connection refused`,
    );
    const list = await kubectl('get', 'relays.v2.stable.example.dev', '-n', 'default');
    expect(list.stderr).toContain('conversion webhook for stable.example.dev/v1, Kind=RelayList failed: Post');
    const create = await kubectlIn(server('r2', 'v2', '{host: e.example, port: "2"}').replace('Server', 'Relay'), 'create', '-f', '-');
    expect(create.stderr).toContain('conversion webhook for stable.example.dev/v2, Kind=Relay failed: Post');
    expect((await kubectl('get', 'relays.v1.stable.example.dev', 'r2', '-n', 'default')).stderr).toContain('not found');

    await establish('gateways', '/fail');
    await ok(kubectlIn(server('g1', 'v1', '{hostPort: "f.example:1"}').replace('Server', 'Gateway'), 'create', '-f', '-'));
    expect((await kubectl('get', 'gateways.v2.stable.example.dev', 'g1', '-n', 'default')).stderr).toContain(
      'Error from server: conversion webhook for stable.example.dev/v1, Kind=Gateway failed: cannot convert today',
    );

    await establish('routers', '/wrong-version', hookPort, ['v1beta1', 'v1']);
    await ok(kubectlIn(server('p1', 'v1', '{hostPort: "g.example:1"}').replace('Server', 'Router'), 'create', '-f', '-'));
    reviews.length = 0;
    expect((await kubectl('get', 'routers.v2.stable.example.dev', 'p1', '-n', 'default')).stderr).toContain(
      'Error from server: conversion webhook for stable.example.dev/v1, Kind=Router returned invalid object at index 0: invalid groupVersion (expected stable.example.dev/v2, received stable.example.dev/v9)',
    );
    // The first review version kube knows of those the CRD lists.
    expect(reviews[0]!.reviewVersion).toBe('apiextensions.k8s.io/v1beta1');
  });

  it('reads and writes the scale subresource at the requested version’s replica paths', async () => {
    const yaml = crd('pools', '/convert')
      .replace(
        /(- \{name: v1, served: true, storage: true, schema: [^\n]*)\}\n/,
        '$1, subresources: {scale: {specReplicasPath: .spec.count, statusReplicasPath: .status.count}}}\n',
      )
      .replace(
        '    schema: ',
        '    subresources: {scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}\n    schema: ',
      );
    await ok(kubectlIn(yaml, 'apply', '-f', '-'));
    await ok(kubectl('wait', '--for=condition=Established', 'crd/pools.stable.example.dev'));
    await ok(
      kubectlIn(
        'apiVersion: stable.example.dev/v1\nkind: Pool\nmetadata: {name: p1, namespace: default}\nspec: {count: 2}\n',
        'create',
        '-f',
        '-',
      ),
    );
    const scale = JSON.parse(await ok(kubectl('get', '--raw', '/apis/stable.example.dev/v2/namespaces/default/pools/p1/scale'))) as {
      spec: { replicas: number };
    };
    expect(scale.spec.replicas).toBe(2);
    await ok(kubectl('scale', 'pools.v2.stable.example.dev/p1', '-n', 'default', '--replicas=5'));
    const v1 = JSON.parse(await ok(kubectl('get', 'pools.v1.stable.example.dev', 'p1', '-n', 'default', '-o', 'json'))) as Obj;
    expect(v1.spec).toEqual({ count: 5 });
  });

  it('refuses a Webhook conversion that could never be called, in kube’s words', async () => {
    const plain = crd('relays', '/convert').replace('https://', 'http://');
    const refused = await kubectlIn(
      plain.replace('relays.', 'tunnels.').replace(/relay/gi, (m) => (m[0] === 'R' ? 'Tunnel' : 'tunnel')),
      'create',
      '-f',
      '-',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `spec.conversion.webhookClientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme`,
    );
    const noClient = crd('bridges', '/convert').replace(/\n {4}webhook:[\s\S]*?caBundle: [^}]*\}\n/, '\n');
    const missing = await kubectlIn(noClient, 'create', '-f', '-');
    expect(missing.stderr).toContain('spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook');
    expect(missing.stderr).toContain('spec.conversion.conversionReviewVersions: Required value');
  });
});
