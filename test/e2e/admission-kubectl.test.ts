// Admission that acts, with the real kubectl: webhooks served by a loopback HTTPS server the test starts (its own
// CA), ValidatingAdmissionPolicies with params, and ResourceQuota under concurrent creators — each per workspace.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { createPKI } from '../../daemon/auth/pki.js';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let hook: https.Server;
let hookPort = 0;
let caBundle = '';
/** What the webhook server was asked: path, operation, name, and the whole review. */
const calls: Array<{ path: string; review: { request: Record<string, unknown> } }> = [];
let connections = 0;
/** How the test webhook answers `/slow` (ms) — longer than a webhook's timeout. */
const SLOW_MS = 3000;

let agent: Agent;
let token = '';

async function api(method: string, path: string, body?: unknown) {
  const res = await request(`${d.url}${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const ws =
  (name: string) =>
  (...args: string[]) =>
    d.kubectl(args, { server: `${d.url}/clusters/root:${name}` });
const wsIn =
  (name: string) =>
  (input: string, ...args: string[]) =>
    d.kubectl(args, { server: `${d.url}/clusters/root:${name}`, input });

async function ok(p: Promise<{ code: number; stderr: string; stdout: string }>): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

async function workspace(name: string): Promise<void> {
  await ok(
    d.kubectl(['create', '-f', '-'], {
      server: `${d.url}/clusters/root`,
      input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`,
    }),
  );
  for (let i = 0; i < 100; i++) {
    const r = await d.kubectl(['get', 'workspace', name, '-o', 'jsonpath={.status.phase}'], { server: `${d.url}/clusters/root` });
    if (r.stdout === 'Ready') return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

function webhookAnswer(path: string, review: { request: Record<string, unknown> }) {
  const req = review.request;
  const obj = (req['object'] ?? {}) as { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
  const response: Record<string, unknown> = { uid: req['uid'], allowed: true };
  if (path === '/validate' && obj.metadata?.labels?.['deny'] === 'true') {
    response['allowed'] = false;
    response['status'] = { code: 403, message: 'denied by test webhook' };
  }
  if (path === '/validate') response['warnings'] = ['seen by the test webhook'];
  if (path === '/mutate') {
    const ops: unknown[] = obj.metadata?.annotations ? [] : [{ op: 'add', path: '/metadata/annotations', value: {} }];
    ops.push({ op: 'add', path: '/metadata/annotations/mutated', value: 'yes' });
    response['patchType'] = 'JSONPatch';
    response['patch'] = Buffer.from(JSON.stringify(ops)).toString('base64');
  }
  if (path === '/label') {
    // adds a label the reinvoked webhook below reacts to
    response['patchType'] = 'JSONPatch';
    response['patch'] = Buffer.from(JSON.stringify([{ op: 'add', path: '/metadata/labels', value: { stage: 'labelled' } }])).toString(
      'base64',
    );
  }
  if (path === '/count') {
    const seen = Number(obj.metadata?.annotations?.['seen'] ?? '0');
    const ops: unknown[] = obj.metadata?.annotations ? [] : [{ op: 'add', path: '/metadata/annotations', value: {} }];
    ops.push({ op: 'add', path: '/metadata/annotations/seen', value: String(seen + 1) });
    if (obj.metadata?.labels?.['stage']) ops.push({ op: 'add', path: '/metadata/annotations/saw-label', value: 'yes' });
    response['patchType'] = 'JSONPatch';
    response['patch'] = Buffer.from(JSON.stringify(ops)).toString('base64');
  }
  if (path === '/wrong-uid') response['uid'] = 'not-the-request';
  if (path === '/bad-type') {
    response['patchType'] = 'JSONPatch';
    response['patch'] = Buffer.from(JSON.stringify([{ op: 'add', path: '/data', value: { n: 1 } }])).toString('base64');
  }
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response };
}

beforeAll(async () => {
  const pki = await createPKI();
  caBundle = Buffer.from(pki.ca.cert).toString('base64');
  hook = https.createServer({ key: pki.serving.key, cert: pki.serving.cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const review = JSON.parse(body) as { request: Record<string, unknown> };
      const path = req.url ?? '';
      calls.push({ path, review });
      const answer = () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(webhookAnswer(path, review)));
      };
      if (path === '/slow') setTimeout(answer, SLOW_MS);
      else answer();
    });
  });
  hook.on('connection', () => connections++);
  await new Promise<void>((res) => hook.listen(0, '127.0.0.1', res));
  hookPort = (hook.address() as AddressInfo).port;
  d = await startTestDaemon();
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ name: string; user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users.find((u) => u.name === 'kcp-admin')?.user.token ?? cfg.users[0]!.user.token;
  await Promise.all(['hooks', 'plain', 'policies', 'quota', 'authz'].map(workspace));
}, 60_000);

