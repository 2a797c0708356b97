// Identities that cannot be forged or outlive their grant, with the real kubectl and client-node: the admin
// kubeconfig's identities as kcp writes them, impersonation (`--as`, `--as-group`) authorized per workspace,
// ServiceAccount tokens that are kube's JWTs (valid across restarts, dead with their ServiceAccount), TokenReview,
// and /metrics behind authorization.
import * as k8s from '@kubernetes/client-node';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const at = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const asUser = (path: string, ...args: string[]) => d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${path}` });

const waitReady = async (parent: string, name: string) => {
  for (let i = 0; i < 100 && (await at(parent, 'get', 'ws', name, '-o', 'jsonpath={.status.phase}')).stdout !== 'Ready'; i++)
    await new Promise((r) => setTimeout(r, 20));
};

beforeAll(async () => {
  d = await startTestDaemon();
  await d.kubectl(['create', '-f', '-'], {
    server: `${d.url}/clusters/root`,
    input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: t}\n',
  });
  await waitReady('root', 't');
  // `user` may enter root:t and read configmaps there, nothing more.
  await at('root:t', 'create', 'clusterrolebinding', 'user-access', '--clusterrole=system:kcp:workspace:access', '--user=user');
  await at('root:t', 'create', 'rolebinding', 'user-view', '--clusterrole=view', '--user=user', '-n', 'default');
});
afterAll(async () => d?.stop());

const decodePayload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('the admin kubeconfig', () => {
  it('has kcp’s identities: kcp-admin is not system:masters, shard-admin is', async () => {
    const whoami = async (...args: string[]) =>
      (await d.kubectl(['auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username} {.status.userInfo.groups}', ...args])).stdout;
    expect(await whoami()).toBe('kcp-admin ["system:kcp:admin","system:authenticated"]');
    expect(await whoami('--context', 'shard-base')).toBe('shard-admin ["system:masters","system:authenticated"]');
    expect(await whoami('--context', 'user')).toBe('user ["system:authenticated"]');
    const contexts = (await d.kubectl(['config', 'get-contexts', '-o', 'name'])).stdout.split('\n').sort();
    expect(contexts).toEqual(['base', 'root', 'shard-base', 'system:admin', 'user']);
    expect(statSync(d.kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('lets kcp-admin do what kcp lets it and keeps cross-workspace lists for system:masters', async () => {
    expect((await at('root:t', 'get', 'secrets', '-n', 'default')).code).toBe(0);
    const wildcard = await d.kubectl(['get', '--raw', '/clusters/*/api/v1/configmaps']);
    expect(wildcard.stderr).toContain('forbidden: User "kcp-admin" cannot list across logical clusters');
    expect((await d.kubectl(['--context', 'shard-base', 'get', '--raw', '/clusters/*/api/v1/configmaps'])).stdout).toContain(
      '"kind":"ConfigMapList"',
    );
  });
});

describe('impersonation', () => {
  it('lets kcp-admin act as the user, scoped to the workspace that allowed it', async () => {
    const r = await at('root:t', '--as', 'user', 'auth', 'whoami', '-o', 'json');
    expect(r.stderr).toBe('');
    const info = (JSON.parse(r.stdout) as { status: { userInfo: { username: string; groups: string[]; extra: Record<string, string[]> } } })
      .status.userInfo;
    const cluster = (await at('root', 'get', 'ws', 't', '-o', 'jsonpath={.spec.cluster}')).stdout;
    expect(info).toEqual({
      username: 'user',
      groups: ['system:authenticated'],
      extra: { 'authentication.kcp.io/scopes': [`cluster:${cluster}`] },
    });
    const uid = await at('root:t', '--as', 'user', '--as-uid', 'u-42', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.uid}');
    expect(uid.stdout).toBe('u-42');
  });

  it('authorizes an impersonated request as the impersonated user', async () => {
    const denied = await at('root:t', '--as', 'user', 'get', 'secrets', '-n', 'default');
    expect(denied.stderr).toContain(
      'secrets is forbidden: User "user" cannot list resource "secrets" in API group "" in the namespace "default"',
    );
    expect((await at('root:t', '--as', 'user', 'get', 'configmaps', '-n', 'default')).code).toBe(0);
  });

  it('refuses a user without the impersonate verb, with kube’s message', async () => {
    const r = await asUser('root:t', '--as', 'kcp-admin', 'get', '--raw', '/clusters/root:t/api/v1/namespaces/default/secrets');
    expect(r.stderr).toContain(
      'users "kcp-admin" is forbidden: User "user" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
  });

  it('never lets anyone but system:masters impersonate kcp’s privileged groups', async () => {
    const mine = await asUser(
      'root:t',
      '--as',
      'user',
      '--as-group',
      'system:masters',
      'get',
      '--raw',
      '/clusters/root:t/api/v1/namespaces/default/secrets',
    );
    expect(mine.stderr).toContain('forbidden: impersonation is not allowed for the requestor');
    // Not even kcp-admin, whom RBAC allows every impersonation.
    const admin = await at(
      'root:t',
      '--as',
      'x',
      '--as-group',
      'system:masters',
      'get',
      '--raw',
      '/clusters/root:t/api/v1/namespaces/default/secrets',
    );
    expect(admin.stderr).toContain('forbidden: impersonation is not allowed for the requestor');
    const shard = await d.kubectl([
      '--context',
      'shard-base',
      '--as',
      'x',
      '--as-group',
      'system:masters',
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.groups}',
    ]);
    expect(shard.stdout).toBe('["system:masters","system:authenticated"]');
  });

  it('follows RBAC in the workspace the request targets: granted in one, refused in another', async () => {
    // kubectl's `create clusterrole` refuses resources discovery does not list (users, groups): YAML it is.
    const role = (name: string, rule: string) =>
      d.kubectl(['create', '-f', '-'], {
        server: `${d.url}/clusters/root:t`,
        input: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules: [${rule}]\n`,
      });
    expect((await role('impersonator', '{apiGroups: [""], resources: [users], verbs: [impersonate]}')).code).toBe(0);
    await at('root:t', 'create', 'clusterrolebinding', 'user-impersonates', '--clusterrole=impersonator', '--user=user');
    // Each impersonated attribute needs its own grant: the user, then the group.
    const whoami = () =>
      asUser(
        'root:t',
        '--as',
        'user',
        '--as-group',
        'devs',
        'auth',
        'whoami',
        '-o',
        'jsonpath={.status.userInfo.username} {.status.userInfo.groups}',
      );
    expect((await asUser('root:t', '--as', 'user', '--as-group', 'devs', 'get', '--raw', '/clusters/root:t/api')).stderr).toContain(
      'groups "devs" is forbidden: User "user" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
    expect(
      (await role('group-impersonator', '{apiGroups: [""], resources: [groups], resourceNames: [devs], verbs: [impersonate]}')).code,
    ).toBe(0);
    await at('root:t', 'create', 'clusterrolebinding', 'user-impersonates-devs', '--clusterrole=group-impersonator', '--user=user');
    expect((await whoami()).stdout).toBe('user ["devs","system:authenticated"]');
    // The grant lives in root:t: in root the same request is refused.
    expect((await asUser('root', '--as', 'user', 'get', '--raw', '/clusters/root/api/v1/namespaces')).stderr).toContain(
      'users "user" is forbidden: User "user" cannot impersonate resource "users"',
    );
  });

  it('impersonates ServiceAccounts with their groups, authorized in their namespace', async () => {
    await at(
      'root:t',
      'create',
      'clusterrolebinding',
      'robot-access',
      '--clusterrole=system:kcp:workspace:access',
      '--serviceaccount=default:robot',
    );
    const r = await at(
      'root:t',
      '--as',
      'system:serviceaccount:default:robot',
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo.username} {.status.userInfo.groups}',
    );
    expect(r.stdout).toBe(
      'system:serviceaccount:default:robot ["system:serviceaccounts","system:serviceaccounts:default","system:authenticated"]',
    );
    const denied = await asUser('root:t', '--as', 'system:serviceaccount:default:robot', 'get', '--raw', '/clusters/root:t/api');
    expect(denied.stderr).toContain(
      'serviceaccounts "robot" is forbidden: User "user" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "default"',
    );
  });

  it('answers kube’s 400 for groups without a user', async () => {
    const token = (await d.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="kcp-admin")].user.token}'])).stdout;
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const res = await fetchWithCA(kc, `${d.url}/clusters/root/api`, { authorization: `Bearer ${token}`, 'impersonate-group': 'devs' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe('requested [{Group  devs    }] without impersonating a user');
  });
});

