// APIs as a service through the real kubectl and client-node, as in kcp's quickstart: a provider exports an API
// (APIResourceSchema + APIExport), consumers bind it (the `bind` permission, kubectl kcp bind apiexport, v1alpha1 and
// v1alpha2), the bound API is served like a CRD and stored per export identity, and the provider's controller — an
// informer on the APIExport virtual workspace — sees every consumer's objects and writes their status; claims,
// naming conflicts and deletion.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const atInput = (path: string, input: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}`, input });
const asUser = (path: string, ...args: string[]) => d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${path}` });

const SCHEMA = `apiVersion: apis.kcp.io/v1alpha1
kind: APIResourceSchema
metadata: {name: today.cowboys.wildwest.dev}
spec:
  group: wildwest.dev
  names: {kind: Cowboy, listKind: CowboyList, plural: cowboys, singular: cowboy}
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Intent, type: string, jsonPath: .spec.intent}
    schema:
      type: object
      properties:
        spec:
          type: object
          properties:
            intent: {type: string, default: ride}
            horses: {type: integer, maximum: 3}
        status: {type: object, properties: {result: {type: string}}}
`;
const EXPORT = (name: string) => `apiVersion: apis.kcp.io/v1alpha2
kind: APIExport
metadata: {name: ${name}}
spec:
  resources:
  - {name: cowboys, group: wildwest.dev, schema: today.cowboys.wildwest.dev, storage: {crd: {}}}
  permissionClaims:
  - {group: "", resource: configmaps, verbs: ["get", "list", "watch"]}
`;
const BINDING = (name: string, path: string, exportName: string, extra = '') => `apiVersion: apis.kcp.io/v1alpha2
kind: APIBinding
metadata: {name: ${name}}
spec:
  reference: {export: {path: ${path}, name: ${exportName}}}