afterAll(async () => {
  await d?.stop();
  await agent?.close();
  hook?.closeAllConnections();
  await new Promise((res) => hook?.close(res));
});

const webhookConfig = (kind: 'Validating' | 'Mutating', name: string, path: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: `${kind}WebhookConfiguration`,
  metadata: { name },
  webhooks: [
    {
      name: `${name}.example.dev`,
      admissionReviewVersions: ['v1'],
      sideEffects: 'None',
      failurePolicy: 'Fail',
      clientConfig: { url: `https://127.0.0.1:${hookPort}${path}`, caBundle },
      rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }],
      ...extra,
    },
  ],
});

describe('webhooks', () => {
  const hooks = ws('hooks');
  const hooksIn = wsIn('hooks');
  const apply = (o: unknown) => ok(hooksIn(JSON.stringify(o), 'apply', '-f', '-'));
  const del = (kind: string, name: string) => ok(hooks('delete', kind, name));

  it('a validating webhook refuses in kube’s words, sees the request and user, and warns', async () => {
    await apply(webhookConfig('Validating', 'deny', '/validate'));
    const bad = await hooksIn('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, labels: {deny: "true"}}\n', 'create', '-f', '-');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim()).toBe(
      // the webhook's status names no reason, and kube adds none
      'Error from server: error when creating "STDIN": admission webhook "deny.example.dev" denied the request: denied by test webhook',
    );
    expect((await hooks('get', 'configmap', 'bad')).code).not.toBe(0);
    const good = await hooks('create', 'configmap', 'good');
    expect(good.code).toBe(0);
    expect(good.stderr).toContain('Warning: seen by the test webhook');
    const call = calls.filter((c) => c.path === '/validate').at(-1)!.review.request;
    expect(call).toMatchObject({
      operation: 'CREATE',
      name: 'good',
      namespace: 'default',
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      dryRun: false,
      oldObject: null,
    });
    expect((call['userInfo'] as { username: string }).username).toBe('kcp-admin');
    // an update carries the old object
    await ok(hooks('label', 'configmap', 'good', 'x=y'));
    const update = calls.filter((c) => c.path === '/validate').at(-1)!.review.request;
    expect(update['operation']).toBe('UPDATE');
    expect((update['oldObject'] as { metadata: { name: string } }).metadata.name).toBe('good');
    await del('validatingwebhookconfiguration', 'deny');
  });

  it('a mutating webhook’s JSON patch is stored, and webhooks of one workspace see nothing of another', async () => {
    await apply(webhookConfig('Mutating', 'annotate', '/mutate'));
    await ok(hooks('create', 'configmap', 'mutated'));
    expect(await ok(hooks('get', 'configmap', 'mutated', '-o', 'jsonpath={.metadata.annotations.mutated}'))).toBe('yes');
    const before = calls.length;
    await ok(ws('plain')('create', 'configmap', 'free'));
    expect(calls.length).toBe(before);
    expect(await ok(ws('plain')('get', 'configmap', 'free', '-o', 'jsonpath={.metadata.annotations.mutated}'))).toBe('');
    await del('mutatingwebhookconfiguration', 'annotate');
  });

  it('reinvokes a webhook with reinvocationPolicy IfNeeded when a later webhook changed the object', async () => {
    // called in the order of their configurations' names: a-count, then b-label
    await apply(webhookConfig('Mutating', 'a-count', '/count', { reinvocationPolicy: 'IfNeeded' }));
    await apply(webhookConfig('Mutating', 'b-label', '/label'));
    await ok(hooks('create', 'configmap', 'reinvoked'));
    const annotations = JSON.parse(await ok(hooks('get', 'configmap', 'reinvoked', '-o', 'jsonpath={.metadata.annotations}'))) as Record<
      string,
      string
    >;
    expect(annotations).toMatchObject({ seen: '2', 'saw-label': 'yes' });
    await del('mutatingwebhookconfiguration', 'a-count');
    await del('mutatingwebhookconfiguration', 'b-label');
  });

  it('a patch that makes the object undecodable is refused, and nothing is stored', async () => {
    await apply(webhookConfig('Mutating', 'bad-type', '/bad-type'));
    const r = await hooks('create', 'configmap', 'ill-typed');
    expect(r.stderr).toContain('failed calling webhook "bad-type.example.dev": the patched object does not decode:');
    expect(r.stderr).toContain('cannot unmarshal number into Go struct field ConfigMap.data of type string');
    expect((await hooks('get', 'configmap', 'ill-typed')).code).not.toBe(0);
    await del('mutatingwebhookconfiguration', 'bad-type');
  });

  it('objectSelector, namespaceSelector and matchConditions decide which requests a webhook sees', async () => {
    await ok(hooks('create', 'namespace', 'watched'));
    await ok(hooks('label', 'namespace', 'watched', 'hooked=yes'));
    await apply(
      webhookConfig('Validating', 'selective', '/validate', {
        namespaceSelector: { matchLabels: { hooked: 'yes' } },
        objectSelector: { matchExpressions: [{ key: 'skip', operator: 'DoesNotExist' }] },
        matchConditions: [{ name: 'not-system', expression: "!request.name.startsWith('sys-')" }],
      }),
    );
    const seen = (name: string) => calls.some((c) => c.path === '/validate' && c.review.request['name'] === name);
    await ok(hooks('create', 'configmap', 'in-default'));
    await ok(hooks('create', 'configmap', 'in-watched', '-n', 'watched'));
    await ok(
      hooksIn('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: skipped, namespace: watched, labels: {skip: "1"}}\n', 'create', '-f', '-'),
    );
    await ok(hooks('create', 'configmap', 'sys-internal', '-n', 'watched'));
    expect([seen('in-default'), seen('in-watched'), seen('skipped'), seen('sys-internal')]).toEqual([false, true, false, false]);
    await del('validatingwebhookconfiguration', 'selective');
  });

  it('failurePolicy Fail refuses when the webhook is unreachable, slow past its timeout or answers wrongly; Ignore lets it through', async () => {
    await apply({
      ...webhookConfig('Validating', 'dead', '/validate'),
      webhooks: [
        {
          ...webhookConfig('Validating', 'dead', '/validate').webhooks[0],
          clientConfig: { url: 'https://127.0.0.1:1/validate', caBundle },
        },
      ],
    });
    const refused = await hooks('create', 'configmap', 'unreachable');
    expect(refused.stderr.trim()).toBe(
      'error: failed to create configmap: Internal error occurred: failed calling webhook "dead.example.dev": failed to call webhook: Post "https://127.0.0.1:1/validate": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    await ok(
      hooks(
        'patch',
        'validatingwebhookconfiguration',
        'dead',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/webhooks/0/failurePolicy","value":"Ignore"}]',
      ),
    );
    await ok(hooks('create', 'configmap', 'let-through'));
    await del('validatingwebhookconfiguration', 'dead');

    await apply(webhookConfig('Validating', 'slow', '/slow', { timeoutSeconds: 1 }));
    const started = Date.now();
    const slow = await hooks('create', 'configmap', 'too-slow');
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    expect(slow.stderr).toContain(
      `failed calling webhook "slow.example.dev": failed to call webhook: Post "https://127.0.0.1:${hookPort}/slow": context deadline exceeded`,
    );
    await del('validatingwebhookconfiguration', 'slow');

    await apply(webhookConfig('Validating', 'liar', '/wrong-uid'));
    const wrong = await hooks('create', 'configmap', 'wrong-uid');
    expect(wrong.stderr).toContain('failed calling webhook "liar.example.dev": received invalid webhook response: expected response.uid=');
    await del('validatingwebhookconfiguration', 'liar');

    const untrusted = webhookConfig('Validating', 'untrusted', '/validate');
    untrusted.webhooks[0]!.clientConfig = { url: `https://127.0.0.1:${hookPort}/validate` } as never;
    await apply(untrusted);
    const tls = await hooks('create', 'configmap', 'untrusted');
    expect(tls.stderr).toContain('x509: certificate signed by unknown authority');
    await del('validatingwebhookconfiguration', 'untrusted');
  });

  it('a dry run reaches webhooks declared free of side effects, with dryRun set', async () => {
    await apply(webhookConfig('Validating', 'effects', '/validate', { sideEffects: 'NoneOnDryRun' }));
    await ok(hooks('create', 'configmap', 'dry', '--dry-run=server'));
    const call = calls.filter((c) => c.path === '/validate').at(-1)!.review.request;
    expect(call).toMatchObject({ name: 'dry', dryRun: true });
    expect((await hooks('get', 'configmap', 'dry')).code).not.toBe(0);
    await del('validatingwebhookconfiguration', 'effects');
  });

  it('a configuration no webhook could be called through is refused in kube’s words', async () => {
    const bad = webhookConfig('Validating', 'bad', '/validate');
    Object.assign(bad.webhooks[0]!, {
      name: 'short',
      sideEffects: 'Some',
      timeoutSeconds: 31,
      admissionReviewVersions: ['v2'],
      clientConfig: { url: 'http://127.0.0.1/x?y=1' },
    });
    const r = await hooksIn(JSON.stringify(bad), 'create', '-f', '-');
    expect(r.stderr.trim()).toBe(
      [
        'The ValidatingWebhookConfiguration "bad" is invalid: ',
        '* webhooks[0].name: Invalid value: "short": should be a domain with at least three segments separated by dots',
        '* webhooks[0].admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
        '* webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
        '* webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
        `* webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme`,
        '* webhooks[0].clientConfig.url: Invalid value: "y=1": query parameters are not permitted in the URL',
      ].join('\n'),
    );
  });

  it('reuses connections: many writes, few TLS connections', async () => {
    await apply(webhookConfig('Validating', 'reuse', '/validate'));
    await ok(hooks('create', 'configmap', 'warm-up'));
    const before = connections;
    for (let i = 0; i < 20; i++) {
      const r = await api('POST', '/clusters/root:hooks/api/v1/namespaces/default/configmaps', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `reuse-${i}` },
      });
      expect(r.status).toBe(201);
    }
    expect(connections - before).toBeLessThanOrEqual(1);
    await del('validatingwebhookconfiguration', 'reuse');
  });
});