describe('ServiceAccount tokens', () => {
  it('are kube’s JWTs, bound to the account and the workspace', async () => {
    await at('root:t', 'create', 'serviceaccount', 'bot');
    const token = (await at('root:t', 'create', 'token', 'bot')).stdout.trim();
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const cluster = (await at('root', 'get', 'ws', 't', '-o', 'jsonpath={.spec.cluster}')).stdout;
    const uid = (await at('root:t', 'get', 'sa', 'bot', '-o', 'jsonpath={.metadata.uid}')).stdout;
    const claims = decodePayload(token);
    expect(claims).toMatchObject({
      iss: 'https://kcp.default.svc',
      sub: 'system:serviceaccount:default:bot',
      aud: ['https://kcp.default.svc'],
      'kubernetes.io': { clusterName: cluster, namespace: 'default', serviceaccount: { name: 'bot', uid } },
    });
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(3600);
    const whoami = await d.kubectl(['--token', token, 'auth', 'whoami', '-o', 'json'], { server: `${d.url}/clusters/root:t` });
    expect(JSON.parse(whoami.stdout).status.userInfo).toEqual({
      username: 'system:serviceaccount:default:bot',
      uid,
      groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      extra: {
        'authentication.kubernetes.io/cluster-name': [cluster],
        'authentication.kubernetes.io/credential-id': [`JTI=${String(claims['jti'])}`],
      },
    });
    // A stranger everywhere else.
    expect((await d.kubectl(['--token', token, 'get', 'configmaps'], { server: `${d.url}/clusters/root` })).code).not.toBe(0);
  });

  it('refuse a duration under ten minutes as kube does', async () => {
    const r = await at('root:t', 'create', 'token', 'bot', '--duration', '599s');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    );
    const ok = await at('root:t', 'create', 'token', 'bot', '--duration', '600s');
    const claims = decodePayload(ok.stdout.trim());
    expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(600);
  });

  it('die with their ServiceAccount, and a new account of the same name does not revive them', async () => {
    await at('root:t', 'create', 'serviceaccount', 'doomed');
    const token = (await at('root:t', 'create', 'token', 'doomed')).stdout.trim();
    const use = () => d.kubectl(['--token', token, 'auth', 'whoami'], { server: `${d.url}/clusters/root:t` });
    expect((await use()).code).toBe(0);
    await at('root:t', 'delete', 'serviceaccount', 'doomed');
    expect((await use()).stderr).toMatch(/Unauthorized|must be logged in/);
    await at('root:t', 'create', 'serviceaccount', 'doomed');
    expect((await use()).stderr).toMatch(/Unauthorized|must be logged in/);
  });

  it('are reviewed by TokenReview, with audiences (client-node)', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    kc.setCurrentContext('root');
    const cluster = kc.getCurrentCluster()!;
    kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `${d.url}/clusters/root:t` } : c));
    const authn = kc.makeApiClient(k8s.AuthenticationV1Api);
    const token = (await at('root:t', 'create', 'token', 'bot')).stdout.trim();
    const ok = await authn.createTokenReview({ body: { spec: { token } } });
    expect(ok.status).toMatchObject({
      authenticated: true,
      audiences: ['https://kcp.default.svc'],
      user: { username: 'system:serviceaccount:default:bot' },
    });

    const vault = (await at('root:t', 'create', 'token', 'bot', '--audience', 'vault')).stdout.trim();
    const wrongAudience = await authn.createTokenReview({ body: { spec: { token: vault } } });
    expect(wrongAudience.status).toEqual({
      user: {},
      error: 'token audiences ["vault"] is invalid for the target audiences ["https://kcp.default.svc"]',
    });
    expect((await authn.createTokenReview({ body: { spec: { token: vault, audiences: ['vault'] } } })).status).toMatchObject({
      authenticated: true,
      audiences: ['vault'],
    });
    // The API refuses a token meant for another audience.
    expect((await d.kubectl(['--token', vault, 'auth', 'whoami'], { server: `${d.url}/clusters/root:t` })).code).not.toBe(0);

    const admin = (await d.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="kcp-admin")].user.token}'])).stdout;
    expect((await authn.createTokenReview({ body: { spec: { token: admin } } })).status).toMatchObject({
      authenticated: true,
      user: { username: 'kcp-admin' },
    });
    expect((await authn.createTokenReview({ body: { spec: { token: 'garbage' } } })).status).toEqual({
      user: {},
      error: 'invalid bearer token',
    });
    // Reviewing tokens is a privilege (RBAC: create tokenreviews).
    const review = await d.kubectl(['--context', 'user', 'create', '--validate=false', '-f', '-'], {
      server: `${d.url}/clusters/root:t`,
      input: `apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec: {token: ${token}}\n`,
    });
    expect(review.stderr).toContain(
      'tokenreviews.authentication.k8s.io is forbidden: User "user" cannot create resource "tokenreviews" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('survive a restart of a persistent daemon, and the shard-admin token with them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-identity-'));
    try {
      const first = await startTestDaemon([], { persistent: true, dir });
      await first.kubectl(['create', 'serviceaccount', 'keeper']);
      const token = (await first.kubectl(['create', 'token', 'keeper'])).stdout.trim();
      const shardToken = (await first.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="shard-admin")].user.token}']))
        .stdout;
      const kcpAdminToken = (await first.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="kcp-admin")].user.token}']))
        .stdout;
      expect(statSync(join(dir, 'sa.key')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, '.admin-token-store')).mode & 0o777).toBe(0o600);
      await first.stop();

      const second = await startTestDaemon([], { persistent: true, dir });
      try {
        expect((await second.kubectl(['--token', token, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}'])).stdout).toBe(
          'system:serviceaccount:default:keeper',
        );
        expect(
          (await second.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="shard-admin")].user.token}'])).stdout,
        ).toBe(shardToken);
        expect(
          (await second.kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="kcp-admin")].user.token}'])).stdout,
        ).not.toBe(kcpAdminToken);
        await second.kubectl(['delete', 'serviceaccount', 'keeper']);
        expect((await second.kubectl(['--token', token, 'auth', 'whoami'])).code).not.toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('/metrics', () => {
  it('needs get on the non-resource URL: refused to user until RBAC in root grants it', async () => {
    const denied = await d.kubectl(['--context', 'user', 'get', '--raw', '/metrics'], { server: d.url });
    expect(denied.stderr).toContain('forbidden: User "user" cannot get path "/metrics"');
    expect((await d.kubectl(['get', '--raw', '/metrics'], { server: d.url })).stdout).toContain('# TYPE');
    await at('root', 'create', 'clusterrolebinding', 'user-metrics', '--clusterrole=system:kcp:metrics-reader', '--user=user');
    expect((await d.kubectl(['--context', 'user', 'get', '--raw', '/metrics'], { server: d.url })).stdout).toContain('# TYPE');
  });
});

