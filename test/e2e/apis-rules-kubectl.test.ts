// The rules of APIs as a service, through the real kubectl, as kcp enforces them: an export's maximal permission
// policy caps what anyone may do with its resources in the workspaces that bind it; a CRD may not take what a
// binding serves; claims on another export's resources name its identity and reach exactly those objects; deleting
// a binding waits for objects held by finalizers; and a binding keeps serving what it bound after the provider
// deletes the schema.
import { createHash } from 'node:crypto';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const atInput = (path: string, input: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}`, input });
const asUser = (path: string, ...args: string[]) => d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${path}` });

const SCHEMA = (plural: string, kind: string, group: string) => `apiVersion: apis.kcp.io/v1alpha1
kind: APIResourceSchema
metadata: {name: today.${plural}.${group}}
spec:
  group: ${group}
  names: {kind: ${kind}, listKind: ${kind}List, plural: ${plural}, singular: ${kind.toLowerCase()}}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      type: object
      properties:
        spec: {type: object, properties: {intent: {type: string}}}
        status: {type: object, properties: {result: {type: string}}}
`;
const EXPORT = (name: string, plural: string, group: string, extra = '') => `apiVersion: apis.kcp.io/v1alpha2
kind: APIExport
metadata: {name: ${name}}
spec:
  resources:
  - {name: ${plural}, group: ${group}, schema: today.${plural}.${group}, storage: {crd: {}}}
${extra}`;
const BINDING = (name: string, path: string, exportName: string, extra = '') => `apiVersion: apis.kcp.io/v1alpha2
kind: APIBinding
metadata: {name: ${name}}
spec:
  reference: {export: {path: ${path}, name: ${exportName}}}
${extra}`;
const OBJECT = (kind: string, group: string, name: string, extra = '') => `apiVersion: ${group}/v1alpha1
kind: ${kind}
metadata: {name: ${name}, namespace: default${extra}}
spec: {intent: ride}
`;

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function workspace(path: string): Promise<void> {
  const parent = path.slice(0, path.lastIndexOf(':'));
  const name = path.slice(path.lastIndexOf(':') + 1);
  const r = await atInput(parent, `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`, 'create', '-f', '-');
  if (r.code !== 0) throw new Error(r.stderr);
  await until(
    `workspace ${path}`,
    async () => (await at(parent, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}')).stdout === 'Ready',
  );
}

const clusterOf = async (path: string) =>
  (
    await at(
      path.slice(0, path.lastIndexOf(':')),
      'get',
      'workspace',
      path.slice(path.lastIndexOf(':') + 1),
      '-o',
      'jsonpath={.spec.cluster}',
    )
  ).stdout;

async function provide(path: string, exportYaml: string, schema: string, exportName: string): Promise<string> {
  await workspace(path);
  expect((await atInput(path, schema, 'apply', '-f', '-')).stderr).toBe('');
  const r = await atInput(path, exportYaml, 'apply', '-f', '-');
  expect(r.stderr).toBe('');
  let hash = '';
  await until('identity', async () => {
    hash = (await at(path, 'get', 'apiexport', exportName, '-o', 'jsonpath={.status.identityHash}')).stdout;
    return hash.length === 64;
  });
  return hash;
}

async function bind(path: string, binding: string, name: string): Promise<void> {
  const r = await atInput(path, binding, 'create', '-f', '-');
  expect(r.stderr).toBe('');
  await until(
    `${name} bound`,
    async () => (await at(path, 'get', 'apibinding', name, '-o', 'jsonpath={.status.phase}')).stdout === 'Bound',
  );
}

const condition = async (path: string, binding: string, type: string) =>
  (
    await at(
      path,
      'get',
      'apibinding',
      binding,
      '-o',
      `jsonpath={.status.conditions[?(@.type=="${type}")].status} {.status.conditions[?(@.type=="${type}")].reason}: {.status.conditions[?(@.type=="${type}")].message}`,
    )
  ).stdout;

let cowboysHash = '';

beforeAll(async () => {
  d = await startTestDaemon();
  cowboysHash = await provide(
    'root:ranchers',
    EXPORT('cowboys', 'cowboys', 'wildwest.dev'),
    SCHEMA('cowboys', 'Cowboy', 'wildwest.dev'),
    'cowboys',
  );
  await workspace('root:town');
  await bind('root:town', BINDING('cowboys', 'root:ranchers', 'cowboys'), 'cowboys');
}, 60_000);
afterAll(async () => d?.stop());

describe('the maximal permission policy of an export', () => {
  const POLICY = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: marshals}
rules:
- {apiGroups: [law.dev], resources: [marshals], verbs: ["*"]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: marshals}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: marshals}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: "apis.kcp.io:binding:system:authenticated"}
`;
  beforeAll(async () => {
    await provide(
      'root:policed',
      EXPORT('marshals', 'marshals', 'law.dev', '  maximalPermissionPolicy: {local: {}}\n'),
      SCHEMA('marshals', 'Marshal', 'law.dev'),
      'marshals',
    );
    expect((await atInput('root:policed', POLICY, 'apply', '-f', '-')).code).toBe(0);
    await workspace('root:frontier');
    await bind('root:frontier', BINDING('marshals', 'root:policed', 'marshals'), 'marshals');
    await at('root:frontier', 'create', 'clusterrolebinding', 'user-admin', '--clusterrole=cluster-admin', '--user=user');
  }, 30_000);

  it('allows what the policy grants the prefixed user and groups, and refuses the rest with kcp’s message', async () => {
    const created = await d.kubectl(['--context', 'user', 'create', '-f', '-'], {
      server: `${d.url}/clusters/root:frontier`,
      input: OBJECT('Marshal', 'law.dev', 'wyatt'),
    });
    expect(created.stderr).toBe('');
    expect((await asUser('root:frontier', 'get', 'marshals', '-n', 'default', '--no-headers')).stdout).toMatch(/^wyatt /);
    // The policy says nothing of marshals/status: refused (kubectl reads it first), although the user is
    // cluster-admin in its workspace.
    const status = [
      'patch',
      'marshal',
      'wyatt',
      '-n',
      'default',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"result":"x"}}',
    ];
    const refused = await asUser('root:frontier', ...status);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'marshals.law.dev "wyatt" is forbidden: User "user" cannot get resource "marshals/status" in API group "law.dev" in the namespace "default": access denied',
    );
    // kcp's admins are bound by it too; system:masters is not.
    expect((await at('root:frontier', ...status)).stderr).toContain('access denied');
    expect((await d.kubectl(['--context', 'shard-base', ...status], { server: `${d.url}/clusters/root:frontier` })).stderr).toBe('');
    // Granted to the prefixed user in the export's workspace, it is allowed.
    const grant = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: marshal-status}
rules:
- {apiGroups: [law.dev], resources: [marshals/status], verbs: [get, patch]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: marshal-status}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: marshal-status}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "apis.kcp.io:binding:user"}
`;
    expect((await atInput('root:policed', grant, 'apply', '-f', '-')).stderr).toBe('');
    await until('granted', async () => (await asUser('root:frontier', ...status)).code === 0);
  });

  it('governs only the resources bound from that export', async () => {
    // The user may do anything else in its workspace: the policy does not reach configmaps or other bindings.
    expect((await asUser('root:frontier', 'create', 'configmap', 'free')).stderr).toBe('');
    // An access review asked in the workspace answers as the chain does.
    const review = await d.kubectl(['--context', 'user', 'auth', 'can-i', 'delete', 'marshals.law.dev'], {
      server: `${d.url}/clusters/root:frontier`,
    });
    expect(review.stdout.trim()).toBe('yes');
  });
});