describe('ValidatingAdmissionPolicy', () => {
  const pol = ws('policies');
  const polIn = wsIn('policies');
  const apply = (yaml: string) => ok(polIn(yaml, 'apply', '-f', '-'));

  it('denies with kube’s message and reason, admits what passes, and reports its status', async () => {
    await apply(`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: need-owner}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}]
  validations:
  - expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels"
    message: "configmaps need an owner label"
  - expression: "object.metadata.name.size() < 20"
    messageExpression: "'name ' + object.metadata.name + ' is too long'"
    reason: Forbidden
  - expression: "this is not CEL ("
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: need-owner}
spec: {policyName: need-owner, validationActions: [Deny]}
`);
    const denied = await api('POST', '/clusters/root:policies/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'nolabel' },
    });
    const message = "ValidatingAdmissionPolicy 'need-owner' with binding 'need-owner' denied request: configmaps need an owner label";
    expect(denied).toEqual({
      status: 422,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `configmaps "nolabel" is forbidden: ${message}`,
        reason: 'Invalid',
        details: { name: 'nolabel', kind: 'configmaps', causes: [{ message }] },
        code: 422,
      },
    });
    const status = JSON.parse(await ok(pol('get', 'validatingadmissionpolicy', 'need-owner', '-o', 'jsonpath={.status}'))) as {
      observedGeneration: number;
      typeChecking: { expressionWarnings: Array<{ fieldRef: string; warning: string }> };
    };
    expect(status.observedGeneration).toBe(1);
    expect(status.typeChecking.expressionWarnings.map((w) => w.fieldRef)).toEqual(['spec.validations[2].expression']);
  });

  it('a broken expression fails closed per failurePolicy, and messageExpression and reason shape the refusal', async () => {
    const long = await polIn(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a-name-much-too-long-for-it, labels: {owner: me}}\n',
      'create',
      '-f',
      '-',
    );
    expect(long.stderr).toContain('Error from server (Forbidden)');
    expect(long.stderr).toContain('denied request: name a-name-much-too-long-for-it is too long');
    const broken = await polIn('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine, labels: {owner: me}}\n', 'create', '-f', '-');
    expect(broken.stderr).toContain("denied request: expression 'this is not CEL (' resulted in error: compilation failed");
    await ok(
      pol('patch', 'validatingadmissionpolicy', 'need-owner', '--type=json', '-p', '[{"op":"remove","path":"/spec/validations/2"}]'),
    );
    await ok(polIn('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine, labels: {owner: me}}\n', 'create', '-f', '-'));
  });

  it('Warn answers with a warning instead of refusing', async () => {
    await ok(
      pol('patch', 'validatingadmissionpolicybinding', 'need-owner', '--type=merge', '-p', '{"spec":{"validationActions":["Warn"]}}'),
    );
    const r = await pol('create', 'configmap', 'warned');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "Warning: Validation failed for ValidatingAdmissionPolicy 'need-owner' with binding 'need-owner': configmaps need an owner label",
    );
    await ok(pol('delete', 'validatingadmissionpolicybinding', 'need-owner'));
  });

  it('authorizer: a policy admits only while a service account may approve releases, as RBAC says', async () => {
    const authz = ws('authz');
    const authzIn = wsIn('authz');
    await ok(
      authzIn(
        `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: need-approver}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}]
  variables:
  - name: approval
    expression: "authorizer.serviceAccount('default', 'approver').group('example.dev').resource('releases').namespace(object.metadata.namespace).check('approve')"
  validations:
  - expression: "variables.approval.allowed() && !variables.approval.errored()"
    message: "the approver cannot approve releases here"
  - expression: "authorizer.requestResource.check('create').allowed()"
    messageExpression: "'the requester cannot create ' + authorizer.requestResource.check('create').reason()"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: need-approver}
spec: {policyName: need-approver, validationActions: [Deny]}
`,
        'apply',
        '-f',
        '-',
      ),
    );
    const denied = await authz('create', 'configmap', 'before');
    expect(denied.stderr).toContain(
      "configmaps \"before\" is forbidden: ValidatingAdmissionPolicy 'need-approver' with binding 'need-approver' denied request: the approver cannot approve releases here",
    );
    await ok(
      authzIn(
        `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: approve-releases, namespace: default}
rules: [{apiGroups: [example.dev], resources: [releases], verbs: [approve]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: approver, namespace: default}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: approve-releases}
subjects: [{kind: ServiceAccount, name: approver, namespace: default}]
`,
        'apply',
        '-f',
        '-',
      ),
    );
    await ok(authz('create', 'configmap', 'after'));
    // Elsewhere the service account still may not approve.
    await ok(authz('create', 'namespace', 'other'));
    expect((await authz('create', 'configmap', 'elsewhere', '-n', 'other')).stderr).toContain('the approver cannot approve releases here');
  });

  it('params: a ConfigMap named by the binding, or selected; a missing one denies or allows as parameterNotFoundAction says', async () => {
    await ok(pol('create', 'namespace', 'limits'));
    await ok(pol('create', 'configmap', 'max', '-n', 'limits', '--from-literal=max=3'));
    await apply(`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: max-keys}
spec:
  paramKind: {apiVersion: v1, kind: ConfigMap}
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [secrets]}]
  variables:
  - name: keys
    expression: "has(object.data) ? object.data.size() : 0"
  validations:
  - expression: "variables.keys <= int(params.data.max)"
    messageExpression: "'at most ' + params.data.max + ' keys'"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: max-keys}
spec:
  policyName: max-keys
  validationActions: [Deny]
  paramRef: {name: max, namespace: limits, parameterNotFoundAction: Deny}
`);
    await ok(pol('create', 'secret', 'generic', 'small', '--from-literal=a=1'));
    const big = await pol(
      'create',
      'secret',
      'generic',
      'big',
      '--from-literal=a=1',
      '--from-literal=b=2',
      '--from-literal=c=3',
      '--from-literal=d=4',
    );
    expect(big.stderr).toContain("ValidatingAdmissionPolicy 'max-keys' with binding 'max-keys' denied request: at most 3 keys");
    await ok(pol('delete', 'configmap', 'max', '-n', 'limits'));
    const missing = await pol('create', 'secret', 'generic', 'no-params', '--from-literal=a=1');
    expect(missing.stderr).toContain('no params found for policy binding with `Deny` parameterNotFoundAction');
    await ok(
      pol(
        'patch',
        'validatingadmissionpolicybinding',
        'max-keys',
        '--type=merge',
        '-p',
        '{"spec":{"paramRef":{"parameterNotFoundAction":"Allow"}}}',
      ),
    );
    await ok(pol('create', 'secret', 'generic', 'allowed', '--from-literal=a=1'));
    // by selector: every selected param must pass
    await ok(pol('create', 'configmap', 'one', '-n', 'limits', '--from-literal=max=1'));
    await ok(pol('label', 'configmap', 'one', '-n', 'limits', 'limit=yes'));
    await ok(
      pol(
        'patch',
        'validatingadmissionpolicybinding',
        'max-keys',
        '--type=json',
        '-p',
        '[{"op":"replace","path":"/spec/paramRef","value":{"namespace":"limits","selector":{"matchLabels":{"limit":"yes"}},"parameterNotFoundAction":"Deny"}}]',
      ),
    );
    const two = await pol('create', 'secret', 'generic', 'two', '--from-literal=a=1', '--from-literal=b=2');
    expect(two.stderr).toContain('denied request: at most 1 keys');
  });
});