describe('impersonation through a mount', () => {
  it('is authorized here and never reaches the target', async () => {
    const target = await startTestDaemon();
    try {
      const r = await execa(join(PROJECT_ROOT, 'bin/kcpx'), ['ws', 'mount', 'm', '--kubeconfig', target.kubeconfig], {
        env: { ...process.env, KUBECONFIG: d.kubeconfig },
        reject: false,
      });
      expect(r.stderr).toBe('');
      // The impersonated user is authorized for the mount like anyone else: without access it is refused here.
      const denied = await at('root:m', '--as', 'somebody', 'get', '--raw', '/clusters/root:m/api');
      expect(denied.stderr).toMatch(/forbidden/i);
      await at('root', 'create', 'clusterrole', 'm-content', '--verb=access', '--resource=workspaces/content', '--resource-name=m');
      await at('root', 'create', 'clusterrolebinding', 'm-content', '--clusterrole=m-content', '--user=somebody');
      // With access, the target sees its own credentials, not the identity asked for here.
      const whoami = await at('root:m', '--as', 'somebody', 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}');
      expect(whoami.stdout).toBe('kcp-admin');
      const refused = await asUser('root:m', '--as', 'somebody', 'get', '--raw', '/clusters/root:m/api');
      expect(refused.stderr).toContain('users "somebody" is forbidden: User "user" cannot impersonate resource "users"');
    } finally {
      await target.stop();
    }
  });
});

/** A raw request with the daemon's CA, for headers kubectl refuses to send. */
async function fetchWithCA(
  kc: k8s.KubeConfig,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; json(): Promise<unknown> }> {
  const { Agent, request } = await import('undici');
  const ca = Buffer.from(kc.getCurrentCluster()!.caData!, 'base64').toString();
  const res = await request(url, { headers, dispatcher: new Agent({ connect: { ca } }) });
  return { status: res.statusCode, json: () => res.body.json() };
}
