// Workspaces a hostile tenant cannot hijack, with the real kubectl: the system's metadata and fields are the
// system's on every write path, LogicalClusters are not the tenant's to create or delete, WorkspaceTypes need `use`,
// required groups gate and propagate as in kcp, and mounts forward nothing for callers without access.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const admin = (path: string, args: string[], input?: string) =>
  d.kubectl(args, { server: `${d.url}/clusters/${path}`, ...(input ? { input } : {}) });
const user = (path: string, args: string[], input?: string) =>
  d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${path}`, ...(input ? { input } : {}) });
const workspace = (name: string, spec = '', annotations = '') =>
  `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}${annotations ? `, annotations: {${annotations}}` : ''}}\n${spec ? `spec: ${spec}\n` : ''}`;
const jsonpath = async (path: string, args: string[]) =>
  (await admin(path, [...args.slice(0, -1), '-o', `jsonpath=${args.at(-1)!}`])).stdout;

async function waitReady(parent: string, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await admin(parent, ['get', 'workspace', name, '-o', 'jsonpath={.status.phase}'])).stdout === 'Ready') return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workspace ${parent}:${name} did not become Ready`);
}

/** `user` administers `path` the way a workspace admin does: cluster-admin through RBAC inside it. */
async function makeUserAdminOf(path: string): Promise<void> {
  expect((await admin(path, ['create', 'clusterrolebinding', 'user-admin', '--clusterrole=cluster-admin', '--user=user'])).code).toBe(0);
}

beforeAll(async () => {
  d = await startTestDaemon();
  // Universal workspaces: they take children of any type (organizations allow only universal and team).
  for (const name of ['a', 't']) {
    expect((await admin('root', ['create', '-f', '-'], workspace(name, '{type: {name: universal, path: root}}'))).code).toBe(0);
    await waitReady('root', name);
    await makeUserAdminOf(`root:${name}`);
  }
});
afterAll(async () => d?.stop());

