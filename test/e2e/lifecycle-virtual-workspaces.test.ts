// kcp's initializing and terminating virtual workspaces through the real kubectl and client-node: a WorkspaceType
// with an initializer and a terminator publishes their URLs; an initializing controller (an informer on
// /services/initializingworkspaces/<id>/clusters/*) sees a new workspace's LogicalCluster, seeds the workspace through
// the virtual workspace, removes its initializer and the workspace turns Ready (and leaves the view); a terminating
// controller holds a deleted workspace until it removes its terminator. Only who may `initialize`/`terminate` the
// type gets in.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const atInput = (path: string, input: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}`, input });
const via = (server: string, ...args: string[]) => d.kubectl(args, { server });
/** GET of a URL's path as it is (`kubectl get --raw` takes the path from the root of the server). */
const raw = (url: string, context?: string) =>
  d.kubectl([...(context ? ['--context', context] : []), 'get', '--raw', new URL(url).pathname], { server: d.url });
const LCS = '/apis/core.kcp.io/v1alpha1/logicalclusters';

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const phaseOf = async (name: string) => (await at('root:org', 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}')).stdout;

const TYPE = `apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: mytype}
spec:
  initializer: true
  terminator: true
  extend: {with: [{name: universal, path: root}]}
`;
const WORKSPACE = (name: string) => `apiVersion: tenancy.kcp.io/v1alpha1
kind: Workspace
metadata: {name: ${name}}
spec: {type: {name: mytype, path: "root:org"}}
`;
const GRANT = (verb: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${verb}-mytype}
rules:
- {apiGroups: [tenancy.kcp.io], resources: [workspacetypes], resourceNames: [mytype], verbs: [${verb}]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${verb}-mytype}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${verb}-mytype}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: user}
`;

let initializing = '';
let terminating = '';

beforeAll(async () => {
  d = await startTestDaemon();
  expect(
    (await atInput('root', 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: org}\n', 'create', '-f', '-')).code,
  ).toBe(0);
  await until('org', async () => (await at('root', 'get', 'workspace', 'org', '-o', 'jsonpath={.status.phase}')).stdout === 'Ready');
  expect((await atInput('root:org', TYPE, 'create', '-f', '-')).stderr).toBe('');
}, 60_000);

afterAll(async () => {
  await d?.stop();
});

describe('a WorkspaceType with an initializer and a terminator', () => {
  it("publishes its virtual workspace URLs, named by its workspace's path", async () => {
    await until('urls', async () => {
      const out = (await at('root:org', 'get', 'workspacetype', 'mytype', '-o', 'jsonpath={.status.virtualWorkspaces[*].url}')).stdout;
      [initializing = '', terminating = ''] = out.split(' ');
      return terminating !== '';
    });
    expect(initializing).toBe(`${d.url}/services/initializingworkspaces/root:org:mytype`);
    expect(terminating).toBe(`${d.url}/services/terminatingworkspaces/root:org:mytype`);
    const types = (await at('root:org', 'get', 'workspacetype', 'mytype', '-o', 'jsonpath={.status.virtualWorkspaces[*].type}')).stdout;
    expect(types).toBe('initializing terminating');
  });
});

describe('the initializing virtual workspace', () => {
  it('shows a new workspace to an informer, lets the controller seed it and finish, then hides it', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const current = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === current.name ? { ...c, server: `${initializing}/clusters/*` } : c));
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const present = new Set<string>();
    const errors: unknown[] = [];
    const informer = k8s.makeInformer<k8s.KubernetesObject>(
      kc,
      '/apis/core.kcp.io/v1alpha1/logicalclusters',
      () => custom.listClusterCustomObject({ group: 'core.kcp.io', version: 'v1alpha1', plural: 'logicalclusters' }) as never,
    );
    informer.on('add', (o) => present.add(o.metadata!.annotations!['kcp.io/cluster']!));
    informer.on('delete', (o) => present.delete(o.metadata!.annotations!['kcp.io/cluster']!));
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    try {
      expect((await atInput('root:org', WORKSPACE('ws1'), 'create', '-f', '-')).stderr).toBe('');
      const cluster = (await at('root:org', 'get', 'workspace', 'ws1', '-o', 'jsonpath={.spec.cluster}')).stdout;
      await until('the informer sees it', () => {
        if (errors.length) throw new Error(String(errors[0]));
        return present.has(cluster);
      });
      expect(await phaseOf('ws1')).toBe('Initializing');
      // The workspace's own API, through the virtual workspace, while it initializes.
      const inside = `${initializing}/clusters/${cluster}`;
      expect((await via(inside, 'create', 'configmap', 'seeded', '--from-literal=by=initializer')).stderr).toBe('');
      // One cluster's LogicalCluster: readable, its status patched to remove this initializer.
      expect((await via(inside, 'get', 'logicalcluster', 'cluster', '-o', 'jsonpath={.status.initializers}')).stdout).toBe(
        '["root:org:mytype"]',
      );
      const patched = await via(
        inside,
        'patch',
        'logicalcluster',
        'cluster',
        '--subresource=status',
        '--type=json',
        '-p',
        '[{"op":"remove","path":"/status/initializers/0"}]',
      );
      expect(patched.stderr).toBe('');
      await until('Ready', async () => (await phaseOf('ws1')) === 'Ready');
      await until('the informer sees it go', () => !present.has(cluster));
      expect((await at('root:org:ws1', 'get', 'configmap', 'seeded', '-o', 'jsonpath={.data.by}')).stdout).toBe('initializer');
      // Once Ready, it is nothing to this virtual workspace.
      const gone = await via(inside, 'get', 'logicalcluster', 'cluster');
      expect(gone.stderr).toContain('logicalclusters.core.kcp.io "cluster" not found');
      const shut = await via(inside, 'get', 'configmaps');
      expect(shut.stderr).toContain('initializer "root:org:mytype" cannot access this workspace');
      const listed = await via(`${initializing}/clusters/*`, 'get', 'logicalclusters', '-o', 'name');
      expect(listed.stdout).toBe('');
    } finally {
      await informer.stop();
    }
  });

  it('refuses a user without verb initialize on the type, and lets one in once granted', async () => {
    // --raw: kubectl's discovery is refused too, and would hide the message.
    const denied = await raw(`${initializing}/clusters/*${LCS}`, 'user');
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain(
      'logicalclusters.core.kcp.io is forbidden: User "user" cannot list resource "logicalclusters" in API group "core.kcp.io" at the cluster scope',
    );
    expect((await atInput('root:org', GRANT('initialize'), 'create', '-f', '-')).code).toBe(0);
    await until('granted', async () => (await raw(`${initializing}/clusters/*${LCS}`, 'user')).code === 0);
    // The verb of the other service is not this one's.
    const other = await raw(`${terminating}/clusters/*${LCS}`, 'user');
    expect(other.stderr).toContain('User "user" cannot list resource "logicalclusters"');
  });

  it('lets a controller remove only its own initializer', async () => {
    expect((await atInput('root:org', WORKSPACE('ws2'), 'create', '-f', '-')).stderr).toBe('');
    const cluster = (await at('root:org', 'get', 'workspace', 'ws2', '-o', 'jsonpath={.spec.cluster}')).stdout;
    const inside = `${initializing}/clusters/${cluster}`;
    const swapped = await via(
      inside,
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"initializers":["root:org:mytype","root:other"]}}',
    );
    expect(swapped.stderr).toContain('only removing the "root:org:mytype" initializer is supported');
    // Not writable but through status.
    const spec = await via(inside, 'patch', 'logicalcluster', 'cluster', '--type=merge', '-p', '{"spec":{"directlyDeletable":true}}');
    expect(spec.code).not.toBe(0);
    expect(await phaseOf('ws2')).toBe('Initializing');
  });
});

describe("a WorkspaceType's initializerPermissions", () => {
  it('scope what its initializer may do inside the workspace, as the controller itself', async () => {
    const type = `apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: scoped}
spec:
  initializer: true
  extend: {with: [{name: universal, path: root}]}
  initializerPermissions:
  - {apiGroups: [""], resources: [configmaps], verbs: [get, list, create]}
`;
    expect((await atInput('root:org', type, 'create', '-f', '-')).stderr).toBe('');
    const ws =
      'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ws3}\nspec: {type: {name: scoped, path: "root:org"}}\n';
    expect((await atInput('root:org', ws, 'create', '-f', '-')).stderr).toBe('');
    const cluster = (await at('root:org', 'get', 'workspace', 'ws3', '-o', 'jsonpath={.spec.cluster}')).stdout;
    const inside = `${d.url}/services/initializingworkspaces/root:org:scoped/clusters/${cluster}`;
    expect((await via(inside, 'create', 'configmap', 'allowed')).stderr).toBe('');
    const denied = await raw(`${inside}/api/v1/namespaces/default/secrets`);
    expect(denied.stderr).toContain(
      'initializer "root:org:scoped" denied by initializerPermissions: no rule allows list on core/secrets in namespace default',
    );
    expect(await phaseOf('ws3')).toBe('Initializing');
  });
});

describe('the terminating virtual workspace', () => {
  it("holds a deleted workspace until its terminator is removed, with the workspace's content reachable", async () => {
    const cluster = (await at('root:org', 'get', 'workspace', 'ws1', '-o', 'jsonpath={.spec.cluster}')).stdout;
    const all = `${terminating}/clusters/*`;
    expect((await via(all, 'get', 'logicalclusters', '-o', 'name')).stdout).toBe('');
    expect((await at('root:org', 'delete', 'workspace', 'ws1', '--wait=false')).code).toBe(0);
    await until('Terminating', async () => (await phaseOf('ws1')) === 'Terminating');
    const listed = await via(all, 'get', 'logicalclusters', '-o', 'jsonpath={.items[*].metadata.annotations.kcp\\.io/cluster}');
    expect(listed.stdout).toBe(cluster);
    const inside = `${terminating}/clusters/${cluster}`;
    // Its discovery is the LogicalCluster API alone (kcp's): the workspace's content is reached by path.
    const seeded = await raw(`${inside}/api/v1/namespaces/default/configmaps/seeded`);
    expect(seeded.stderr).toBe('');
    expect(JSON.parse(seeded.stdout)).toMatchObject({ data: { by: 'initializer' } });
    expect((await via(inside, 'get', 'configmaps')).stderr).toContain('the server doesn\'t have a resource type "configmaps"');
    const patched = await via(
      inside,
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/status/terminators/0"}]',
    );
    expect(patched.stderr).toBe('');
    await until('deleted', async () => (await at('root:org', 'get', 'workspace', 'ws1')).code !== 0);
    expect((await via(all, 'get', 'logicalclusters', '-o', 'name')).stdout).toBe('');
  });

  it('refuses a user without verb terminate on the type', async () => {
    const denied = await raw(`${terminating}/clusters/*${LCS}`, 'user');
    expect(denied.stderr).toContain('User "user" cannot list resource "logicalclusters"');
    expect((await atInput('root:org', GRANT('terminate'), 'create', '-f', '-')).code).toBe(0);
    await until('granted', async () => (await raw(`${terminating}/clusters/*${LCS}`, 'user')).code === 0);
  });
});
