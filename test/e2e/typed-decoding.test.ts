// Bodies of the wrong shape, end to end: each is refused with the Status kube answers (never a 500), nothing of the
// wrong type is stored, and typed clients can still read every list. One test per class of finding of the fuzzer
// (test/fuzz) and of the probing that preceded it.
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;

interface Answer {
  status: number;
  body: { message?: string; reason?: string; code?: number; [k: string]: unknown };
}

async function send(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
  const res = await request(`${d.url}/clusters/root${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    ...(body !== undefined ? { body } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

const json = (method: string, path: string, body: unknown, contentType?: string) => send(method, path, JSON.stringify(body), contentType);
const CM = '/api/v1/namespaces/typed/configmaps';
const WIDGETS = '/apis/typed.example.dev/v1/namespaces/typed/widgets';

beforeAll(async () => {
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users[0]!.user.token;
  await json('POST', '/api/v1/namespaces', { metadata: { name: 'typed' } });
  await json('POST', CM, { metadata: { name: 'base' }, data: { a: 'b' } });
  await json('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    metadata: { name: 'widgets.typed.example.dev' },
    spec: {
      group: 'typed.example.dev',
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
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
                  properties: {
                    replicas: { type: 'integer' },
                    note: { type: 'string' },
                    template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                    free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  },
                },
              },
            },
          },
        },
      ],
    },
  });
  for (let i = 0; (await send('GET', WIDGETS)).status !== 200 && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('typed decoding end to end', () => {
  it("refuses a field of the wrong JSON type with kube's 400 and stores nothing", async () => {
    const r = await json('POST', CM, { metadata: { name: 'bad-data' }, data: { a: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
    expect((await send('GET', `${CM}/bad-data`)).status).toBe(404);
    const name = await json('POST', CM, { metadata: { name: ['x1'] } });
    expect(name.body.message).toMatch(/cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string$/);
    // Were 500s from SQLite ("can only bind numbers, strings, bigints, buffers, and null", "NOT NULL constraint failed").
    expect((await json('POST', CM, { metadata: { name: { a: 1 } } })).status).toBe(400);
    const nameless = await json('POST', CM, { metadata: { name: null } });
    expect(nameless.status).toBe(422);
    expect(nameless.body.message).toMatch(/metadata.name: Required value: name or generateName is required/);
  });

  it('refuses metadata lists and maps of the wrong shape (were 500s: forEach is not a function)', async () => {
    for (const metadata of [
      { name: 'f', finalizers: 'x' },
      { name: 'o', ownerReferences: {} },
      { name: 'l', labels: ['a'] },
      { name: 'm', managedFields: {} },
    ]) {
      const r = await json('POST', CM, { metadata });
      expect(r.status, JSON.stringify(metadata)).toBe(400);
    }
    const refs = await json('POST', CM, { metadata: { name: 'o2', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap' }] } });
    expect(refs.status).toBe(422);
    expect(refs.body.message).toMatch(/metadata.ownerReferences.name: Invalid value: "": must not be empty/);
  });

  it('decodes null as Go does: a null list item is its zero value, then validated (was a 500 for Role rules: [null])', async () => {
    const r = await json('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/typed/roles', { metadata: { name: 'r' }, rules: [null] });
    expect(r.status).toBe(422);
    expect(r.body.message).toMatch(/rules\[0\]\.verbs: Required value/);
    const ok = await json('POST', CM, { metadata: { name: 'nulls', labels: { a: null }, annotations: null }, data: { k: null } });
    expect(ok.status).toBe(201);
    const stored = (await send('GET', `${CM}/nulls`)).body as {
      metadata: { labels: Record<string, string>; annotations: Record<string, string> };
      data: Record<string, string>;
    };
    expect(stored.metadata.labels).toEqual({ a: '' });
    expect(stored.data).toEqual({ k: '' });
  });

  it('refuses bodies nested too deep, or numbers past float64, at once (were stack overflows)', async () => {
    const deep = await send('POST', CM, `{"metadata":{"name":"deep"},"data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(deep.status).toBe(400);
    expect(deep.body.message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '[' exceeded max depth ({"metadata":{"name":"deep"},"d ...)`,
    );
    const patch = await send('PATCH', `${CM}/base`, `{"data":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, 'application/merge-patch+json');
    expect(patch.status).toBe(400);
    expect(patch.body.message).toBe("error decoding patch: invalid character '{' exceeded max depth");
    const inf = await send('POST', CM, '{"metadata":{"name":"inf","generation":1e400}}');
    expect(inf.status).toBe(400);
    expect(inf.body.message).toMatch(/json: cannot unmarshal number 1e400 into Go value of type float64/);
    expect((await send('GET', '/api/v1/namespaces/typed/configmaps')).status).toBe(200);
  });

  it('refuses bodies that are no object of any kind as kube does', async () => {
    const array = await send('POST', CM, '[1]');
    expect(array.status).toBe(400);
    expect(array.body.message).toMatch(
      /^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: json: cannot unmarshal array into Go value of type struct \{ APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" \} \(00000000 {2}5b 31 5d/,
    );
    const syntax = await send('POST', CM, '{"metadata": }');
    expect(syntax.body.message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of value ({"metadata": })`,
    );
    const kind = await send('POST', CM, '{"kind":1}');
    expect(kind.body.message).toMatch(
      /couldn't get version\/kind; json parse error: json: cannot unmarshal number into Go struct field \.kind of type string \(\{"kind":1\}\)$/,
    );
  });

  it('bounds YAML: deep nesting and alias bombs are refused quickly (deep nesting cost seconds and could abort the process)', async () => {
    const t = performance.now();
    const deep = await send('POST', CM, `a: ${'['.repeat(100_000)}`, 'application/yaml');
    expect(deep.status).toBe(400);
    expect(deep.body.message).toMatch(/error converting YAML to JSON: yaml: exceeded max depth of 200/);
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [c, p] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
      ['h', 'g'],
      ['i', 'h'],
    ])
      bomb += `${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]\n`;
    const laughs = await send('POST', CM, bomb, 'application/yaml');
    expect(laughs.status).toBe(400);
    expect(laughs.body.message).toMatch(/error converting YAML to JSON: yaml: document contains excessive aliasing/);
    expect(performance.now() - t).toBeLessThan(5000);
    // Timestamps stay text in YAML, as go-yaml keeps them, and decode as MicroTime.
    const ev = await send(
      'POST',
      '/apis/events.k8s.io/v1/namespaces/typed/events',
      'metadata: {name: ev}\neventTime: 2024-01-01T00:00:00.000000Z\nreportingController: c/d\nreportingInstance: i\naction: A\nreason: R\n',
      'application/yaml',
    );
    expect(ev.status).toBe(201);
  });

  it('answers each patch path with its own Status', async () => {
    const merge = await json('PATCH', `${CM}/base`, { data: { a: 1 } }, 'application/merge-patch+json');
    expect(merge.status).toBe(422);
    expect(merge.body.message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*": json: cannot unmarshal number into Go struct field ConfigMap.data of type string$/,
    );
    const strategic = await json('PATCH', `${CM}/base`, { data: { a: 1 } }, 'application/strategic-merge-patch+json');
    expect(strategic.status).toBe(422);
    expect(strategic.body.message).toBe(' "" is invalid: patch: Invalid value: "map[data:map[a:1]]": cannot convert int64 to string');
    const jsonPatch = await json(
      'PATCH',
      `${CM}/base`,
      [{ op: 'add', path: '/metadata/finalizers', value: 'x' }],
      'application/json-patch+json',
    );
    expect(jsonPatch.status).toBe(422);
    const apply = await json(
      'PATCH',
      `${CM}/base?fieldManager=t&force=true`,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'base' }, data: { a: true } },
      'application/apply-patch+yaml',
    );
    expect(apply.status).toBe(400);
    expect(apply.body.message).toBe(
      'failed to create typed patch object (typed/base; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:true}',
    );
    expect(((await send('GET', `${CM}/base`)).body as { data: unknown }).data).toEqual({ a: 'b' });
  });

  it('ignores managedFields that do not decode (was a 500: invalid managedFields path element)', async () => {
    const cur = (await send('GET', `${CM}/base`)).body as { metadata: { managedFields: unknown[] } };
    const r = await json(
      'PATCH',
      `${CM}/base`,
      {
        metadata: { managedFields: [{ manager: 'x', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 0: {} } }] },
        data: { n: 'v' },
      },
      'application/merge-patch+json',
    );
    expect(r.status).toBe(200);
    const after = (r.body as { metadata: { managedFields: Array<{ manager: string }> } }).metadata.managedFields;
    expect(after.map((e) => e.manager)).not.toContain('x');
    expect(after.length).toBeGreaterThanOrEqual(cur.metadata.managedFields.length);
  });

  it('types DeleteOptions, TokenRequest and review bodies (were 500s)', async () => {
    await json('POST', CM, { metadata: { name: 'doomed' } });
    const del = await json('DELETE', `${CM}/doomed`, { dryRun: 'All' });
    expect(del.status).toBe(400);
    expect(del.body.message).toBe('json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type []string');
    await json('POST', '/api/v1/namespaces/typed/serviceaccounts', { metadata: { name: 'sa' } });
    const tr = await json('POST', '/api/v1/namespaces/typed/serviceaccounts/sa/token', { spec: { expirationSeconds: 'soon' } });
    expect(tr.status).toBe(400);
    expect(tr.body.message).toBe(
      'TokenRequest in version "v1" cannot be handled as a TokenRequest: json: cannot unmarshal string into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64',
    );
    const sar = await json('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      spec: { resourceAttributes: { verb: ['get'] } },
    });
    expect(sar.status).toBe(400);
    expect(sar.body.message).toMatch(/Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string$/);
  });

  it('types custom resources: metadata 400, fields by the CRD schema 422, nulls pruned', async () => {
    const meta = await json('POST', WIDGETS, {
      apiVersion: 'typed.example.dev/v1',
      kind: 'Widget',
      metadata: { name: 'w', labels: { a: 1 } },
    });
    expect(meta.status).toBe(400);
    expect(meta.body.message).toBe(
      'Widget in version "v1" cannot be handled as a Widget: json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string',
    );
    const spec = await json('POST', WIDGETS, {
      apiVersion: 'typed.example.dev/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 'three' },
    });
    expect(spec.status).toBe(422);
    expect(spec.body.message).toMatch(/spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"/);
    // 1e308 is an integer to JavaScript; stored, no Go client could read it back.
    const huge = await json('POST', WIDGETS, {
      apiVersion: 'typed.example.dev/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1e308 },
    });
    expect(huge.status).toBe(422);
    expect(huge.body.message).toMatch(/spec.replicas in body must be of type integer: "number"/);
    const embedded = await json('POST', WIDGETS, {
      apiVersion: 'typed.example.dev/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { template: { kind: 5 } },
    });
    expect(embedded.status).toBe(400);
    expect(embedded.body.message).toBe(
      'Widget in version "v1" cannot be handled as a Widget: spec.template.kind: Invalid value: 5: must be a string',
    );
    const ok = await json('POST', WIDGETS, {
      apiVersion: 'typed.example.dev/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: null, note: 'n', free: { x: null } },
    });
    expect(ok.status).toBe(201);
    expect((ok.body as { spec: unknown }).spec).toEqual({ note: 'n', free: { x: null } });
  });

  it('refuses CRDs whose schema is of the wrong shape or does not compile (were stored, then every custom resource write answered 500)', async () => {
    const crd = (plural: string, openAPIV3Schema: unknown) => ({
      metadata: { name: `${plural}.typed.example.dev` },
      spec: {
        group: 'typed.example.dev',
        scope: 'Cluster',
        names: { plural, kind: plural.toUpperCase() },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
      },
    });
    const typed = await json(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd('bads', { type: 'object', properties: { a: { type: 5 } } }),
    );
    expect(typed.status).toBe(400);
    expect(typed.body.message).toMatch(
      /json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.properties.type of type string$/,
    );
    const uncompilable = await json(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd('worse', { type: 'object', properties: { a: { type: 'string', maxLength: -1 } } }),
    );
    expect(uncompilable.status).toBe(422);
    let deep: unknown = { type: 'string' };
    for (let i = 0; i < 400; i++) deep = { type: 'object', properties: { x: deep } };
    const tooDeep = await json(
      'POST',
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd('deeps', { type: 'object', properties: { spec: deep } }),
    );
    expect(tooDeep.status).toBe(422);
    expect(tooDeep.body.message).toMatch(/must not nest more than 128 schemas deep/);
  });

  it('keeps every list readable by a typed client', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: 'typed' });
    expect(list.items.map((i) => i.metadata?.name)).toContain('nulls');
    const r = await d.kubectl(['create', '--validate=false', '-f', '-'], {
      input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: k, namespace: typed}\ndata: {a: 1}\n',
    });
    expect(r.stderr).toContain(
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
  });
});
