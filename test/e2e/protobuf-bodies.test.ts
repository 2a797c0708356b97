// Protobuf request bodies as client-go sends them for built-in kinds (`Content-Type: application/vnd.kubernetes.protobuf`),
// for the groups kubectl's typed commands never use: flowcontrol, admissionregistration, apiextensions. The bytes are
// spelled out by field number from kube's generated.proto, independently of kcpx's descriptors. Custom resources and
// kcp's kinds are JSON-only, as on kube and kcp: 415.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envelope, pb } from '../../daemon/apimachinery/protobuf/protobuf.testkit.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;

async function post(path: string, body: Buffer) {
  const res = await request(`${d.url}/clusters/root${path}`, {
    method: 'POST',
    dispatcher: agent,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/vnd.kubernetes.protobuf',
      accept: 'application/vnd.kubernetes.protobuf, application/json',
    },
    body,
  });
  return { status: res.statusCode, type: res.headers['content-type'], json: (await res.body.json()) as Record<string, unknown> };
}

const meta = (name: string) => pb.msg(1, pb.str(1, name));

beforeAll(async () => {
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users[0]!.user.token;
});
afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('protobuf bodies', () => {
  it('creates a FlowSchema', async () => {
    const spec = pb.msg(
      2,
      pb.msg(1, pb.str(1, 'global-default')), // priorityLevelConfiguration
      pb.varint(2, 7000), // matchingPrecedence
      pb.msg(3, pb.str(1, 'ByNamespace')), // distinguisherMethod
      pb.msg(
        4, // rules
        pb.msg(1, pb.str(1, 'ServiceAccount'), pb.msg(4, pb.str(1, 'ci'), pb.str(2, 'builder'))),
        pb.msg(2, pb.str(1, 'get'), pb.str(2, ''), pb.str(3, 'configmaps'), pb.varint(4, false), pb.str(5, 'ci')),
      ),
    );
    const r = await post(
      '/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas',
      envelope('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', meta('builders'), spec),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.type).toBe('application/json');
    expect(r.json['spec']).toEqual({
      priorityLevelConfiguration: { name: 'global-default' },
      matchingPrecedence: 7000,
      distinguisherMethod: { type: 'ByNamespace' },
      rules: [
        {
          subjects: [{ kind: 'ServiceAccount', serviceAccount: { namespace: 'ci', name: 'builder' } }],
          resourceRules: [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], namespaces: ['ci'] }],
        },
      ],
    });
  });

  it('creates a ValidatingWebhookConfiguration, its rule inlined as Go inlines it', async () => {
    const rule = pb.msg(
      3, // rules: RuleWithOperations{1 operations, 2 Rule{1 apiGroups, 2 apiVersions, 3 resources, 4 scope}}
      pb.str(1, 'CREATE'),
      pb.msg(2, pb.str(1, ''), pb.str(2, 'v1'), pb.str(3, 'configmaps'), pb.str(4, 'Namespaced')),
    );
    const webhook = pb.msg(
      2,
      pb.str(1, 'check.example.dev'),
      pb.msg(2, pb.str(3, 'https://127.0.0.1:1/validate')), // clientConfig.url
      rule,
      pb.str(4, 'Ignore'),
      pb.str(6, 'None'),
      pb.varint(7, 3),
      pb.str(8, 'v1'),
    );
    const r = await post(
      '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
      envelope('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', meta('check'), webhook),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect((r.json['webhooks'] as unknown[])[0]).toMatchObject({
      name: 'check.example.dev',
      clientConfig: { url: 'https://127.0.0.1:1/validate' },
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'], scope: 'Namespaced' }],
      failurePolicy: 'Ignore',
      sideEffects: 'None',
      timeoutSeconds: 3,
      admissionReviewVersions: ['v1'],
    });
  });

  it('creates a CustomResourceDefinition whose schema has float bounds and JSON defaults, and it is established', async () => {
    const maximum = Buffer.alloc(8);
    maximum.writeDoubleLE(2.5);
    const size = pb.msg(2, pb.str(5, 'number'), pb.fixed64(9, maximum), pb.msg(8, pb.str(1, '1.5'))); // type, maximum, default
    const schema = pb.msg(1, pb.str(5, 'object'), pb.msg(29, pb.str(1, 'size'), size)); // openAPIV3Schema.properties
    const version = pb.msg(7, pb.str(1, 'v1'), pb.varint(2, true), pb.varint(3, true), pb.msg(4, schema));
    const spec = pb.msg(
      2,
      pb.str(1, 'example.dev'),
      pb.msg(3, pb.str(1, 'widgets'), pb.str(4, 'Widget')),
      pb.str(4, 'Namespaced'),
      version,
    );
    const r = await post(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      envelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', meta('widgets.example.dev'), spec),
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const versions = (r.json['spec'] as { versions: Array<{ schema: unknown }> }).versions;
    expect(versions[0]!.schema).toEqual({
      openAPIV3Schema: { type: 'object', properties: { size: { type: 'number', maximum: 2.5, default: 1.5 } } },
    });
    const established = await d.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.dev', '--timeout=10s']);
    expect(established.code, established.stderr).toBe(0);
  });

  it("answers custom resources and kcp's kinds with 415, in kube's words", async () => {
    const cr = await post('/apis/example.dev/v1/namespaces/default/widgets', envelope('example.dev/v1', 'Widget', meta('w')));
    expect(cr.status).toBe(415);
    expect(cr.json).toMatchObject({
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (not for example.dev/v1, Kind=Widget)',
    });
    const ws = await post('/apis/tenancy.kcp.io/v1alpha1/workspaces', envelope('tenancy.kcp.io/v1alpha1', 'Workspace', meta('w')));
    expect(ws.status).toBe(415);
    expect(ws.json['message']).toContain('(not for tenancy.kcp.io/v1alpha1, Kind=Workspace)');
  });
});
