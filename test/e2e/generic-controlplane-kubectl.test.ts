// The generic control plane (issue 17) with the real kubectl: `--mode generic` without workspaces, batteries that
// compose independently (authorization off is AlwaysAllow), the same batteries per workspace in kcp mode, the
// certificates battery's CSR flow ending in a certificate kubectl authenticates with, and the apiservices battery
// aggregating an HTTPS server the test starts on loopback.
import { execa } from 'execa';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCA, issueServingCert } from '../../daemon/auth/pki.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

const kinds = async (d: TestDaemon, server?: string) => {
  const r = await d.kubectl(['api-resources', '--no-headers'], server ? { server } : {});
  return [
    ...new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/).at(-1)!),
    ),
  ].sort();
};

const until = async (what: () => Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

/** A key and a PKCS#10 request for CN/O, made by openssl as a user would. */
async function csrFor(d: TestDaemon, name: string, subject: string): Promise<{ key: string; request: string }> {
  const key = d.file(`${name}.key`, '');
  const csr = d.file(`${name}.csr`, '');
  await execa('openssl', [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-subj',
    subject,
    '-keyout',
    key,
    '-out',
    csr,
  ]);
  return { key, request: readFileSync(csr).toString('base64') };
}

const csrYaml = (name: string, request: string, signer: string, extra = '') =>
  `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata: {name: ${name}}\nspec:\n  request: ${request}\n  signerName: ${signer}\n  usages: [client auth]\n${extra}`;

describe('--mode generic --batteries none', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon(['--mode', 'generic', '--batteries', 'none']);
  });
  afterAll(async () => d?.stop());

  it('serves only the core set, with no workspaces', async () => {
    expect(await kinds(d)).toEqual(['ConfigMap', 'Event', 'Namespace', 'ResourceQuota', 'Secret', 'ServiceAccount']);
    expect((await d.kubectl(['get', 'workspaces'])).stderr).toContain('the server doesn\'t have a resource type "workspaces"');
    expect((await d.kubectl(['get', '--raw', '/apis'])).stdout).not.toContain('tenancy.kcp.io');
  });

  it('serves plain /api with kube’s namespaces, and /clusters/root as the same cluster', async () => {
    expect((await d.kubectl(['get', 'ns', '-o', 'name'])).stdout.split('\n').sort()).toEqual(
      expect.arrayContaining(['namespace/default', 'namespace/kube-public', 'namespace/kube-system']),
    );
    expect((await d.kubectl(['create', 'configmap', 'c', '--from-literal=a=b'])).code).toBe(0);
    expect((await d.kubectl(['get', 'cm', 'c', '-o', 'name'], { server: `${d.url}/clusters/root` })).stdout.trim()).toBe('configmap/c');
    expect((await d.kubectl(['get', 'cm'], { server: `${d.url}/clusters/root:other` })).code).not.toBe(0);
  });

  it('allows every authenticated request without the authorization battery (AlwaysAllow)', async () => {
    expect((await d.kubectl(['--context', 'user', 'get', 'secrets', '-A'])).code).toBe(0);
    expect((await d.kubectl(['--context', 'user', 'create', 'secret', 'generic', 's', '--from-literal=a=b'])).code).toBe(0);
    expect((await d.kubectl(['--token', 'nope', 'get', 'ns'])).stderr).toContain('Unauthorized');
  });
});

