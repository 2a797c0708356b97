// /openapi/v2 through the real kubectl (which fetches it as gnostic protobuf and parses it strictly) and over plain
// HTTPS as JSON: built-in kinds, a CRD published in its workspace only, content negotiation and caching headers.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;
const PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
const inA = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/root:team-a` });

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.dev}
spec:
  group: example.dev
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        description: Gadget is a thing with knobs.
        properties:
          spec:
            type: object
            description: The desired state of the gadget.
            required: [color]
            properties:
              color: {type: string, enum: [red, blue], description: "Which colour the gadget is painted."}
              knobs: {type: integer, minimum: 0, default: 2, description: "How many knobs it has."}
              port: {x-kubernetes-int-or-string: true, description: "A port number or name."}
              note: {type: string, nullable: true}
              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

async function get(path: string, accept?: string, headers: Record<string, string> = {}) {
  const res = await request(`${d.url}${path}`, {
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(accept ? { accept } : {}), ...headers },
  });
  return { status: res.statusCode, headers: res.headers, body: Buffer.from(await res.body.arrayBuffer()) };
}

async function swagger(
  cluster: string,
): Promise<{ swagger: string; definitions: Record<string, { properties?: Record<string, unknown> }>; paths: Record<string, unknown> }> {
  const r = await get(`/clusters/${cluster}/openapi/v2`, 'application/json');
  expect(r.status).toBe(200);
  return JSON.parse(r.body.toString('utf8'));
}

beforeAll(async () => {
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users[0]!.user.token;
  const ws = await d.kubectl(['create', '-f', '-'], {
    server: `${d.url}/clusters/root`,
    input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: team-a}\n',
  });
  if (ws.code !== 0) throw new Error(ws.stderr);
  for (let i = 0; i < 200; i++) {
    if (
      (await d.kubectl(['get', 'workspace', 'team-a', '-o', 'jsonpath={.status.phase}'], { server: `${d.url}/clusters/root` })).stdout ===
      'Ready'
    )
      break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const applied = await inA('apply', '-f', d.file('gadget-crd.yaml', CRD));
  if (applied.code !== 0) throw new Error(applied.stderr);
  const established = await inA('wait', '--for=condition=Established', 'crd/gadgets.example.dev', '--timeout=10s');
  if (established.code !== 0) throw new Error(established.stderr);
});
afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('kubectl explain --output=plaintext-openapiv2', () => {
  it('explains a built-in field from the protobuf document', async () => {
    const r = await d.kubectl(['explain', 'configmap.data', '--output=plaintext-openapiv2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^KIND: +ConfigMap$/m);
    expect(r.stdout).toMatch(/^FIELD: +data <map\[string\]string>$/m);
    expect(r.stdout).toContain('Data contains the configuration data.');
  });

  it('explains nested built-in fields through $refs', async () => {
    const r = await d.kubectl(['explain', 'rolebinding.subjects', '--output=plaintext-openapiv2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ +kind\t<string> -required-$/m);
    const meta = await d.kubectl(['explain', 'namespace.metadata.labels', '--output=plaintext-openapiv2']);
    expect(meta.code, meta.stderr).toBe(0);
    expect(meta.stdout).toMatch(/^FIELD: +labels <map\[string\]string>$/m);
  });

  it('explains a custom resource in its workspace', async () => {
    const r = await inA('explain', 'gadget.spec', '--output=plaintext-openapiv2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^KIND: +Gadget$/m);
    expect(r.stdout).toMatch(/^VERSION: +example\.dev\/v1$/m);
    expect(r.stdout).toContain('The desired state of the gadget.');
    expect(r.stdout).toMatch(/^ {3}color\t<string> -required-$/m);
    expect(r.stdout).toContain('Which colour the gadget is painted.');
    expect(r.stdout).toMatch(/^ {3}knobs\t<integer>$/m);
    expect(r.stdout).toContain('A port number or name.');
  });

  it('keeps the default (OpenAPI v3) explain and client-side apply working', async () => {
    const v3 = await inA('explain', 'gadget.spec.color');
    expect(v3.code, v3.stderr).toBe(0);
    expect(v3.stdout).toContain('Which colour the gadget is painted.');
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: v2-apply, namespace: default}\ndata: {a: "1"}\n';
    expect((await d.kubectl(['apply', '-f', '-'], { input: manifest })).code).toBe(0);
    const again = await d.kubectl(['apply', '-f', '-'], { input: manifest.replace('"1"', '"2"') });
    expect(again.code, again.stderr).toBe(0);
    expect((await d.kubectl(['get', 'cm', 'v2-apply', '-o', 'jsonpath={.data.a}'])).stdout).toBe('2');
  });
});

describe('GET /clusters/<cluster>/openapi/v2', () => {
  it('serves Swagger 2.0 JSON with the built-in definitions', async () => {
    const doc = await swagger('root');
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']!.properties).toHaveProperty('data');
    expect(doc.paths).toHaveProperty(['/api/v1/namespaces/{namespace}/configmaps/{name}']);
  });

  it("lists a CRD's kind in its own workspace only", async () => {
    const a = await swagger('root:team-a');
    expect(a.definitions['dev.example.v1.Gadget']!.properties).toHaveProperty('spec');
    expect(a.paths).toHaveProperty(['/apis/example.dev/v1/namespaces/{namespace}/gadgets/{name}']);
    const root = await swagger('root');
    expect(Object.keys(root.definitions).filter((k) => k.includes('Gadget'))).toEqual([]);
    expect(Object.keys(root.paths).filter((k) => k.includes('gadgets'))).toEqual([]);
  });

  it('negotiates JSON and protobuf, with an ETag per representation and Vary: Accept', async () => {
    const json = await get('/clusters/root/openapi/v2');
    expect(json.headers['content-type']).toBe('application/json');
    expect(json.headers['vary']).toBe('Accept');
    const pb = await get('/clusters/root/openapi/v2', PROTOBUF);
    expect(pb.status).toBe(200);
    expect(pb.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(pb.body.subarray(0, 5).toString('hex')).toBe('0a03322e30'); // Document.swagger = "2.0"
    expect(pb.headers['etag']).toMatch(/^"[0-9A-F]{128}"$/);
    expect(pb.headers['etag']).not.toBe(json.headers['etag']);
    const preferred = await get('/clusters/root/openapi/v2', `application/json;q=0.5, ${PROTOBUF}`);
    expect(preferred.headers['content-type']).toContain('protobuf');
    expect((await get('/clusters/root/openapi/v2', 'text/html')).status).toBe(406);
    const cached = await get('/clusters/root/openapi/v2', PROTOBUF, { 'if-none-match': String(pb.headers['etag']) });
    expect(cached.status).toBe(304);
  });
});