${extra}`;
const COWBOY = (name: string, intent: string) => `apiVersion: wildwest.dev/v1alpha1
kind: Cowboy
metadata: {name: ${name}, namespace: default}
spec: {intent: ${intent}}
`;

const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`${what}: not in time`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function workspace(path: string): Promise<void> {
  const at_ = path.lastIndexOf(':');
  const parent = path.slice(0, at_);
  const name = path.slice(at_ + 1);
  const r = await atInput(parent, `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`, 'create', '-f', '-');
  if (r.code !== 0) throw new Error(r.stderr);
  await until(
    `workspace ${path}`,
    async () => (await at(parent, 'get', 'workspace', name, '-o', 'jsonpath={.status.phase}')).stdout === 'Ready',
  );
}

const clusterOf = async (path: string) => {
  const parent = path.slice(0, path.lastIndexOf(':'));
  return (await at(parent, 'get', 'workspace', path.slice(path.lastIndexOf(':') + 1), '-o', 'jsonpath={.spec.cluster}')).stdout;
};

async function provide(path: string, exportName: string): Promise<void> {
  await workspace(path);
  expect((await atInput(path, SCHEMA, 'apply', '-f', '-')).code).toBe(0);
  expect((await atInput(path, EXPORT(exportName), 'apply', '-f', '-')).code).toBe(0);
  await until(
    'identity',
    async () => (await at(path, 'get', 'apiexport', exportName, '-o', 'jsonpath={.status.identityHash}')).stdout.length === 64,
  );
}

const phase = async (path: string, name: string) => (await at(path, 'get', 'apibinding', name, '-o', 'jsonpath={.status.phase}')).stdout;

beforeAll(async () => {
  d = await startTestDaemon();
  await provide('root:providers', 'cowboys');
  await workspace('root:consumer-a');
  await workspace('root:consumer-b');
}, 60_000);
afterAll(async () => d?.stop());

describe('APIResourceSchemas and APIExports', () => {
  it('keeps a schema immutable and holds its name to <prefix>.<plural>.<group>, in kcp words', async () => {
    const r = await at(
      'root:providers',
      'patch',
      'apiresourceschema',
      'today.cowboys.wildwest.dev',
      '--type=merge',
      '-p',
      '{"spec":{"group":"other.dev"}}',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('apiresourceschemas.apis.kcp.io "today.cowboys.wildwest.dev" is forbidden: [');
    expect(r.stderr).toContain('spec: Invalid value: "object": is immutable');
    const bad = await atInput('root:providers', SCHEMA.replace('today.cowboys', 'today.horses'), 'create', '-f', '-');
    expect(bad.stderr).toContain('metadata.name: Invalid value: "today.horses.wildwest.dev": must end in .cowboys.wildwest.dev');
  });

  it('gives an export its identity Secret, hash and default endpoint slice, and serves it as v1alpha1 too', async () => {
    const key = (await at('root:providers', 'get', 'secret', '-n', 'kcp-system', 'cowboys', '-o', 'jsonpath={.data.key}')).stdout;
    const hash = (await at('root:providers', 'get', 'apiexport', 'cowboys', '-o', 'jsonpath={.status.identityHash}')).stdout;
    expect(hash).toBe(createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex'));
    expect((await at('root:providers', 'get', 'apiexportendpointslice', 'cowboys', '-o', 'jsonpath={.spec.export.name}')).stdout).toBe(
      'cowboys',
    );
    const v1 = await at(
      'root:providers',
      'get',
      'apiexports.v1alpha1.apis.kcp.io',
      'cowboys',
      '-o',
      'jsonpath={.apiVersion} {.spec.latestResourceSchemas}',
    );
    expect(v1.stdout).toBe('apis.kcp.io/v1alpha1 ["today.cowboys.wildwest.dev"]');
    // The export alone serves nothing in its own workspace.
    expect((await at('root:providers', 'get', 'cowboys')).code).not.toBe(0);
  });
});

describe('APIBindings', () => {
  it('binds with kubectl kcp bind apiexport and serves the API like a CRD', async () => {
    // As a user runs it: the plugin on PATH, a kubeconfig pointing at the consumer workspace.
    const kubeconfig = join(d.dir, 'consumer-a.kubeconfig');
    writeFileSync(
      kubeconfig,
      readFileSync(d.kubeconfig, 'utf8').replace(/server: (\S+)\/clusters\/root\b/g, 'server: $1/clusters/root:consumer-a'),
    );
    const r = await execa(
      'kubectl',
      ['kcp', 'bind', 'apiexport', 'root:providers:cowboys', '--accept-permission-claim', 'configmaps.core'],
      {
        env: { ...process.env, KUBECONFIG: kubeconfig, PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}` },
        reject: false,
      },
    );
    expect(r.stdout).toBe('apibinding cowboys created. Waiting to successfully bind ...\ncowboys created and bound.');
    expect(
      (
        await at(
          'root:consumer-a',
          'get',
          'apibinding',
          'cowboys',
          '-o',
          'jsonpath={.status.boundResources[0].resource} {.status.conditions[?(@.type=="Ready")].status}',
        )
      ).stdout,
    ).toBe('cowboys True');
    expect((await at('root:consumer-a', 'api-resources', '--api-group=wildwest.dev', '--no-headers')).stdout).toMatch(
      /^cowboys +wildwest.dev\/v1alpha1 +true +Cowboy/m,
    );
    expect((await atInput('root:consumer-a', COWBOY('one', 'ride'), 'create', '-f', '-')).code).toBe(0);
    // Printer columns, defaulting and validation from the schema; explain from its OpenAPI.
    expect((await at('root:consumer-a', 'get', 'cowboys', '--no-headers')).stdout).toMatch(/^one +ride/m);
    const defaulted = await atInput(
      'root:consumer-a',
      'apiVersion: wildwest.dev/v1alpha1\nkind: Cowboy\nmetadata: {name: two, namespace: default}\nspec: {}\n',
      'create',
      '-f',
      '-',
      '-o',
      'jsonpath={.spec.intent}',
    );
    expect(defaulted.stdout).toBe('ride');
    const invalid = await atInput(
      'root:consumer-a',
      'apiVersion: wildwest.dev/v1alpha1\nkind: Cowboy\nmetadata: {name: bad, namespace: default}\nspec: {horses: 9}\n',
      'create',
      '-f',
      '-',
    );
    expect(invalid.stderr).toContain('spec.horses: Invalid value: 9: spec.horses in body should be less than or equal to 3');
    expect((await at('root:consumer-a', 'explain', 'cowboys.spec')).stdout).toContain('intent');
  });

  it('refuses a binding its writer may not bind, in kcp words, and allows it once granted', async () => {
    await at('root:consumer-b', 'create', 'clusterrolebinding', 'user-admin', '--clusterrole=cluster-admin', '--user=user');
    const refused = await d.kubectl(['--context', 'user', 'create', '-f', '-'], {
      server: `${d.url}/clusters/root:consumer-b`,
      input: BINDING('cowboys', 'root:providers', 'cowboys'),
    });
    expect(refused.stderr).toContain(
      'apibindings.apis.kcp.io "cowboys" is forbidden: unable to create APIBinding: no permission to bind to export root:providers:cowboys',
    );
    const missing = await d.kubectl(['--context', 'user', 'create', '-f', '-'], {
      server: `${d.url}/clusters/root:consumer-b`,
      input: BINDING('nothing', 'root:providers', 'nothing'),
    });
    expect(missing.stderr).toContain('unable to create APIBinding: no permission to bind to export root:providers:nothing');
    await atInput(
      'root:providers',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: bind-cowboys}\nrules:\n- {apiGroups: [apis.kcp.io], resources: [apiexports], resourceNames: [cowboys], verbs: [bind]}\n',
      'create',
      '-f',
      '-',
    );
    await at('root:providers', 'create', 'clusterrolebinding', 'user-bind', '--clusterrole=bind-cowboys', '--user=user');
    // v1alpha1 is served too, and converted.
    const v1 = BINDING('cowboys', 'root:providers', 'cowboys').replace('v1alpha2', 'v1alpha1');
    const ok = await d.kubectl(['--context', 'user', 'create', '-f', '-'], { server: `${d.url}/clusters/root:consumer-b`, input: v1 });
    expect(ok.stderr).toBe('');
    await until('bound', async () => (await phase('root:consumer-b', 'cowboys')) === 'Bound');
    expect((await asUser('root:consumer-b', 'get', 'cowboys', '-A')).code).toBe(0);
  });

  it('keeps consumers and export identities apart', async () => {
    expect((await atInput('root:consumer-b', COWBOY('three', 'shoot'), 'create', '-f', '-')).code).toBe(0);
    expect((await at('root:consumer-b', 'get', 'cowboy', 'one', '-n', 'default')).code).not.toBe(0);
    // Another export of the same schema has another identity: its consumers share nothing with these.
    await provide('root:rivals', 'cowboys');
    await workspace('root:consumer-c');
    await atInput('root:consumer-c', BINDING('cowboys', 'root:rivals', 'cowboys'), 'create', '-f', '-');
    await until('bound', async () => (await phase('root:consumer-c', 'cowboys')) === 'Bound');
    expect((await at('root:consumer-c', 'get', 'cowboys', '-A', '--no-headers')).stdout).toBe('');
    const vw = (await at('root:rivals', 'get', 'apiexportendpointslice', 'cowboys', '-o', 'jsonpath={.status.endpoints[0].url}')).stdout;
    expect(vw).toContain('/services/apiexport/');
    expect((await d.kubectl(['get', 'cowboys', '-A', '--no-headers'], { server: `${vw}/clusters/*` })).stdout).toBe('');
  });

  it('reports a naming conflict with a local CRD and stays Binding', async () => {
    await workspace('root:consumer-d');
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: cowboys.wildwest.dev}
spec:
  group: wildwest.dev
  scope: Namespaced
  names: {plural: cowboys, singular: cowboy, kind: Cowboy}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
`;
    expect((await atInput('root:consumer-d', crd, 'create', '-f', '-')).code).toBe(0);
    await atInput('root:consumer-d', BINDING('cowboys', 'root:providers', 'cowboys'), 'create', '-f', '-');
    await until(
      'conflict',
      async () =>
        (
          await at(
            'root:consumer-d',
            'get',
            'apibinding',
            'cowboys',
            '-o',
            'jsonpath={.status.conditions[?(@.type=="BindingUpToDate")].reason}',
          )
        ).stdout === 'NamingConflicts',
    );
    const message = (
      await at('root:consumer-d', 'get', 'apibinding', 'cowboys', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].message}')
    ).stdout;
    expect(message).toBe(
      'Unable to bind APIs: naming conflict with CustomResourceDefinition "cowboys.wildwest.dev": spec.names.plural=cowboys is forbidden',
    );
    expect(await phase('root:consumer-d', 'cowboys')).toBe('Binding');
    // Once the CRD is gone, the binding binds.
    await at('root:consumer-d', 'delete', 'crd', 'cowboys.wildwest.dev');
    await until('bound after the CRD went', async () => (await phase('root:consumer-d', 'cowboys')) === 'Bound');
  });
});

describe('the APIExport virtual workspace', () => {
  let vw: string;
  beforeAll(async () => {
    await until('endpoint', async () => {
      vw = (await at('root:providers', 'get', 'apiexportendpointslice', 'cowboys', '-o', 'jsonpath={.status.endpoints[0].url}')).stdout;
      return vw !== '';
    });
  });

  it('lets a client-node informer see every consumer and write status per consumer', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const cluster = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `${vw}/clusters/*` } : c));
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const seen = new Map<string, string>();
    const informer = k8s.makeInformer<k8s.KubernetesObject>(
      kc,
      '/apis/wildwest.dev/v1alpha1/cowboys',
      () => custom.listClusterCustomObject({ group: 'wildwest.dev', version: 'v1alpha1', plural: 'cowboys' }) as never,
    );
    informer.on('add', (o) => seen.set(o.metadata!.name!, o.metadata!.annotations!['kcp.io/cluster']!));
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await until('both consumers', () => {
      if (errors.length) throw new Error(String(errors[0]));
      return seen.has('one') && seen.has('three');
    });
    expect(seen.get('one')).toBe(await clusterOf('root:consumer-a'));
    expect(seen.get('three')).toBe(await clusterOf('root:consumer-b'));
    await atInput('root:consumer-a', COWBOY('four', 'rope'), 'create', '-f', '-');
    await until('a new object through the watch', () => seen.has('four'));
    await informer.stop();

    const a = await clusterOf('root:consumer-a');
    const r = await d.kubectl(
      ['patch', 'cowboy', 'one', '-n', 'default', '--subresource=status', '--type=merge', '-p', '{"status":{"result":"rode"}}'],
      {
        server: `${vw}/clusters/${a}`,
      },
    );
    expect(r.stderr).toBe('');
    expect((await at('root:consumer-a', 'get', 'cowboy', 'one', '-n', 'default', '-o', 'jsonpath={.status.result}')).stdout).toBe('rode');
  });

  it('shows claimed objects only where the claim was accepted, with the claimed verbs only', async () => {
    await at('root:consumer-a', 'create', 'configmap', 'claimed', '--from-literal=k=v');
    await at('root:consumer-b', 'create', 'configmap', 'unclaimed', '--from-literal=k=v');
    const listed = (await d.kubectl(['get', 'configmaps', '-A', '--no-headers'], { server: `${vw}/clusters/*` })).stdout;
    expect(listed).toContain('claimed');
    expect(listed).not.toContain('unclaimed');
    const a = await clusterOf('root:consumer-a');
    const write = await d.kubectl(['create', 'configmap', 'nope'], { server: `${vw}/clusters/${a}` });
    expect(write.code).not.toBe(0);
    // The binding itself is readable there.
    expect((await d.kubectl(['get', 'apibindings', '--no-headers'], { server: `${vw}/clusters/${a}` })).stdout).toMatch(/^cowboys /m);
  });

  it('is authorized by apiexports/content in the export workspace', async () => {
    const denied = await d.kubectl(['--context', 'user', 'get', 'cowboys', '-A'], { server: `${vw}/clusters/*` });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toMatch(/forbidden/);
  });
});

describe('WorkspaceType defaultAPIBindings', () => {
  it('binds the exports in a new workspace, which is Ready only once they are Bound', async () => {
    const type = `apiVersion: tenancy.kcp.io/v1alpha1
kind: WorkspaceType
metadata: {name: ranch}
spec:
  defaultAPIBindings: [{path: root:providers, export: cowboys}]
`;
    expect((await atInput('root', type, 'create', '-f', '-')).code).toBe(0);
    const ws = 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ranch-1}\nspec: {type: {name: ranch, path: root}}\n';
    expect((await atInput('root', ws, 'create', '-f', '-')).code).toBe(0);
    await until(
      'ready',
      async () => (await at('root', 'get', 'workspace', 'ranch-1', '-o', 'jsonpath={.status.phase}')).stdout === 'Ready',
    );
    const bindings = (await at('root:ranch-1', 'get', 'apibindings', '-o', 'jsonpath={.items[*].status.phase}')).stdout;
    expect(bindings).toBe('Bound');
    expect((await at('root:ranch-1', 'get', 'cowboys', '-A')).code).toBe(0);
  });
});

describe('deleting a binding', () => {
  it('deletes its objects and removes the API from the workspace', async () => {
    expect((await at('root:consumer-a', 'delete', 'apibinding', 'cowboys')).code).toBe(0);
    await until('API gone', async () => (await at('root:consumer-a', 'get', 'cowboys', '-A')).code !== 0);
    // Bound again, the workspace starts empty: the objects went with the binding.
    await atInput('root:consumer-a', BINDING('cowboys', 'root:providers', 'cowboys'), 'create', '-f', '-');
    await until('bound again', async () => (await phase('root:consumer-a', 'cowboys')) === 'Bound');
    expect((await at('root:consumer-a', 'get', 'cowboys', '-A', '--no-headers')).stdout).toBe('');
  });
});