describe('batteries compose independently', () => {
  it('leases,crds: their kinds, and neither RBAC nor the review kinds', async () => {
    const d = await startTestDaemon(['--mode=generic', '--batteries=leases,crds']);
    try {
      const k = await kinds(d);
      expect(k).toEqual(expect.arrayContaining(['Lease', 'CustomResourceDefinition']));
      for (const absent of [
        'ClusterRole',
        'TokenReview',
        'SelfSubjectReview',
        'SubjectAccessReview',
        'FlowSchema',
        'APIService',
        'CertificateSigningRequest',
      ]) {
        expect(k).not.toContain(absent);
      }
      // Without authentication's review kinds, `kubectl auth whoami` has nothing to ask.
      expect((await d.kubectl(['auth', 'whoami'])).code).not.toBe(0);
      expect((await d.kubectl(['--context', 'user', 'get', 'crds'])).code).toBe(0);
    } finally {
      await d.stop();
    }
  });

  it('authorization alone: RBAC decides, the access reviews answer', async () => {
    const d = await startTestDaemon(['--mode', 'generic', '--batteries', 'authorization']);
    try {
      const k = await kinds(d);
      expect(k).toEqual(expect.arrayContaining(['ClusterRole', 'RoleBinding', 'SubjectAccessReview']));
      expect(k).not.toContain('Lease');
      expect((await d.kubectl(['--context', 'user', 'get', 'secrets'])).stderr).toContain(
        'User "user" cannot list resource "secrets" in API group "" in the namespace "default"',
      );
      await d.kubectl(['create', 'rolebinding', 'u', '--clusterrole=view', '--user=user', '-n', 'default']);
      expect((await d.kubectl(['--context', 'user', 'auth', 'can-i', 'list', 'configmaps'])).stdout.trim()).toBe('yes');
    } finally {
      await d.stop();
    }
  });

  it('kcp mode: a workspace serves the start flags’ batteries, and authorization off lets users in', async () => {
    const d = await startTestDaemon(['--batteries=-authorization,-flowcontrol']);
    try {
      expect(
        (await d.kubectl(['create', '-f', '-'], { input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: w}\n' }))
          .code,
      ).toBe(0);
      expect(await until(async () => (await d.kubectl(['get', 'ws', 'w', '-o', 'jsonpath={.status.phase}'])).stdout === 'Ready')).toBe(
        true,
      );
      const k = await kinds(d, `${d.url}/clusters/root:w`);
      expect(k).toEqual(expect.arrayContaining(['Lease', 'CustomResourceDefinition', 'Workspace', 'CertificateSigningRequest']));
      for (const absent of ['ClusterRole', 'FlowSchema', 'APIService']) expect(k).not.toContain(absent);
      expect((await d.kubectl(['--context', 'user', 'get', 'cm'], { server: `${d.url}/clusters/root:w` })).code).toBe(0);
    } finally {
      await d.stop();
    }
  });

  it('refuses an unknown battery in one line naming the valid ones', async () => {
    const err = await startTestDaemon(['--batteries', 'leases,nonsense']).then(
      async (d) => {
        await d.stop();
        return '';
      },
      (e: Error) => e.message,
    );
    expect(err).toContain(
      'unknown battery "nonsense" (valid: leases, authentication, authorization, admission, flowcontrol, crds, certificates, apiservices; or all, none)',
    );
  });
});

describe('the certificates battery', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon(['--mode', 'generic', '--batteries', 'authentication,authorization,certificates']);
  });
  afterAll(async () => d?.stop());

  it('signs an approved kube-apiserver-client request with the client CA: the certificate authenticates', async () => {
    const { key, request } = await csrFor(d, 'alice', '/CN=alice/O=devs/O=ops');
    expect(
      (
        await d.kubectl(['create', '-f', '-'], {
          input: csrYaml('alice', request, 'kubernetes.io/kube-apiserver-client', '  expirationSeconds: 3600\n'),
        })
      ).code,
    ).toBe(0);
    const row = (await d.kubectl(['get', 'csr', 'alice', '--no-headers'])).stdout;
    expect(row).toMatch(/^alice\s+\S+\s+kubernetes\.io\/kube-apiserver-client\s+kcp-admin\s+60m\s+Pending$/m);
    expect((await d.kubectl(['certificate', 'approve', 'alice'])).stdout).toContain(
      'certificatesigningrequest.certificates.k8s.io/alice approved',
    );
    const cert = () => d.kubectl(['get', 'csr', 'alice', '-o', 'jsonpath={.status.certificate}']);
    expect(await until(async () => (await cert()).stdout !== '')).toBe(true);
    expect((await d.kubectl(['get', 'csr', 'alice', '--no-headers'])).stdout).toMatch(/Approved,Issued$/m);
    const pem = Buffer.from((await cert()).stdout, 'base64').toString();
    const x = new X509Certificate(pem);
    // expirationSeconds is honoured: valid for exactly an hour.
    expect(Date.parse(x.validTo) - Date.parse(x.validFrom)).toBe(3600_000);
    const crt = d.file('alice.crt', pem);
    await d.kubectl(['config', 'set-credentials', 'alice', `--client-certificate=${crt}`, `--client-key=${key}`]);
    const who = await d.kubectl([
      '--user',
      'alice',
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username} {.status.userInfo.groups}',
    ]);
    expect(who.stdout).toBe('alice ["devs","ops","system:authenticated"]');
  });

  it('records a denial, and nothing is signed', async () => {
    const { request } = await csrFor(d, 'bob', '/CN=bob');
    await d.kubectl(['create', '-f', '-'], { input: csrYaml('bob', request, 'kubernetes.io/kube-apiserver-client') });
    expect((await d.kubectl(['certificate', 'deny', 'bob'])).stdout).toContain('denied');
    await new Promise((r) => setTimeout(r, 300));
    expect(
      (await d.kubectl(['get', 'csr', 'bob', '-o', 'jsonpath={.status.conditions[0].type} {.status.certificate}'])).stdout.trim(),
    ).toBe('Denied');
    expect((await d.kubectl(['certificate', 'approve', 'bob'])).stderr).toContain('is already Denied');
  });

  it('needs approve on the signer to approve (RBAC on signers)', async () => {
    const { request } = await csrFor(d, 'carol', '/CN=carol');
    await d.kubectl(['create', '-f', '-'], { input: csrYaml('carol', request, 'kubernetes.io/kube-apiserver-client') });
    const role = [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata: {name: csr-approver}',
      'rules:',
      '- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests], verbs: [get, list]}',
      '- {apiGroups: [certificates.k8s.io], resources: [certificatesigningrequests/approval], verbs: [update]}',
    ].join('\n');
    await d.kubectl(['apply', '-f', '-'], { input: role });
    await d.kubectl(['create', 'clusterrolebinding', 'user-csr', '--clusterrole=csr-approver', '--user=user']);
    const refused = await d.kubectl(['--context', 'user', 'certificate', 'approve', 'carol']);
    expect(refused.stderr).toContain(
      'certificatesigningrequests.certificates.k8s.io "carol" is forbidden: user not permitted to approve requests with signerName "kubernetes.io/kube-apiserver-client"',
    );
    await d.kubectl(['apply', '-f', '-'], {
      input: `${role}\n- {apiGroups: [certificates.k8s.io], resources: [signers], resourceNames: [kubernetes.io/*], verbs: [approve]}\n`,
    });
    expect((await d.kubectl(['--context', 'user', 'certificate', 'approve', 'carol'])).code).toBe(0);
  });

  it('validates as kube does, and keeps system:masters out of client certificates', async () => {
    const bad = await d.kubectl(['create', '-f', '-'], {
      input: csrYaml('bad', Buffer.from('not a request').toString('base64'), 'example', '  expirationSeconds: 60\n'),
    });
    expect(bad.stderr).toContain('spec.request: Invalid value');
    expect(bad.stderr).toContain('PEM block type must be CERTIFICATE REQUEST');
    expect(bad.stderr).toContain(
      'spec.signerName: Invalid value: "example": must be a fully qualified domain and path of the form \'example.com/signer-name\'',
    );
    expect(bad.stderr).toContain(
      'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)',
    );
    const { request } = await csrFor(d, 'root', '/CN=root/O=system:masters');
    expect(
      (await d.kubectl(['create', '-f', '-'], { input: csrYaml('root', request, 'kubernetes.io/kube-apiserver-client') })).stderr,
    ).toContain('use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed');
  });

  it('fails a kubelet client request that is not a node’s identity', async () => {
    const { request } = await csrFor(d, 'kubelet', '/CN=notanode/O=system:nodes');
    await d.kubectl(['create', '-f', '-'], { input: csrYaml('kubelet', request, 'kubernetes.io/kube-apiserver-client-kubelet') });
    await d.kubectl(['certificate', 'approve', 'kubelet']);
    const failed = async () =>
      (await d.kubectl(['get', 'csr', 'kubelet', '-o', 'jsonpath={.status.conditions[?(@.type=="Failed")].message}'])).stdout;
    expect(await until(async () => (await failed()) !== '')).toBe(true);
    expect(await failed()).toBe('subject common name does not begin with system:node:');
    expect((await d.kubectl(['get', 'csr', 'kubelet', '--no-headers'])).stdout).toMatch(/Approved,Failed$/m);
  });
});

