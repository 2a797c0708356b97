// RBAC escalation prevention and ClusterRole aggregation with the real kubectl. The kubeconfig's `user` context is
// an unprivileged identity that may write Roles and bindings in one workspace: it may grant only what it holds,
// unless `escalate` or `bind` says otherwise, on every write path kubectl has (typed creates send protobuf).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
const WS = 'root:esc';
const admin = (...args: string[]) => d.kubectl(args, { server: `${d.url}/clusters/${WS}` });
const user = (...args: string[]) => d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${WS}` });
const userWith = (input: string, ...args: string[]) =>
  d.kubectl(['--context', 'user', ...args], { server: `${d.url}/clusters/${WS}`, input });
/** `user "user" (groups=[…])` as kube renders the requester (Go %q), from what the server says the user is. */
let requester = '';

async function ok(p: Promise<{ code: number; stderr: string }>): Promise<void> {
  const r = await p;
  if (r.code !== 0) throw new Error(r.stderr);
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const held = (missing: string) => `${requester} is attempting to grant RBAC permissions not currently held:\n${missing}`;
const ADMIN_MISSING = '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}';

beforeAll(async () => {
  d = await startTestDaemon();
  await ok(
    d.kubectl(['create', '-f', '-'], {
      server: `${d.url}/clusters/root`,
      input: 'apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: esc}\n',
    }),
  );
  await eventually(
    () => d.kubectl(['get', 'ws', 'esc', '-o', 'jsonpath={.status.phase}'], { server: `${d.url}/clusters/root` }),
    (r) => r.stdout === 'Ready',
  );
  // The user may write every RBAC object in the workspace (which also makes them a member of it), and nothing else.
  await ok(
    admin(
      'create',
      'clusterrole',
      'rbac-writer',
      '--verb=get,list,create,update,patch,delete',
      '--resource=roles,rolebindings,clusterroles,clusterrolebindings',
    ),
  );
  await ok(admin('create', 'clusterrolebinding', 'user-rbac-writer', '--clusterrole=rbac-writer', '--user=user'));
  await ok(admin('create', 'namespace', 'team'));
  const who = JSON.parse((await user('auth', 'whoami', '-o', 'json')).stdout) as {
    status: { userInfo: { username: string; groups?: string[] } };
  };
  const groups = (who.status.userInfo.groups ?? []).map((g) => JSON.stringify(g)).join(' ');
  requester = `user ${JSON.stringify(who.status.userInfo.username)} (groups=[${groups}])`;
});
afterAll(async () => d?.stop());

describe('Roles and ClusterRoles grant only what their writer holds', () => {
  it('a Role within the user’s own permissions is created', async () => {
    await ok(user('create', 'role', 'reader', '--verb=get', '--resource=roles', '-n', 'default'));
  });

  it('a Role granting more is refused with kube’s 403 and message, and nothing is stored', async () => {
    const r = await user('create', 'role', 'big', '--verb=*', '--resource=secrets', '-n', 'default');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe(
      `Error from server (Forbidden): roles.rbac.authorization.k8s.io "big" is forbidden: ${held('{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}')}`,
    );
    expect((await admin('get', 'role', 'big', '-n', 'default')).stderr).toContain('roles.rbac.authorization.k8s.io "big" not found');
  });

  it('a server-side dry run is refused the same way', async () => {
    const r = await user('create', 'role', 'big', '--verb=get', '--resource=secrets', '-n', 'default', '--dry-run=server');
    expect(r.stderr).toContain(held('{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}'));
  });

  it('a ClusterRole is held against cluster-wide rules', async () => {
    const r = await user('create', 'clusterrole', 'secret-reader', '--verb=get', '--resource=secrets');
    expect(r.stderr).toContain(
      `clusterroles.rbac.authorization.k8s.io "secret-reader" is forbidden: ${held('{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}')}`,
    );
    await ok(user('create', 'clusterrole', 'role-reader', '--verb=get,list', '--resource=roles'));
  });

  it('an aggregationRule takes every permission', async () => {
    const r = await user('create', 'clusterrole', 'sneaky', '--aggregation-rule=rbac.authorization.k8s.io/aggregate-to-admin=true');
    expect(r.stderr).toContain(
      'clusterroles.rbac.authorization.k8s.io "sneaky" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
  });

  it('every other write path is checked too: patches of each type, apply (both kinds), replace', async () => {
    const addSecrets = '[{"op":"add","path":"/rules/-","value":{"apiGroups":[""],"resources":["secrets"],"verbs":["get"]}}]';
    const secretsRules = '{"rules":[{"apiGroups":[""],"resources":["secrets"],"verbs":["list"]}]}';
    const missing = (verb: string) => held(`{APIGroups:[""], Resources:["secrets"], Verbs:["${verb}"]}`);
    expect((await user('patch', 'role', 'reader', '-n', 'default', '--type=json', '-p', addSecrets)).stderr).toContain(missing('get'));
    expect((await user('patch', 'role', 'reader', '-n', 'default', '--type=merge', '-p', secretsRules)).stderr).toContain(missing('list'));
    expect((await user('patch', 'role', 'reader', '-n', 'default', '--type=strategic', '-p', secretsRules)).stderr).toContain(
      missing('list'),
    );
    const manifest = (name: string, verb: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: ${name}, namespace: default}\nrules:\n- {apiGroups: [""], resources: [secrets], verbs: [${verb}]}\n`;
    expect((await userWith(manifest('reader', 'watch'), 'apply', '--server-side', '--force-conflicts', '-f', '-')).stderr).toContain(
      missing('watch'),
    );
    expect((await userWith(manifest('applied', 'watch'), 'apply', '--server-side', '-f', '-')).stderr).toContain(missing('watch'));
    expect((await userWith(manifest('applied', 'delete'), 'apply', '-f', '-')).stderr).toContain(missing('delete'));
    expect((await userWith(manifest('reader', 'create'), 'replace', '-f', '-')).stderr).toContain(missing('create'));
    // None of it landed.
    expect((await admin('get', 'role', 'reader', '-n', 'default', '-o', 'jsonpath={.rules}')).stdout).toBe(
      '[{"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"],"verbs":["get"]}]',
    );
    expect((await admin('get', 'role', 'applied', '-n', 'default')).code).not.toBe(0);
  });

  it('with `escalate` on roles in a namespace, the same Role is created there (and only there)', async () => {
    await ok(admin('create', 'clusterrole', 'role-escalator', '--verb=escalate', '--resource=roles'));
    await ok(admin('create', 'rolebinding', 'user-escalates', '--clusterrole=role-escalator', '--user=user', '-n', 'team'));
    await ok(user('create', 'role', 'big', '--verb=*', '--resource=secrets', '-n', 'team'));
    expect((await user('create', 'role', 'big', '--verb=*', '--resource=secrets', '-n', 'default')).code).not.toBe(0);
    // And its rules may be changed beyond what the user holds.
    await ok(
      user(
        'patch',
        'role',
        'big',
        '-n',
        'team',
        '--type=json',
        '-p',
        '[{"op":"add","path":"/rules/-","value":{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}}]',
      ),
    );
  });
});