describe('ResourceQuota', () => {
  const q = ws('quota');

  it('counts objects into status.used, refuses past the limit in kube’s words, and frees quota on deletion', async () => {
    await ok(q('create', 'namespace', 'q'));
    await ok(q('create', 'quota', 'small', '-n', 'q', '--hard=count/secrets=1,configmaps=3'));
    // the namespace's kube-root-ca.crt is not there in kcpx: configmaps start at 0
    const status = JSON.parse(await ok(q('get', 'quota', 'small', '-n', 'q', '-o', 'jsonpath={.status}'))) as unknown;
    expect(status).toEqual({ hard: { configmaps: '3', 'count/secrets': '1' }, used: { configmaps: '0', 'count/secrets': '0' } });
    await ok(q('create', 'secret', 'generic', 's1', '-n', 'q'));
    const over = await q('create', 'secret', 'generic', 's2', '-n', 'q');
    expect(over.stderr.trim()).toBe(
      'error: failed to create secret secrets "s2" is forbidden: exceeded quota: small, requested: count/secrets=1, used: count/secrets=1, limited: count/secrets=1',
    );
    const dry = await q('create', 'secret', 'generic', 's3', '-n', 'q', '--dry-run=server');
    expect(dry.stderr).toContain('exceeded quota: small');
    await ok(q('delete', 'secret', 's1', '-n', 'q'));
    expect(await ok(q('get', 'quota', 'small', '-n', 'q', '-o', 'jsonpath={.status.used.count/secrets}'))).toBe('0');
    await ok(q('create', 'secret', 'generic', 's4', '-n', 'q'));
  });

  it('never lets 20 concurrent creators store more than the limit', async () => {
    await ok(q('create', 'namespace', 'race'));
    await ok(q('create', 'quota', 'five', '-n', 'race', '--hard=configmaps=5'));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api('POST', '/clusters/root:quota/api/v1/namespaces/race/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: `c${i}` },
        }),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 403)).toHaveLength(15);
    const list = await api('GET', '/clusters/root:quota/api/v1/namespaces/race/configmaps');
    expect((list.body['items'] as unknown[]).length).toBe(5);
    expect(await ok(q('get', 'quota', 'five', '-n', 'race', '-o', 'jsonpath={.status.used.configmaps}'))).toBe('5');
  });

  it('counts custom resources under count/<plural>.<group>', async () => {
    await ok(
      wsIn('quota')(
        `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.dev}
spec:
  group: example.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`,
        'apply',
        '-f',
        '-',
      ),
    );
    await ok(q('wait', '--for=condition=Established', 'crd/widgets.example.dev'));
    await ok(q('create', 'quota', 'widgets', '-n', 'q', '--hard=count/widgets.example.dev=1'));
    const widget = (name: string) => `apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: ${name}, namespace: q}\n`;
    await ok(wsIn('quota')(widget('w1'), 'create', '-f', '-'));
    const r = await wsIn('quota')(widget('w2'), 'create', '-f', '-');
    expect(r.stderr).toContain(
      'widgets.example.dev "w2" is forbidden: exceeded quota: widgets, requested: count/widgets.example.dev=1, used: count/widgets.example.dev=1, limited: count/widgets.example.dev=1',
    );
  });
});