describe('a CRD created after a binding', () => {
  it('may not take the group and resource the binding serves (kcp’s CRDNoOverlappingGVR)', async () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: cowboys.wildwest.dev}
spec:
  group: wildwest.dev
  names: {kind: Cowboy, plural: cowboys}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
`;
    const r = await atInput('root:town', crd, 'create', '-f', '-');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'customresourcedefinitions.apiextensions.k8s.io "cowboys.wildwest.dev" is forbidden: cannot create because resource is bound by APIBinding "cowboys"',
    );
    // Another group is free.
    expect((await atInput('root:town', crd.replaceAll('wildwest.dev', 'other.dev'), 'create', '-f', '-')).stderr).toBe('');
  });
});

describe('permission claims on another export’s resources', () => {
  it('need the identityHash of that export', async () => {
    await workspace('root:sheriffs');
    const bad = await atInput(
      'root:sheriffs',
      EXPORT('bad', 'sheriffs', 'law.dev', '  permissionClaims:\n  - {group: wildwest.dev, resource: cowboys, verbs: ["*"]}\n'),
      'create',
      '-f',
      '-',
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain(
      'apiexports.apis.kcp.io "bad" is forbidden: spec.permissionClaims[0].identityHash: Invalid value: "": identityHash is required for API types that are not built-in',
    );
  });

  it('reach, through the virtual workspace, exactly the claimed objects of the workspaces that accepted the claim', async () => {
    const claim = `  permissionClaims:\n  - {group: wildwest.dev, resource: cowboys, identityHash: ${cowboysHash}, verbs: ["get", "list", "watch"]}\n`;
    expect(
      (await atInput('root:sheriffs', SCHEMA('sheriffs', 'Sheriff', 'law.dev'), 'apply', '-f', '-')).stderr +
        (await atInput('root:sheriffs', EXPORT('sheriffs', 'sheriffs', 'law.dev', claim), 'apply', '-f', '-')).stderr,
    ).toBe('');
    const accept = (state: string, hash: string) =>
      `  permissionClaims:\n  - {group: wildwest.dev, resource: cowboys, identityHash: ${hash}, verbs: ["get", "list", "watch"], selector: {matchAll: true}, state: ${state}}\n`;
    // town accepts; saloon binds cowboys too but rejects the claim.
    await bind('root:town', BINDING('sheriffs', 'root:sheriffs', 'sheriffs', accept('Accepted', cowboysHash)), 'sheriffs');
    await workspace('root:saloon');
    await bind('root:saloon', BINDING('cowboys', 'root:ranchers', 'cowboys'), 'cowboys');
    await bind('root:saloon', BINDING('sheriffs', 'root:sheriffs', 'sheriffs', accept('Rejected', cowboysHash)), 'sheriffs');
    await atInput('root:town', OBJECT('Cowboy', 'wildwest.dev', 'billy'), 'create', '-f', '-');
    await atInput('root:saloon', OBJECT('Cowboy', 'wildwest.dev', 'jesse'), 'create', '-f', '-');

    let vw = '';
    await until('endpoint', async () => {
      vw = (await at('root:sheriffs', 'get', 'apiexportendpointslice', 'sheriffs', '-o', 'jsonpath={.status.endpoints[0].url}')).stdout;
      return vw !== '';
    });
    const listed = await d.kubectl(['get', 'cowboys.wildwest.dev', '-A', '-o', 'jsonpath={.items[*].metadata.name}'], {
      server: `${vw}/clusters/*`,
    });
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toBe('billy');
    const town = await clusterOf('root:town');
    expect((await d.kubectl(['get', 'cowboy', 'billy', '-n', 'default', '--no-headers'], { server: `${vw}/clusters/${town}` })).code).toBe(
      0,
    );
    // Only the claimed verbs.
    const write = await d.kubectl(['delete', 'cowboy', 'billy', '-n', 'default'], { server: `${vw}/clusters/${town}` });
    expect(write.code).not.toBe(0);
    // The cowboys export's own virtual workspace sees both.
    const own = (await at('root:ranchers', 'get', 'apiexportendpointslice', 'cowboys', '-o', 'jsonpath={.status.endpoints[0].url}')).stdout;
    const all = await d.kubectl(['get', 'cowboys', '-A', '-o', 'jsonpath={.items[*].metadata.name}'], { server: `${own}/clusters/*` });
    expect(all.stdout.split(' ').sort()).toEqual(['billy', 'jesse']);

    // Once the claimed export caps its resources with a local policy, the claiming export's view is held to it too.
    const cap = (policy: string) =>
      at('root:ranchers', 'patch', 'apiexport', 'cowboys', '--type=merge', '-p', `{"spec":{"maximalPermissionPolicy":${policy}}}`);
    expect((await cap('{"local":{}}')).stderr).toBe('');
    const capped = await d.kubectl(['get', 'cowboys.wildwest.dev', '-A'], { server: `${vw}/clusters/*` });
    expect(capped.stderr).toContain(
      'cowboys.wildwest.dev is forbidden: User "kcp-admin" cannot list resource "cowboys" in API group "wildwest.dev" at the cluster scope: access denied',
    );
    expect((await cap('null')).stderr).toBe('');
    expect((await d.kubectl(['get', 'cowboys.wildwest.dev', '-A'], { server: `${vw}/clusters/*` })).code).toBe(0);
  });
});

describe('claimed objects', () => {
  /** kcp's Base62Sha224 (checked against kcp's own vectors in daemon/apiexports/claim-labels.test.ts). */
  const base62Sha224 = (input: string) => {
    const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    let n = BigInt(`0x${createHash('sha224').update(input).digest('hex')}`);
    let out = '';
    for (; n > 0n; n /= 62n) out = digits[Number(n % 62n)]! + out;
    return out;
  };
  const CLAIM = '  permissionClaims:\n  - {group: "", resource: configmaps, verbs: ["get", "list", "watch"]}\n';
  const claimState = (state: string) =>
    `  permissionClaims:\n  - {group: "", resource: configmaps, verbs: ["get", "list", "watch"], selector: {matchLabels: {mail: "yes"}}, state: ${state}}\n`;

  it('carry kcp’s claim label while a binding accepts the claim, and appear and disappear in the virtual workspace’s watch', async () => {
    await provide('root:mail', EXPORT('mail', 'letters', 'post.dev', CLAIM), SCHEMA('letters', 'Letter', 'post.dev'), 'mail');
    await workspace('root:post-office');
    await bind('root:post-office', BINDING('mail', 'root:mail', 'mail', claimState('Rejected')), 'mail');
    await at('root:post-office', 'create', 'configmap', 'letter', '--from-literal=k=v');
    await at('root:post-office', 'label', 'configmap', 'letter', 'mail=yes');
    await at('root:post-office', 'create', 'configmap', 'junk', '--from-literal=k=v');
    const mailCluster = (await at('root', 'get', 'workspace', 'mail', '-o', 'jsonpath={.spec.cluster}')).stdout;
    const key = `claimed.internal.apis.kcp.io/${base62Sha224(`${mailCluster}:mail`)}`;
    const value = base62Sha224(JSON.stringify({ resource: 'configmaps', verbs: null }));
    const labelOf = async (name: string) =>
      (await at('root:post-office', 'get', 'configmap', name, '-o', `jsonpath={.metadata.labels.${key.replaceAll('.', '\\.')}}`)).stdout;
    expect(await labelOf('letter')).toBe('');

    let vw = '';
    await until('endpoint', async () => {
      vw = (await at('root:mail', 'get', 'apiexportendpointslice', 'mail', '-o', 'jsonpath={.status.endpoints[0].url}')).stdout;
      return vw !== '';
    });
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const current = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, server: `${vw}/clusters/*` } : c));
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const seen = new Set<string>();
    const informer = k8s.makeInformer<k8s.V1ConfigMap>(kc, '/api/v1/configmaps', () => core.listConfigMapForAllNamespaces());
    informer.on('add', (o) => seen.add(o.metadata!.name!));
    informer.on('delete', (o) => seen.delete(o.metadata!.name!));
    await informer.start();
    try {
      expect([...seen]).toEqual([]);
      // Accepting the claim labels what it covers (and only that), which the watch shows at once.
      const accept = `{"spec":{"permissionClaims":[{"group":"","resource":"configmaps","verbs":["get","list","watch"],"selector":{"matchLabels":{"mail":"yes"}},"state":"Accepted"}]}}`;
      expect((await at('root:post-office', 'patch', 'apibinding', 'mail', '--type=merge', '-p', accept)).stderr).toBe('');
      await until('labelled', async () => (await labelOf('letter')) === value);
      expect(await labelOf('junk')).toBe('');
      await until('seen through the watch', () => seen.has('letter'));
      expect(seen.has('junk')).toBe(false);
      // New objects are labelled as they are written; a claim label set by hand does not stick.
      await at('root:post-office', 'create', 'configmap', 'parcel', '--from-literal=k=v');
      await at('root:post-office', 'label', 'configmap', 'parcel', 'mail=yes', `${key}=forged`, '--overwrite');
      expect(await labelOf('parcel')).toBe(value);
      await until('parcel seen', () => seen.has('parcel'));
      // Objects leaving the selector leave the view.
      await at('root:post-office', 'label', 'configmap', 'parcel', 'mail-');
      expect(await labelOf('parcel')).toBe('');
      await until('parcel gone from the watch', () => !seen.has('parcel'));
      // Rejecting the claim takes the labels away, and the objects out of the watch.
      expect(
        (await at('root:post-office', 'patch', 'apibinding', 'mail', '--type=merge', '-p', accept.replace('Accepted', 'Rejected'))).stderr,
      ).toBe('');
      await until('unlabelled', async () => (await labelOf('letter')) === '');
      await until('gone from the watch', () => !seen.has('letter'));
      expect((await at('root:post-office', 'get', 'apibinding', 'mail', '-o', 'jsonpath={.status.appliedPermissionClaims}')).stdout).toBe(
        '[]',
      );
    } finally {
      await informer.stop();
    }
  });
});