describe('bindings grant only roles their writer holds', () => {
  it('binding a role the user holds is allowed', async () => {
    await ok(user('create', 'rolebinding', 'ok', '--role=reader', '--user=user', '-n', 'default'));
  });

  it('binding cluster-admin to oneself is refused (RoleBinding and ClusterRoleBinding), and not stored', async () => {
    const rb = await user('create', 'rolebinding', 'pwn', '--clusterrole=cluster-admin', '--user=user', '-n', 'default');
    expect(rb.stderr.trim()).toBe(
      `error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "pwn" is forbidden: ${held(ADMIN_MISSING)}`,
    );
    const crb = await user('create', 'clusterrolebinding', 'pwn', '--clusterrole=cluster-admin', '--user=user');
    expect(crb.stderr).toContain(`clusterrolebindings.rbac.authorization.k8s.io "pwn" is forbidden: ${held(ADMIN_MISSING)}`);
    expect((await admin('get', 'rolebinding', 'pwn', '-n', 'default')).code).not.toBe(0);
    expect((await admin('get', 'clusterrolebinding', 'pwn')).code).not.toBe(0);
    expect((await user('auth', 'can-i', 'delete', 'secrets', '-n', 'default')).stdout.trim()).toBe('no');
  });

  it('adding oneself to someone else’s binding is granting its role', async () => {
    await ok(admin('create', 'rolebinding', 'admins', '--clusterrole=cluster-admin', '--user=root', '-n', 'default'));
    const r = await user(
      'patch',
      'rolebinding',
      'admins',
      '-n',
      'default',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/subjects/-","value":{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"user"}}]',
    );
    expect(r.stderr).toContain(`rolebindings.rbac.authorization.k8s.io "admins" is forbidden: ${held(ADMIN_MISSING)}`);
    const applied = await userWith(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: pwn}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects:\n- {apiGroup: rbac.authorization.k8s.io, kind: User, name: user}\n',
      'apply',
      '--server-side',
      '-f',
      '-',
    );
    expect(applied.stderr).toContain(held(ADMIN_MISSING));
  });

  it('a binding to a role that does not exist is a 404', async () => {
    const r = await user('create', 'rolebinding', 'ghostly', '--role=ghost', '--user=user', '-n', 'default');
    expect(r.stderr).toContain('roles.rbac.authorization.k8s.io "ghost" not found');
  });

  it('with `bind` on clusterroles/view, binding view is allowed, edit still is not', async () => {
    await ok(admin('create', 'clusterrole', 'can-bind-view', '--verb=bind', '--resource=clusterroles', '--resource-name=view'));
    await ok(admin('create', 'clusterrolebinding', 'user-binds-view', '--clusterrole=can-bind-view', '--user=user'));
    await ok(user('create', 'rolebinding', 'viewer', '--clusterrole=view', '--user=user', '-n', 'default'));
    expect((await user('auth', 'can-i', 'list', 'configmaps', '-n', 'default')).stdout.trim()).toBe('yes');
    expect((await user('create', 'rolebinding', 'editor', '--clusterrole=edit', '--user=user', '-n', 'default')).stderr).toContain(
      'is attempting to grant RBAC permissions not currently held',
    );
  });
});