// What the extension server says of its kinds: a Widget with a documented spec, its own (different) ObjectMeta, and
// a path of another group, which the aggregator leaves out.
const WIDGET_GVK = [{ group: 'ext.example.dev', version: 'v1', kind: 'Widget' }];
const widgetSchema = (metaRef: string) => ({
  description: 'A widget the extension server keeps.',
  type: 'object',
  properties: {
    apiVersion: { description: 'The versioned schema.', type: 'string' },
    kind: { description: 'The kind.', type: 'string' },
    metadata: { $ref: metaRef },
    spec: {
      description: 'What the widget should be.',
      type: 'object',
      properties: { sprockets: { description: 'How many sprockets the widget turns.', type: 'integer' } },
    },
  },
  'x-kubernetes-group-version-kind': WIDGET_GVK,
});
const extOpenAPIv2 = {
  swagger: '2.0',
  info: { title: 'ext', version: 'v1' },
  paths: {
    '/apis/ext.example.dev/v1/namespaces/{namespace}/widgets/{name}': {
      get: {
        operationId: 'readWidget',
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/dev.example.ext.v1.Widget' } } },
      },
    },
    '/apis/other.example.dev/v1/things': {
      get: {
        operationId: 'listThings',
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/dev.example.other.v1.Thing' } } },
      },
    },
  },
  definitions: {
    'dev.example.ext.v1.Widget': widgetSchema('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
    'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { description: 'The extension server’s own metadata.', type: 'object' },
    'dev.example.other.v1.Thing': { type: 'object' },
  },
};
// kubectl explain finds a resource's kind in a v3 document by its paths' operations, as kube's documents mark them.
const v3Operation = (action: string) => ({
  'x-kubernetes-action': action,
  'x-kubernetes-group-version-kind': WIDGET_GVK[0],
  responses: {
    '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/dev.example.ext.v1.Widget' } } } },
  },
});
const extOpenAPIv3 = {
  openapi: '3.0.0',
  info: { title: 'ext', version: 'v1' },
  paths: {
    '/apis/ext.example.dev/v1/namespaces/{namespace}/widgets': { get: v3Operation('list') },
    '/apis/ext.example.dev/v1/namespaces/{namespace}/widgets/{name}': { get: v3Operation('get') },
  },
  components: {
    schemas: {
      'dev.example.ext.v1.Widget': widgetSchema('#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'),
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { description: 'The extension server’s own metadata.', type: 'object' },
    },
  },
};