describe('deleting a binding whose objects carry finalizers', () => {
  it('deletes them as a client does, waits for their finalizers, then drops the API at once', async () => {
    await workspace('root:ghost-town');
    await bind('root:ghost-town', BINDING('cowboys', 'root:ranchers', 'cowboys'), 'cowboys');
    await atInput('root:ghost-town', OBJECT('Cowboy', 'wildwest.dev', 'free'), 'create', '-f', '-');
    await atInput('root:ghost-town', OBJECT('Cowboy', 'wildwest.dev', 'held', ', finalizers: [example.dev/hold]'), 'create', '-f', '-');
    expect((await at('root:ghost-town', 'delete', 'apibinding', 'cowboys', '--wait=false')).code).toBe(0);

    await until(
      'held',
      async () =>
        (await condition('root:ghost-town', 'cowboys', 'BindingResourceDeleteSuccess')) ===
        'False SomeFinalizersRemain: Some content in the workspace has finalizers remaining: example.dev/hold in 1 resource instances',
    );
    const left = await at('root:ghost-town', 'get', 'cowboys', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}');
    expect(left.stdout).toBe('held');
    expect(
      (await at('root:ghost-town', 'get', 'cowboy', 'held', '-n', 'default', '-o', 'jsonpath={.metadata.deletionTimestamp}')).stdout,
    ).not.toBe('');
    // No new objects meanwhile.
    const refused = await atInput('root:ghost-town', OBJECT('Cowboy', 'wildwest.dev', 'late'), 'create', '-f', '-');
    expect(refused.stderr).toContain('create not allowed while custom resource definition is terminating');

    expect(
      (await at('root:ghost-town', 'patch', 'cowboy', 'held', '-n', 'default', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'))
        .code,
    ).toBe(0);
    await until('binding gone', async () => (await at('root:ghost-town', 'get', 'apibinding', 'cowboys')).code !== 0);
    // Gone from discovery as soon as the binding is.
    expect((await at('root:ghost-town', 'api-resources', '--api-group=wildwest.dev', '--no-headers')).stdout).toBe('');
  });
});

describe('deleting an APIResourceSchema', () => {
  it('leaves what bindings serve in place and says the export is invalid, as kcp does', async () => {
    await provide('root:stables', EXPORT('horses', 'horses', 'ranch.dev'), SCHEMA('horses', 'Horse', 'ranch.dev'), 'horses');
    await workspace('root:farm');
    await bind('root:farm', BINDING('horses', 'root:stables', 'horses'), 'horses');
    await atInput('root:farm', OBJECT('Horse', 'ranch.dev', 'silver'), 'create', '-f', '-');

    expect((await at('root:stables', 'delete', 'apiresourceschema', 'today.horses.ranch.dev')).code).toBe(0);
    await until(
      'export invalid',
      async () =>
        (await condition('root:farm', 'horses', 'APIExportValid')) ===
        'False InternalError: Invalid APIExport. Please contact the APIExport owner to resolve: APIResourceSchema "today.horses.ranch.dev" not found',
    );
    // Still bound, still served, the objects still there and new ones validated by the bound schema.
    expect((await at('root:farm', 'get', 'apibinding', 'horses', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Bound');
    expect((await at('root:farm', 'get', 'horses', '-n', 'default', '-o', 'jsonpath={.items[*].metadata.name}')).stdout).toBe('silver');
    expect((await atInput('root:farm', OBJECT('Horse', 'ranch.dev', 'trigger'), 'create', '-f', '-')).stderr).toBe('');
    // A workspace binding the export from now on cannot bind it.
    await workspace('root:late-farm');
    expect((await atInput('root:late-farm', BINDING('horses', 'root:stables', 'horses'), 'create', '-f', '-')).code).toBe(0);
    await until('invalid', async () => (await condition('root:late-farm', 'horses', 'APIExportValid')).startsWith('False InternalError'));
    expect((await at('root:late-farm', 'get', 'apibinding', 'horses', '-o', 'jsonpath={.status.phase}')).stdout).toBe('Binding');
  });
});