describe('ClusterRole aggregation', () => {
  const LABEL = 'example.dev/aggregate-to-ops';
  const rulesOf = async (name: string) => (await admin('get', 'clusterrole', name, '-o', 'jsonpath={.rules}')).stdout;
  const until = (name: string, want: string) =>
    eventually(
      () => rulesOf(name),
      (v) => v === want,
    );

  it('fills .rules from the selected roles and follows their changes, additions and removals', async () => {
    await ok(admin('create', 'clusterrole', 'ops', `--aggregation-rule=${LABEL}=true`));
    await ok(admin('create', 'clusterrole', 'ops-b', '--verb=list', '--resource=events'));
    await ok(admin('create', 'clusterrole', 'ops-a', '--verb=get', '--resource=configmaps'));
    await ok(admin('label', 'clusterrole', 'ops-b', `${LABEL}=true`));
    await ok(admin('label', 'clusterrole', 'ops-a', `${LABEL}=true`));
    const a = '{"apiGroups":[""],"resources":["configmaps"],"verbs":["get"]}';
    const b = '{"apiGroups":[""],"resources":["events"],"verbs":["list"]}';
    expect(await until('ops', `[${a},${b}]`)).toBe(`[${a},${b}]`);

    await ok(
      admin('patch', 'clusterrole', 'ops-a', '--type=json', '-p', '[{"op":"replace","path":"/rules/0/verbs","value":["get","watch"]}]'),
    );
    const a2 = '{"apiGroups":[""],"resources":["configmaps"],"verbs":["get","watch"]}';
    expect(await until('ops', `[${a2},${b}]`)).toBe(`[${a2},${b}]`);

    await ok(admin('label', 'clusterrole', 'ops-a', `${LABEL}-`));
    expect(await until('ops', `[${b}]`)).toBe(`[${b}]`);
    await ok(admin('delete', 'clusterrole', 'ops-b'));
    expect(await until('ops', '[]')).toBe('[]');
  });

  it('overwrites rules written into an aggregated role, as the controller’s own field manager', async () => {
    await ok(admin('create', 'clusterrole', 'ops-c', '--verb=get', '--resource=leases.coordination.k8s.io'));
    await ok(admin('label', 'clusterrole', 'ops-c', `${LABEL}=true`));
    const c = '{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get"]}';
    await until('ops', `[${c}]`);
    await ok(admin('patch', 'clusterrole', 'ops', '--type=merge', '-p', '{"rules":[{"apiGroups":["*"],"resources":["*"],"verbs":["*"]}]}'));
    expect(await until('ops', `[${c}]`)).toBe(`[${c}]`);
    const managers = (
      await admin('get', 'clusterrole', 'ops', '--show-managed-fields', '-o', 'jsonpath={.metadata.managedFields[*].manager}')
    ).stdout;
    expect(managers.split(' ')).toContain('clusterrole-aggregation-controller');
  });

  it('authorizes what .rules says: bound to the aggregate, the user gains and loses with it', async () => {
    await ok(admin('create', 'rolebinding', 'user-ops', '--clusterrole=ops', '--user=user', '-n', 'team'));
    const canWatchLeases = () => user('auth', 'can-i', 'get', 'leases.coordination.k8s.io', '-n', 'team').then((r) => r.stdout.trim());
    expect(await canWatchLeases()).toBe('yes');
    await ok(admin('label', 'clusterrole', 'ops-c', `${LABEL}-`));
    await until('ops', '[]');
    expect(await canWatchLeases()).toBe('no');
  });
});