describe('system metadata', () => {
  const FORBIDDEN_PATH = 'logicalclusters.core.kcp.io "cluster" is forbidden: modification of reserved annotation: "kcp.io/path"';

  it("refuses a workspace admin every write of kcp.io/path on its LogicalCluster, with kcp's message", async () => {
    const attempts: Array<[string[], string?]> = [
      [['annotate', 'logicalcluster', 'cluster', 'kcp.io/path=root', '--overwrite']],
      [['patch', 'logicalcluster', 'cluster', '--type=merge', '-p', '{"metadata":{"annotations":{"kcp.io/path":"root"}}}']],
      [
        [
          'patch',
          'logicalcluster',
          'cluster',
          '--type=json',
          '-p',
          '[{"op":"replace","path":"/metadata/annotations/kcp.io~1path","value":"root"}]',
        ],
      ],
      [
        ['apply', '--server-side', '--force-conflicts', '-f', '-'],
        'apiVersion: core.kcp.io/v1alpha1\nkind: LogicalCluster\nmetadata: {name: cluster, annotations: {kcp.io/path: root}}\n',
      ],
      [['annotate', 'logicalcluster', 'cluster', 'kcp.io/path-']],
    ];
    for (const [args, input] of attempts) {
      const r = await user('root:a', args, input);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toContain(FORBIDDEN_PATH);
    }
    // A full replace carrying the change.
    const lc = JSON.parse((await user('root:a', ['get', 'logicalcluster', 'cluster', '-o', 'json'])).stdout) as {
      metadata: { annotations: Record<string, string> };
    };
    lc.metadata.annotations['kcp.io/path'] = 'root';
    const replaced = await user('root:a', ['replace', '-f', '-'], JSON.stringify(lc));
    expect(replaced.stderr).toContain(FORBIDDEN_PATH);
    // The status endpoint writes status only: metadata sent there is ignored, not stored.
    await user('root:a', [
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"metadata":{"annotations":{"kcp.io/path":"root"}}}',
    ]);
    expect(await jsonpath('root:a', ['get', 'logicalcluster', 'cluster', '{.metadata.annotations.kcp\\.io/path}'])).toBe('root:a');
    expect(await jsonpath('root', ['get', 'logicalcluster', 'cluster', '{.metadata.annotations.kcp\\.io/cluster}'])).toBe('root');
  });

  it("guards every kcp.io annotation and label, while other metadata stays the tenant's", async () => {
    const label = await user('root:a', ['label', 'logicalcluster', 'cluster', 'tenancy.kcp.io/phase=Initializing', '--overwrite']);
    expect(label.stderr).toContain('modification of reserved label: "tenancy.kcp.io/phase"');
    const owner = await user('root:a', [
      'annotate',
      'logicalcluster',
      'cluster',
      'experimental.tenancy.kcp.io/owner={"username":"mallory"}',
      '--overwrite',
    ]);
    expect(owner.stderr).toContain('modification of reserved annotation: "experimental.tenancy.kcp.io/owner"');
    const groups = await user('root:a', ['annotate', 'logicalcluster', 'cluster', 'authorization.kcp.io/required-groups-']);
    expect(groups.code).toBe(0); // nothing to remove: a no-op
    const add = await user('root:a', ['annotate', 'logicalcluster', 'cluster', 'authorization.kcp.io/required-groups=x']);
    expect(add.stderr).toContain('modification of reserved annotation: "authorization.kcp.io/required-groups"');
    const cm = await user('root:a', ['create', 'configmap', 'labelled', '-n', 'default']);
    expect(cm.code).toBe(0);
    expect((await user('root:a', ['label', 'configmap', 'labelled', '-n', 'default', 'internal.tenancy.kcp.io/x=y'])).stderr).toContain(
      'modification of reserved label: "internal.tenancy.kcp.io/x"',
    );
    expect((await user('root:a', ['label', 'configmap', 'labelled', '-n', 'default', 'team=blue'])).code).toBe(0);
    // kcp.io/path on other objects always names the object's own workspace (kcp's PathAnnotation).
    expect((await user('root:a', ['annotate', 'configmap', 'labelled', '-n', 'default', 'kcp.io/path=root'])).code).toBe(0);
    expect(await jsonpath('root:a', ['get', 'configmap', 'labelled', '-n', 'default', '{.metadata.annotations.kcp\\.io/path}'])).toBe(
      'root:a',
    );
  });

  it("keeps spec.cluster, spec.URL and the logical-cluster finalizer of Workspaces the system's", async () => {
    const forged = await user('root:t', ['create', '-f', '-'], workspace('forged', '{cluster: root}'));
    expect(forged.stderr).toContain(
      'workspaces.tenancy.kcp.io "forged" is forbidden: spec.Cluster can only be set by system privileged users',
    );
    expect((await user('root:t', ['create', '-f', '-'], workspace('kid'))).code).toBe(0);
    await waitReady('root:t', 'kid');
    const cluster = await user('root:t', ['patch', 'workspace', 'kid', '--type=merge', '-p', '{"spec":{"cluster":"root"}}']);
    expect(cluster.stderr).toContain(
      'workspaces.tenancy.kcp.io "kid" is forbidden: spec.cluster can only be changed by system privileged users',
    );
    const url = await user('root:t', [
      'patch',
      'workspace',
      'kid',
      '--type=merge',
      '-p',
      `{"spec":{"URL":"https://evil.example/clusters/root"}}`,
    ]);
    expect(url.stderr).toContain('workspaces.tenancy.kcp.io "kid" is forbidden: spec.URL can only be changed by system privileged users');

    // A type with a terminator holds a deleted workspace Terminating: its finalizer cannot be pulled from under it.
    expect(
      (
        await admin(
          'root:t',
          ['create', '-f', '-'],
          'apiVersion: tenancy.kcp.io/v1alpha1\nkind: WorkspaceType\nmetadata: {name: held}\nspec: {terminator: true}\n',
        )
      ).code,
    ).toBe(0);
    expect((await user('root:t', ['create', '-f', '-'], workspace('held', '{type: {name: held, path: "root:t"}}'))).code).toBe(0);
    await waitReady('root:t', 'held');
    await user('root:t', ['delete', 'workspace', 'held', '--wait=false']);
    const pulled = await user('root:t', ['patch', 'workspace', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    expect(pulled.stderr).toContain(
      'workspaces.tenancy.kcp.io "held" is forbidden: removing the finalizer core.kcp.io/logicalcluster is forbidden',
    );
    expect(await jsonpath('root:t', ['get', 'workspace', 'held', '{.status.phase}'])).toBe('Terminating');
    await admin('root:t:held', [
      'patch',
      'logicalcluster',
      'cluster',
      '--subresource=status',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/status/terminators"}]',
    ]);
  });
});

describe('LogicalClusters', () => {
  it('cannot be deleted directly, by a tenant or the admin', async () => {
    for (const run of [admin, user]) {
      const r = await run('root:a', ['delete', 'logicalcluster', 'cluster']);
      expect(r.stderr).toContain('logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster cannot be deleted');
    }
    expect(await jsonpath('root', ['get', 'workspace', 'a', '{.status.phase}'])).toBe('Ready');
    expect((await user('root:a', ['get', 'namespaces'])).code).toBe(0);
  });

  it('cannot be created by a tenant', async () => {
    const r = await user(
      'root:a',
      ['create', '-f', '-'],
      'apiVersion: core.kcp.io/v1alpha1\nkind: LogicalCluster\nmetadata: {name: cluster}\n',
    );
    expect(r.stderr).toContain('logicalclusters.core.kcp.io "cluster" is forbidden: LogicalCluster cannot be created');
  });

  it('deletes its workspace with it when spec.directlyDeletable says so', async () => {
    expect((await admin('root', ['create', '-f', '-'], workspace('doomed'))).code).toBe(0);
    await waitReady('root', 'doomed');
    expect(
      (await admin('root:doomed', ['patch', 'logicalcluster', 'cluster', '--type=merge', '-p', '{"spec":{"directlyDeletable":true}}']))
        .code,
    ).toBe(0);
    expect((await admin('root:doomed', ['delete', 'logicalcluster', 'cluster'])).code).toBe(0);
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      gone = (await admin('root', ['get', 'workspace', 'doomed'])).stderr.includes('NotFound');
      if (!gone) await new Promise((r) => setTimeout(r, 20));
    }
    expect(gone).toBe(true);
    expect((await admin('root:doomed', ['get', 'namespaces'])).code).not.toBe(0);
  });
});

