// Authorization per logical cluster with the real kubectl: an unprivileged user (the kubeconfig's `user`
// context) is refused with kube's messages until RBAC in that workspace grants access, and nowhere else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const admin = (path: string, ...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${path}` });
const user = (path: string, ...args: string[]) => d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${path}` });

beforeAll(async () => {
  d = await startTestDaemon();
  for (const name of ['tenant', 'other']) {
    await d.kubectl(['create', '-f', '-'], {
      server: `${d.url}/clusters/root`,
      input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\n`,
    });
  }
  for (let i = 0; i < 100 && (await admin('root', 'get', 'ws', 'other', '-o', 'jsonpath={.status.phase}')).stdout !== 'Ready'; i++)
    await new Promise((r) => setTimeout(r, 20));
});
afterAll(async () => d?.stop());

describe('RBAC', () => {
  it("refuses an unprivileged user with kube's message", async () => {
    const r = await user('root', 'get', 'namespaces');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'namespaces is forbidden: User "user" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
    expect((await user('root', 'auth', 'can-i', 'list', 'namespaces')).stdout.trim()).toBe('no');
  });

  it('lets every authenticated user read the workspaces of root', async () => {
    expect((await user('root', 'get', 'workspaces', '-o', 'name')).stdout).toContain('workspace.tenancy.kcp.io/tenant');
  });

  it('grants exactly what a RoleBinding in one workspace says', async () => {
    expect((await user('root:tenant', 'get', 'configmaps')).code).not.toBe(0);
    expect(
      (await admin('root:tenant', 'create', 'rolebinding', 'user-edit', '--clusterrole=edit', '--user=user', '-n', 'default')).code,
    ).toBe(0);
    expect((await user('root:tenant', '-n', 'default', 'create', 'configmap', 'mine')).code).toBe(0);
    expect((await user('root:tenant', '-n', 'default', 'auth', 'can-i', 'delete', 'configmaps')).stdout.trim()).toBe('yes');
    expect((await user('root:tenant', '-n', 'kube-system', 'get', 'configmaps')).stderr).toContain(
      'cannot list resource "configmaps" in API group "" in the namespace "kube-system"',
    );
    expect((await user('root:other', '-n', 'default', 'get', 'configmaps')).code).not.toBe(0);
  });

  it('issues ServiceAccount tokens that authenticate as the account and obey its bindings', async () => {
    await admin('root:tenant', 'create', 'serviceaccount', 'bot');
    const token = (await admin('root:tenant', 'create', 'token', 'bot')).stdout.trim();
    // A JWT (header.payload.signature), as kube issues them.
    expect(token).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    const asBot = (...args: string[]) => d.kubectl(['--token', token, ...args], { server: `${d.url}/clusters/root:tenant` });
    expect((await asBot('get', 'configmaps')).stderr).toContain(
      'User "system:serviceaccount:default:bot" cannot list resource "configmaps"',
    );
    await admin('root:tenant', 'create', 'rolebinding', 'bot-view', '--clusterrole=view', '--serviceaccount=default:bot');
    expect((await asBot('get', 'configmaps')).code).toBe(0);
    expect((await admin('root:tenant', 'create', 'token', 'nope')).stderr).toContain('serviceaccounts "nope" not found');
  });
});