describe('the apiservices battery', () => {
  let d: TestDaemon;
  let ext: Server;
  let extURL: string;
  let caBundle: string;
  const seen: Array<{ user: string | string[] | undefined; groups: string | string[] | undefined; clientCN: string }> = [];

  beforeAll(async () => {
    d = await startTestDaemon(['--mode', 'generic', '--batteries', 'apiservices,crds']);
    const ca = await createCA('ext-ca');
    const serving = await issueServingCert(ca, { dnsNames: ['ext.default.svc'], ips: [] });
    caBundle = Buffer.from(ca.cert).toString('base64');
    const list = {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: 'ext.example.dev/v1',
      resources: [
        { name: 'widgets', singularName: 'widget', namespaced: true, kind: 'Widget', verbs: ['get', 'list'], shortNames: ['wd'] },
        { name: 'widgets/status', singularName: '', namespaced: true, kind: 'Widget', verbs: ['get'] },
      ],
    };
    ext = createServer({ key: serving.key, cert: serving.cert, requestCert: true, rejectUnauthorized: false }, (req, res) => {
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
      seen.push({ user: req.headers['x-remote-user'], groups: req.headers['x-remote-group'], clientCN: String(peer?.subject?.CN ?? '') });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/apis/ext.example.dev/v1') return res.end(JSON.stringify(list));
      if (req.url === '/openapi/v2') return res.end(JSON.stringify(extOpenAPIv2));
      if (req.url === '/openapi/v3/apis/ext.example.dev/v1') return res.end(JSON.stringify(extOpenAPIv3));
      if (req.url?.startsWith('/apis/ext.example.dev/v1/namespaces/default/widgets')) {
        return res.end(
          JSON.stringify({
            kind: 'WidgetList',
            apiVersion: 'ext.example.dev/v1',
            metadata: {},
            items: [
              {
                apiVersion: 'ext.example.dev/v1',
                kind: 'Widget',
                metadata: { name: 'w1', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
              },
            ],
          }),
        );
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' }));
    });
    await new Promise<void>((r) => ext.listen(0, '127.0.0.1', r));
    extURL = `https://127.0.0.1:${(ext.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await d?.stop();
    await new Promise((r) => ext?.close(r));
  });

  it('lists a Local APIService for every built-in group/version', async () => {
    const rows = (await d.kubectl(['get', 'apiservices', '--no-headers'])).stdout;
    expect(rows).toMatch(/^v1\.\s+Local\s+True\s+/m);
    expect(rows).toMatch(/^v1\.apiextensions\.k8s\.io\s+Local\s+True\s+/m);
    expect(rows).toMatch(/^v1\.apiregistration\.k8s\.io\s+Local\s+True\s+/m);
    expect(rows).not.toMatch(/coordination/);
  });

  it('adds and removes the Local APIService of a CRD’s group/version', async () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: gadgets.crd.example.dev}',
      'spec:',
      '  group: crd.example.dev',
      '  scope: Namespaced',
      '  names: {plural: gadgets, singular: gadget, kind: Gadget}',
      '  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]',
    ].join('\n');
    await d.kubectl(['create', '-f', '-'], { input: crd });
    const has = async () => (await d.kubectl(['get', 'apiservice', 'v1.crd.example.dev', '-o', 'jsonpath={.metadata.labels}'])).stdout;
    expect(await until(async () => (await has()).includes('"kube-aggregator.kubernetes.io/automanaged":"true"'))).toBe(true);
    await d.kubectl(['delete', 'crd', 'gadgets.crd.example.dev']);
    expect(await until(async () => (await d.kubectl(['get', 'apiservice', 'v1.crd.example.dev'])).code !== 0)).toBe(true);
  });

  it('refuses a malformed APIService in kube’s words', async () => {
    const r = await d.kubectl(['create', '-f', '-'], {
      input:
        'apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata: {name: v1.wrong.dev}\nspec: {group: other.dev, version: v1, groupPriorityMinimum: 0, versionPriority: 10}\n',
    });
    expect(r.stderr).toContain('metadata.name: Invalid value: "v1.wrong.dev": must be `spec.version+"."+spec.group`: "v1.other.dev"');
    expect(r.stderr).toContain('spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000');
  });

  it('aggregates a server: Available, discovery merged, requests proxied as the caller', async () => {
    const svc = (url?: string) =>
      [
        'apiVersion: apiregistration.k8s.io/v1',
        'kind: APIService',
        'metadata:',
        '  name: v1.ext.example.dev',
        ...(url ? [`  annotations: {apiregistration.kcpx.io/url: "${url}"}`] : []),
        'spec:',
        '  group: ext.example.dev',
        '  version: v1',
        '  groupPriorityMinimum: 1000',
        '  versionPriority: 15',
        `  caBundle: ${caBundle}`,
        '  service: {namespace: default, name: ext}',
      ].join('\n');
    await d.kubectl(['apply', '-f', '-'], { input: svc() });
    const available = async () => (await d.kubectl(['get', 'apiservice', 'v1.ext.example.dev', '--no-headers'])).stdout;
    expect(await until(async () => /default\/ext\s+False \(ServiceNotFound\)/.test(await available()))).toBe(true);
    await d.kubectl(['apply', '-f', '-'], { input: svc(extURL) });
    expect(await until(async () => /default\/ext\s+True\s/.test(await available()))).toBe(true);
    expect((await d.kubectl(['get', 'apiservice', 'v1.ext.example.dev', '-o', 'jsonpath={.spec.service.port}'])).stdout).toBe('443');

    expect(await kinds(d)).toContain('Widget');
    expect((await d.kubectl(['get', '--raw', '/apis'])).stdout).toContain('"groupVersion":"ext.example.dev/v1"');
    const got = await d.kubectl(['get', 'widgets', '-n', 'default', '-o', 'name']);
    expect(got.stdout.trim()).toBe('widget.ext.example.dev/w1');
    const last = seen.at(-1)!;
    expect(last.user).toBe('kcp-admin');
    expect(String(last.groups)).toContain('system:kcp:admin');
    expect(last.clientCN).toBe('kcpx-aggregator');
  });

  it('merges the server’s OpenAPI v2 into /openapi/v2 as kube-aggregator does: kubectl explain reads it', async () => {
    const doc = JSON.parse((await d.kubectl(['get', '--raw', '/openapi/v2'])).stdout) as {
      paths: Record<string, unknown>;
      definitions: Record<string, { description?: string; properties?: Record<string, { $ref?: string }> }>;
    };
    expect(doc.paths).toHaveProperty(['/apis/ext.example.dev/v1/namespaces/{namespace}/widgets/{name}']);
    expect(doc.paths).toHaveProperty(['/api/v1/namespaces']);
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/apis/other.example.dev/'))).toEqual([]);
    expect(doc.definitions).not.toHaveProperty(['dev.example.other.v1.Thing']);
    // Its ObjectMeta differs from the control plane's: renamed, and the Widget points at the renamed one.
    expect(doc.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.description).not.toContain('extension server');
    expect(doc.definitions['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta_v2']!.description).toBe('The extension server’s own metadata.');
    expect(doc.definitions['dev.example.ext.v1.Widget']!.properties!['metadata']!.$ref).toBe(
      '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta_v2',
    );
    // kubectl reads /openapi/v2 as protobuf for this output.
    const v2 = await d.kubectl(['explain', 'widgets.spec', '--output=plaintext-openapiv2']);
    expect(v2.stderr).toBe('');
    expect(v2.stdout).toContain('What the widget should be.');
    expect(v2.stdout).toMatch(/sprockets\s+<integer>/);
    expect(seen.some((s) => s.user === 'system:aggregator')).toBe(true);
    // And the default output reads the server's v3 document through the aggregated index.
    const v3 = await d.kubectl(['explain', 'widgets.spec.sprockets']);
    expect(v3.stderr).toBe('');
    expect(v3.stdout).toContain('How many sprockets the widget turns.');
  });

  it('marks a server that stops answering unavailable', async () => {
    await new Promise((r) => ext.close(r));
    ext.closeAllConnections();
    const available = async () => (await d.kubectl(['get', 'apiservice', 'v1.ext.example.dev', '--no-headers'])).stdout;
    expect(await until(async () => /False \(FailedDiscoveryCheck\)/.test(await available()), 25_000)).toBe(true);
    expect(
      (await d.kubectl(['get', 'apiservice', 'v1.ext.example.dev', '-o', 'jsonpath={.status.conditions[0].message}'])).stdout,
    ).toContain(`failing or missing response from ${extURL}/apis/ext.example.dev/v1`);
    expect((await d.kubectl(['get', 'widgets', '-n', 'default'])).code).not.toBe(0);
  }, 40_000);
});