describe('workspace types', () => {
  const type = (name: string, spec = '{}') =>
    `apiVersion: tenancy.kcp.io/v1alpha1\nkind: WorkspaceType\nmetadata: {name: ${name}}\nspec: ${spec}\n`;
  const useRole = (name: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: use-${name}}\nrules: [{apiGroups: [tenancy.kcp.io], resources: [workspacetypes], resourceNames: [${name}], verbs: [use]}]\n`;
  const grantUse = async (name: string) => {
    expect((await admin('root', ['create', '-f', '-'], useRole(name))).code).toBe(0);
    expect((await admin('root', ['create', 'clusterrolebinding', `use-${name}`, `--clusterrole=use-${name}`, '--user=user'])).code).toBe(0);
  };

  beforeAll(async () => {
    expect((await admin('root', ['create', '-f', '-'], type('restricted'))).code).toBe(0);
    expect((await admin('root', ['create', '-f', '-'], type('derived', '{extend: {with: [{name: restricted, path: root}]}}'))).code).toBe(
      0,
    );
  });

  it("refuses a type the user may not use, with kcp's message, and creates nothing", async () => {
    const r = await user('root:t', ['create', '-f', '-'], workspace('sneaky', '{type: {name: restricted, path: root}}'));
    expect(r.stderr).toContain(
      `workspaces.tenancy.kcp.io "sneaky" is forbidden: unable to use workspace type root:restricted: missing verb='use' permission on workspacetype`,
    );
    expect((await admin('root:t', ['get', 'workspace', 'sneaky'])).stderr).toContain('NotFound');
    // The built-in universal type is everyone's (kcp's root binding).
    expect((await user('root:t', ['create', '-f', '-'], workspace('plain', '{type: {name: universal, path: root}}'))).code).toBe(0);
  });

  it('needs use on every type a type extends', async () => {
    await grantUse('derived');
    const r = await user('root:t', ['create', '-f', '-'], workspace('via-derived', '{type: {name: derived, path: root}}'));
    expect(r.stderr).toContain(`unable to use workspace type root:restricted: missing verb='use' permission on workspacetype`);
    await grantUse('restricted');
    expect((await user('root:t', ['create', '-f', '-'], workspace('via-derived', '{type: {name: derived, path: root}}'))).code).toBe(0);
    expect((await user('root:t', ['create', '-f', '-'], workspace('allowed', '{type: {name: restricted, path: root}}'))).code).toBe(0);
    await waitReady('root:t', 'allowed');
  });
});

describe('required groups', () => {
  const RG = 'authorization.kcp.io/required-groups';

  it('gate a workspace for users outside the groups, and are copied to its children', async () => {
    expect((await admin('root', ['create', '-f', '-'], workspace('guarded', '', `${RG}: "team-x,staff;auditors"`))).code).toBe(0);
    await waitReady('root', 'guarded');
    expect(
      await jsonpath('root:guarded', [
        'get',
        'logicalcluster',
        'cluster',
        `{.metadata.annotations.authorization\\.kcp\\.io/required-groups}`,
      ]),
    ).toBe('team-x,staff;auditors');
    await makeUserAdminOf('root:guarded');
    const denied = await user('root:guarded', ['get', 'namespaces']);
    expect(denied.stderr).toContain(
      'namespaces is forbidden: User "user" cannot list resource "namespaces" in API group "" at the cluster scope: access denied',
    );
    // The operator (system:kcp:admin) always qualifies.
    expect((await admin('root:guarded', ['get', 'namespaces'])).code).toBe(0);
    expect((await admin('root:guarded', ['create', '-f', '-'], workspace('inner'))).code).toBe(0);
    await waitReady('root:guarded', 'inner');
    expect(
      await jsonpath('root:guarded:inner', [
        'get',
        'logicalcluster',
        'cluster',
        `{.metadata.annotations.authorization\\.kcp\\.io/required-groups}`,
      ]),
    ).toBe('team-x,staff;auditors');
  });

  it("cannot be chosen by a tenant: a child gets its parent's, whatever the tenant sent", async () => {
    expect((await user('root:t', ['create', '-f', '-'], workspace('locked', '', `${RG}: nobody`))).code).toBe(0);
    await waitReady('root:t', 'locked');
    expect(
      await jsonpath('root:t', ['get', 'workspace', 'locked', `{.metadata.annotations.authorization\\.kcp\\.io/required-groups}`]),
    ).toBe('');
    expect((await user('root:t:locked', ['get', 'namespaces'])).code).toBe(0);
  });
});

describe('mounts', () => {
  let target: Server;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const throughMount = () => seen.filter((r) => r.url !== '/readyz');

  beforeAll(async () => {
    target = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(req.url === '/readyz' ? 'ok' : '{"kind":"NamespaceList","apiVersion":"v1","metadata":{},"items":[]}');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const port = (target.address() as AddressInfo).port;
    const kubeconfig = d.file(
      'target.kubeconfig',
      `apiVersion: v1\nkind: Config\nclusters: [{name: t, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: t, user: {token: target-secret}}]\ncontexts: [{name: t, context: {cluster: t, user: t}}]\ncurrent-context: t\n`,
    );
    const r = await execa(join(PROJECT_ROOT, 'bin/kcpx'), ['ws', 'mount', 'm', '--kubeconfig', kubeconfig], {
      env: { ...process.env, KUBECONFIG: d.kubeconfig },
      reject: false,
    });
    if (r.exitCode !== 0) throw new Error(r.stderr);
    for (let i = 0; i < 100 && (await admin('root', ['get', 'workspace', 'm', '-o', 'jsonpath={.status.phase}'])).stdout !== 'Ready'; i++)
      await new Promise((res) => setTimeout(res, 20));
  });
  afterAll(() => new Promise<void>((r) => target.close(() => r())));

  it('refuses a user without access to the mounted workspace, before anything reaches the target', async () => {
    const before = throughMount().length;
    // --raw replaces the server's path: the mount's path goes into the raw one.
    const r = await user('root', ['get', '--raw', '/clusters/root:m/api/v1/namespaces']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'workspaces.tenancy.kcp.io "m" is forbidden: User "user" cannot access resource "workspaces/content" in API group "tenancy.kcp.io" at the cluster scope',
    );
    expect(throughMount().length).toBe(before);
  });

  it("forwards for callers with access, with the mount's credentials and none of the caller's identity", async () => {
    const { ca, token } = adminCredentials();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(
        `${d.url}/clusters/root:m/api/v1/namespaces`,
        {
          ca,
          headers: {
            authorization: `Bearer ${token}`,
            'x-remote-user': 'mallory',
            'x-remote-group': 'system:masters',
            cookie: 'session=1',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    const last = throughMount().at(-1)!;
    expect(last.url).toBe('/api/v1/namespaces');
    expect(last.headers['authorization']).toBe('Bearer target-secret');
    for (const h of Object.keys(last.headers)) expect(h).not.toMatch(/^(impersonate-|x-remote-|cookie$)/);

    // Granted `access` on workspaces/content for m in root, the user gets through too.
    const role =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: mount-m}\nrules: [{apiGroups: [tenancy.kcp.io], resources: [workspaces/content], resourceNames: [m], verbs: [access]}]\n';
    expect((await admin('root', ['create', '-f', '-'], role)).code).toBe(0);
    expect((await admin('root', ['create', 'clusterrolebinding', 'mount-m', '--clusterrole=mount-m', '--user=user'])).code).toBe(0);
    const before = throughMount().length;
    expect((await user('root', ['get', '--raw', '/clusters/root:m/api/v1/namespaces'])).code).toBe(0);
    expect(throughMount().length).toBe(before + 1);
  });

  it('refuses anonymous callers', async () => {
    const before = throughMount().length;
    const { ca } = adminCredentials();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${d.url}/clusters/root:m/api/v1/namespaces`, { ca }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    expect([401, 403]).toContain(status);
    expect(throughMount().length).toBe(before);
  });
});

function adminCredentials(): { ca: string; token: string } {
  const doc = parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
    users: Array<{ name: string; user: { token: string } }>;
  };
  return {
    ca: Buffer.from(doc.clusters[0]!.cluster['certificate-authority-data'], 'base64').toString(),
    token: doc.users.find((u) => u.name === 'kcp-admin')!.user.token,
  };
}
