import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import type { ListPage, Scope } from '../../storage/store.js';
import { attributesForRequest } from './attributes.js';
import {
  forbiddenFor,
  forbiddenMessage,
  KcpAuthorizer,
  prefixedUser,
  reviewAuthorizer,
  satisfiesRequiredGroups,
  storeSource,
} from './authorizer.js';
import type { UserInfo } from '../../registry/types.js';
import { rootClusterRoleBindings, workspaceAdminBinding } from './bootstrap.js';
import {
  clusterRole,
  clusterRoleBinding,
  group,
  logicalCluster,
  MemorySource,
  res,
  role,
  roleBinding,
  sa,
  u,
  url,
  user,
} from './fixtures.test.js';
import { serviceAccountUser } from '../user/names.js';

const alice = u('alice');

/** c1: alice has `access` and edits in demo; bob is only named by a RoleBinding; carol is a stranger. */
function world(): MemorySource {
  return new MemorySource()
    .add(
      'c1',
      logicalCluster(),
      clusterRole('access', [{ verbs: ['access'], nonResourceURLs: ['/'] }]),
      clusterRoleBinding('alice-access', 'access', [user('alice')]),
      roleBinding('demo', 'alice-edit', { kind: 'ClusterRole', name: 'edit' }, [user('alice')]),
      roleBinding('demo', 'bob-view', { kind: 'ClusterRole', name: 'view' }, [user('bob')]),
      roleBinding('demo', 'everyone-view', { kind: 'ClusterRole', name: 'view' }, [group('system:authenticated')]),
      role('demo', 'robot', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]),
      roleBinding('demo', 'robot', { kind: 'Role', name: 'robot' }, [sa('robot')]),
    )
    .add('c2', logicalCluster());
}

describe('privileged groups', () => {
  const authz = new KcpAuthorizer({ source: world() });

  it('system:masters may do anything anywhere, without reading any policy', () => {
    const src = new MemorySource();
    const a = new KcpAuthorizer({ source: src });
    const root = { username: 'root', groups: ['system:masters'] };
    expect(a.authorize(res(root, 'delete', 'namespaces', { name: 'x', cluster: 'nowhere' }))).toEqual({ allowed: true, reason: '' });
    expect(a.authorize(url(root, 'get', '/metrics', 'system:admin')).allowed).toBe(true);
    expect(src.calls).toBe(0);
    expect(a.cachedClusters).toBe(0);
  });

  it('system:kcp:admin may do anything in every workspace, also without reading policy', () => {
    const src = new MemorySource();
    const a = new KcpAuthorizer({ source: src });
    const d = a.authorize(
      res({ username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] }, 'create', 'workspaces', {
        group: 'tenancy.kcp.io',
        cluster: 'anything',
      }),
    );
    expect(d.allowed).toBe(true);
    expect(d.reason).toContain('system:kcp:admin');
    expect(src.calls).toBe(0);
  });

  it('says up front whom it allows everything (the front door then skips working out the attributes)', () => {
    const a = new KcpAuthorizer({ source: new MemorySource() });
    expect(a.allowsAll({ username: 'shard-admin', groups: ['system:masters'] })).toBe(true);
    expect(a.allowsAll({ username: 'kcp-admin', groups: ['system:kcp:admin'] })).toBe(true);
    expect(a.allowsAll({ username: 'user', groups: ['system:authenticated'] })).toBe(false);
    expect(a.allowsAll({ username: 'x', groups: ['system:kcp:logical-cluster-admin'] })).toBe(false);
  });

  it('health paths are always allowed, other non-resource paths are not', () => {
    const carol = u('carol');
    expect(authz.authorize(url(carol, 'get', '/healthz', 'c2')).allowed).toBe(true);
    expect(authz.authorize(url(carol, 'get', '/livez', 'system:admin')).allowed).toBe(true);
    expect(authz.authorize(url(carol, 'get', '/readyz')).allowed).toBe(true);
    expect(authz.authorize(url(carol, 'get', '/healthz/etcd', 'c2')).allowed).toBe(false);
  });
});

describe('workspace access', () => {
  const authz = new KcpAuthorizer({ source: world() });

  it('lets in users with `access` on /', () => {
    const d = authz.authorize(res(alice, 'create', 'configmaps', { namespace: 'demo' }));
    expect(d).toEqual({ allowed: true, reason: 'RBAC: allowed by RoleBinding "alice-edit/demo" of ClusterRole "edit" to User "alice"' });
    // …and then RBAC still decides.
    expect(authz.authorize(res(alice, 'create', 'configmaps', { namespace: 'prod' })).allowed).toBe(false);
    expect(authz.authorize(url(alice, 'get', '/api')).allowed).toBe(true);
  });

  it('lets in users a binding names, even without `access`', () => {
    const bob = u('bob');
    expect(authz.authorize(res(bob, 'list', 'configmaps', { namespace: 'demo' })).allowed).toBe(true);
    expect(authz.authorize(url(bob, 'get', '/apis')).allowed).toBe(true);
  });

  it('shuts out everybody else from everything, discovery included, even with system:authenticated bindings', () => {
    const carol = u('carol');
    const list = res(carol, 'list', 'configmaps', { namespace: 'demo' });
    const d = authz.authorize(list);
    expect(d.allowed).toBe(false);
    expect(d.reason).toBe('no verb=access permission on /');
    expect(d.denyMessage).toBe('User "carol" cannot list resource "configmaps" in API group "" in the namespace "demo": access denied');
    expect(authz.authorize(url(carol, 'get', '/api')).denyMessage).toBe('User "carol" cannot get path "/api": access denied');
    expect(authz.authorize(res(carol, 'create', 'selfsubjectaccessreviews', { group: 'authorization.k8s.io' })).allowed).toBe(false);
  });

  it('is per workspace', () => {
    expect(authz.authorize(res(alice, 'list', 'configmaps', { namespace: 'demo', cluster: 'c2' })).allowed).toBe(false);
  });

  it('honours a stored root-style access binding for system:authenticated', () => {
    const src = new MemorySource().add('root', logicalCluster(), ...rootClusterRoleBindings());
    const a = new KcpAuthorizer({ source: src });
    const carol = u('carol');
    expect(a.authorize(url(carol, 'get', '/api', 'root')).allowed).toBe(true);
    expect(a.authorize(res(carol, 'list', 'workspaces', { group: 'tenancy.kcp.io', cluster: 'root' })).allowed).toBe(true);
    expect(a.authorize(res(carol, 'create', 'workspaces', { group: 'tenancy.kcp.io', cluster: 'root' })).allowed).toBe(false);
    expect(a.authorize(res(carol, 'list', 'configmaps', { namespace: 'default', cluster: 'root' })).allowed).toBe(false);
  });

  it('makes the workspace-admin binding a full admin of the workspace', () => {
    const src = new MemorySource().add('w', logicalCluster(), workspaceAdminBinding('alice'));
    const a = new KcpAuthorizer({ source: src });
    expect(a.authorize(res(alice, 'delete', 'namespaces', { name: 'default', namespace: 'default', cluster: 'w' })).allowed).toBe(true);
    expect(a.authorize(res(u('bob'), 'get', 'namespaces', { name: 'default', namespace: 'default', cluster: 'w' })).allowed).toBe(false);
  });

  it('denies system workspaces and an empty cluster to non-privileged users', () => {
    expect(authz.authorize(url(alice, 'get', '/api', 'system:admin'))).toMatchObject({
      allowed: false,
      reason: 'empty or system workspace',
    });
    expect(authz.authorize(url(alice, 'get', '/api', '')).allowed).toBe(false);
  });

  it('denies when the LogicalCluster is missing or not serving', () => {
    const src = new MemorySource()
      .add('gone', clusterRoleBinding('a', 'cluster-admin', [user('alice')]))
      .add('sched', logicalCluster('Scheduling'), clusterRoleBinding('a', 'cluster-admin', [user('alice')]))
      .add('term', logicalCluster('Terminating'), clusterRoleBinding('a', 'cluster-admin', [user('alice')]));
    const a = new KcpAuthorizer({ source: src });
    expect(a.authorize(url(alice, 'get', '/api', 'gone'))).toMatchObject({ allowed: false, reason: 'LogicalCluster not found' });
    expect(a.authorize(url(alice, 'get', '/api', 'sched'))).toMatchObject({
      allowed: false,
      reason: 'not permitted due to phase "Scheduling"',
    });
    expect(a.authorize(url(alice, 'get', '/api', 'term')).allowed).toBe(true);
    const lax = new KcpAuthorizer({ source: src, requireLogicalCluster: false });
    expect(lax.authorize(url(alice, 'get', '/api', 'gone')).allowed).toBe(true);
  });

  it('admits ServiceAccounts to their own workspace only', () => {
    const home = serviceAccountUser('demo', 'robot', { cluster: 'c1' });
    const foreign = serviceAccountUser('demo', 'robot', { cluster: 'c2' });
    const get = (who: typeof home) => authz.authorize(res(who, 'get', 'secrets', { namespace: 'demo', name: 's' }));
    expect(get(home).allowed).toBe(true);
    expect(get(foreign)).toMatchObject({ allowed: false, reason: 'foreign service account' });
    // An SA identity without a cluster (e.g. impersonated) is treated as a user: named by a binding → member.
    expect(get(serviceAccountUser('demo', 'robot')).allowed).toBe(true);
  });

  it('enforces the required-groups annotation for users', () => {
    const src = world().add(
      'rg',
      // kcp's grammar: ';' separates alternatives, ',' joins groups that are all required.
      logicalCluster('Ready', { 'authorization.kcp.io/required-groups': 'team-a,staff;contractors' }),
      clusterRoleBinding('all', 'cluster-admin', [group('system:authenticated')]),
    );
    const a = new KcpAuthorizer({ source: src });
    const at = (who: ReturnType<typeof u>) => a.authorize(url(who, 'get', '/api', 'rg'));
    expect(at(u('x', 'team-a', 'staff')).allowed).toBe(true);
    expect(at(u('y', 'contractors')).allowed).toBe(true);
    expect(at(u('z', 'team-a'))).toMatchObject({
      allowed: false,
      reason: 'user is not a member of required groups: team-a,staff;contractors',
    });
    expect(at(u('w', 'staff', 'system:kcp:external-logical-cluster-admin')).allowed).toBe(true);
    expect(a.authorize(url(serviceAccountUser('d', 'r', { cluster: 'rg' }), 'get', '/api', 'rg')).allowed).toBe(true);
    expect(satisfiesRequiredGroups(['a', 'b'], 'a,b;c')).toBe(true);
    expect(satisfiesRequiredGroups(['a'], 'a,b;c')).toBe(false);
    expect(satisfiesRequiredGroups(['c'], 'a,b;c')).toBe(true);
    expect(satisfiesRequiredGroups(['system:kcp:tenancy:workspace-bootstrapper'], 'nobody')).toBe(true);
  });

  it('answers deep reviews from RBAC alone, without the workspace gate', () => {
    const src = world().add(
      'types',
      logicalCluster('Ready', { 'authorization.kcp.io/required-groups': 'insiders' }),
      clusterRoleBinding('use', 'cluster-admin', [group('system:authenticated')]),
    );
    const a = new KcpAuthorizer({ source: src });
    const use = res(u('outsider'), 'use', 'workspacetypes', { name: 't', cluster: 'types' });
    expect(a.authorize(use).allowed).toBe(false);
    expect(a.authorizeDeep(use).allowed).toBe(true);
    expect(a.authorizeDeep(res(u('outsider'), 'use', 'workspacetypes', { name: 't', cluster: 'c2' })).allowed).toBe(false);
  });

  it('lets logical-cluster admins skip the gate but not RBAC', () => {
    const lca = u('scheduler', 'system:kcp:logical-cluster-admin');
    expect(authz.authorize(url(lca, 'get', '/api', 'c2')).allowed).toBe(true);
    expect(authz.authorize(res(lca, 'delete', 'secrets', { namespace: 'x', name: 'y', cluster: 'c2' })).allowed).toBe(false);
  });
});

describe('denial messages and 403 Status', () => {
  const src = new MemorySource().add(
    'c1',
    logicalCluster(),
    clusterRoleBinding('alice-access', 'system:kcp:workspace:access', [user('alice')]),
    roleBinding('demo', 'dangling', { kind: 'Role', name: 'gone' }, [user('alice')]),
  );
  const authz = new KcpAuthorizer({ source: src });

  it('words RBAC denials exactly like kube', () => {
    const d = authz.authorize(res(alice, 'get', 'configmaps', { namespace: 'prod', name: 'x' }));
    expect(d).toEqual({
      allowed: false,
      reason: '',
      denyMessage: 'User "alice" cannot get resource "configmaps" in API group "" in the namespace "prod"',
    });
    expect(authz.authorize(res(alice, 'list', 'clusterroles', { group: 'rbac.authorization.k8s.io' })).denyMessage).toBe(
      'User "alice" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    );
    expect(
      authz.authorize(res(alice, 'update', 'deployments', { group: 'apps', namespace: 'prod', name: 'd', subresource: 'scale' }))
        .denyMessage,
    ).toBe('User "alice" cannot update resource "deployments/scale" in API group "apps" in the namespace "prod"');
    expect(authz.authorize(url(alice, 'get', '/foo')).denyMessage).toBe('User "alice" cannot get path "/foo"');
  });

  it('appends RBAC resolution errors', () => {
    expect(authz.authorize(res(alice, 'get', 'configmaps', { namespace: 'demo', name: 'x' })).denyMessage).toBe(
      'User "alice" cannot get resource "configmaps" in API group "" in the namespace "demo": RBAC: role.rbac.authorization.k8s.io "gone" not found',
    );
  });

  it('builds the Status kubectl prints', () => {
    const named = res(alice, 'get', 'configmaps', { namespace: 'demo', name: 'x' });
    expect(forbiddenFor(named).status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'configmaps "x" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "demo"',
      reason: 'Forbidden',
      details: { name: 'x', kind: 'configmaps' },
      code: 403,
    });
    const create = res(alice, 'create', 'configmaps', { namespace: 'demo' });
    expect(forbiddenFor(create).status.message).toBe(
      'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "demo"',
    );
    const grouped = res(alice, 'list', 'widgets', { group: 'example.dev' });
    expect(forbiddenFor(grouped).status).toMatchObject({
      message:
        'widgets.example.dev is forbidden: User "alice" cannot list resource "widgets" in API group "example.dev" at the cluster scope',
      details: { group: 'example.dev', kind: 'widgets' },
    });
    const path = url(alice, 'get', '/metrics');
    const s = forbiddenFor(path, authz.authorize(path)).status;
    expect(s.message).toBe('forbidden: User "alice" cannot get path "/metrics"');
    expect(s.details).toEqual({});
    expect(s.code).toBe(403);
  });

  it('uses the decision denyMessage, suffix included', () => {
    const carol = res(u('carol'), 'get', 'configmaps', { namespace: 'demo', name: 'x' });
    expect(forbiddenFor(carol, authz.authorize(carol)).message).toBe(
      'configmaps "x" is forbidden: User "carol" cannot get resource "configmaps" in API group "" in the namespace "demo": access denied',
    );
  });

  it('escapes HTML-looking characters in the user-controlled part', () => {
    expect(forbiddenMessage(url(u('<b>&'), 'get', '/x'))).toBe('User "&lt;b&gt;&amp;" cannot get path "/x"');
  });

  it('matches what a real request derives', () => {
    const attrs = attributesForRequest({ cluster: 'c1', user: alice, method: 'GET', path: '/api/v1/namespaces/demo' });
    expect(forbiddenFor(attrs).message).toBe(
      'namespaces "demo" is forbidden: User "alice" cannot get resource "namespaces" in API group "" in the namespace "demo"',
    );
  });
});

describe('caching', () => {
  it('parses a cluster once and re-reads it after invalidate', () => {
    const src = world();
    const authz = new KcpAuthorizer({ source: src });
    const q = () => authz.authorize(res(u('dave'), 'get', 'configmaps', { namespace: 'demo', name: 'x' })).allowed;
    expect(q()).toBe(false);
    const calls = src.calls;
    for (let i = 0; i < 50; i++) q();
    expect(src.calls).toBe(calls);

    src.add('c1', roleBinding('demo', 'dave', { kind: 'ClusterRole', name: 'view' }, [user('dave')]));
    expect(q()).toBe(false); // stale until told
    authz.invalidate('c1');
    expect(q()).toBe(true);

    src.remove('c1', 'RoleBinding', 'dave');
    authz.onStoreEvent({ cluster: 'c1', resource: 'rbac.authorization.k8s.io/rolebindings' });
    expect(q()).toBe(false);
  });

  it('ignores store events of unrelated resources and clusters', () => {
    const authz = new KcpAuthorizer({ source: world() });
    authz.authorize(res(alice, 'get', 'configmaps', { namespace: 'demo', name: 'x' }));
    authz.onStoreEvent({ cluster: 'c1', resource: '/configmaps' });
    authz.onStoreEvent({ cluster: 'c9', resource: 'rbac.authorization.k8s.io/roles' });
    expect(authz.cachedClusters).toBe(1);
    authz.onStoreEvent({ cluster: 'c1', resource: 'core.kcp.io/logicalclusters' });
    expect(authz.cachedClusters).toBe(0);
  });

  it('keeps at most maxClusters clusters, evicting the least recently used', () => {
    const src = new MemorySource();
    for (let i = 0; i < 10; i++) src.add(`w${i}`, logicalCluster(), workspaceAdminBinding('alice'));
    const authz = new KcpAuthorizer({ source: src, maxClusters: 3 });
    const hit = (i: number) => authz.authorize(url(alice, 'get', '/api', `w${i}`)).allowed;
    for (let i = 0; i < 10; i++) expect(hit(i)).toBe(true);
    expect(authz.cachedClusters).toBe(3);
    const calls = src.calls;
    hit(9);
    hit(8);
    expect(src.calls).toBe(calls); // still cached
    hit(0);
    expect(src.calls).toBeGreaterThan(calls); // evicted earlier, re-read
    expect(authz.cachedClusters).toBe(3);
    authz.invalidate();
    expect(authz.cachedClusters).toBe(0);
  });

  it('does not parse RBAC for requests the gate refuses before it is needed', () => {
    const src = new MemorySource().add('sched', logicalCluster('Scheduling'));
    const authz = new KcpAuthorizer({ source: src });
    authz.authorize(url(alice, 'get', '/api', 'sched'));
    expect(src.calls).toBe(1); // the LogicalCluster only
  });
});

describe('reviewAuthorizer', () => {
  const review = reviewAuthorizer(new KcpAuthorizer({ source: world() }));

  it('answers access reviews', () => {
    const base = { cluster: 'c1', user: alice, group: '', subresource: '', name: '', namespace: 'demo' };
    expect(review.authorize({ ...base, verb: 'create', resource: 'configmaps' })).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "alice-edit/demo" of ClusterRole "edit" to User "alice"',
    });
    expect(review.authorize({ ...base, verb: 'create', resource: 'roles', group: 'rbac.authorization.k8s.io' })).toEqual({
      allowed: false,
    });
    expect(review.authorize({ ...base, namespace: '', verb: 'get', resource: '', path: '/api' }).allowed).toBe(true);
  });

  it('answers rules reviews', () => {
    const r = review.rulesFor('c1', alice, 'demo');
    expect(r.incomplete).toBe(false);
    expect(r.resourceRules.some((x) => x.resources?.includes('secrets') && x.verbs.includes('create'))).toBe(true);
    expect(r.nonResourceRules.some((x) => x.verbs.includes('access') && x.nonResourceURLs.includes('/'))).toBe(true);
  });
});

describe('storeSource', () => {
  it('reads whole lists from a Store', () => {
    const scopes: Scope[] = [];
    const items: KObject[] = [{ metadata: { name: 'a' } }];
    const store = {
      list(scope: Scope): ListPage {
        scopes.push(scope);
        return { items, rv: 1 };
      },
    };
    const s = storeSource(store);
    expect(s.list('c1', 'rbac.authorization.k8s.io/roles')).toBe(items);
    s.list('c1', 'rbac.authorization.k8s.io/roles', 'ns');
    expect(scopes).toEqual([
      { cluster: 'c1', resource: 'rbac.authorization.k8s.io/roles' },
      { cluster: 'c1', resource: 'rbac.authorization.k8s.io/roles', namespace: 'ns' },
    ]);
  });
});

describe('maximal permission policy', () => {
  // c1 binds cowboys from the export `today-cowboys` of workspace `provider`, whose local policy lets the prefixed
  // system:authenticated do anything with cowboys, but not their status.
  const policy = {
    active: () => true,
    governing: (r: { cluster: string; apiGroup: string; resource: string }) =>
      r.cluster === 'c1' && r.apiGroup === 'wildwest.dev' && r.resource === 'cowboys'
        ? { cluster: 'provider', name: 'today-cowboys' }
        : undefined,
  };
  const source = () =>
    world().add(
      'provider',
      logicalCluster(),
      clusterRole('cowboys', [{ verbs: ['*'], apiGroups: ['wildwest.dev'], resources: ['cowboys'] }]),
      clusterRoleBinding('cowboys', 'cowboys', [group('apis.kcp.io:binding:system:authenticated')]),
      clusterRole('alice-status', [{ verbs: ['update'], apiGroups: ['wildwest.dev'], resources: ['cowboys/status'] }]),
      clusterRoleBinding('alice-status', 'alice-status', [user('apis.kcp.io:binding:alice')]),
    );
  const cowboys = (who: UserInfo, verb: string, subresource = '') =>
    res(who, verb, 'cowboys', { group: 'wildwest.dev', version: 'v1alpha1', namespace: 'demo', subresource });
  const everything = clusterRoleBinding('alice-admin', 'cluster-admin', [user('alice'), user('dave')]);

  it('allows what both the workspace and the export workspace (for the prefixed user) allow', () => {
    const a = new KcpAuthorizer({ source: source().add('c1', everything) });
    a.useMaximalPermissionPolicy(policy);
    expect(a.authorize(cowboys(alice, 'create')).allowed).toBe(true);
    expect(a.authorize(cowboys(alice, 'update', 'status')).allowed).toBe(true);
  });

  it("denies what the export's policy does not allow, with kcp's anonymised message and its reason", () => {
    const a = new KcpAuthorizer({ source: source().add('c1', everything) });
    a.useMaximalPermissionPolicy(policy);
    const dave = { username: 'dave', groups: ['system:authenticated'] };
    const d = a.authorize(cowboys(dave, 'update', 'status'));
    expect(d).toEqual({
      allowed: false,
      reason: 'API export "provider"|"today-cowboys" policy: ',
      denyMessage: 'User "dave" cannot update resource "cowboys/status" in API group "wildwest.dev" in the namespace "demo": access denied',
    });
    // Other resources are not governed by it.
    expect(a.authorize(res(dave, 'create', 'configmaps', { namespace: 'demo' })).allowed).toBe(true);
  });

  it("binds kcp's admins too, who then no longer pass the front door unexamined", () => {
    const a = new KcpAuthorizer({ source: source() });
    const admin = { username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] };
    expect(a.authorize(cowboys(admin, 'update', 'status')).allowed).toBe(true);
    a.useMaximalPermissionPolicy(policy);
    expect(a.allowsAll(admin)).toBe(false);
    expect(a.authorize(cowboys(admin, 'update', 'status')).allowed).toBe(false);
    expect(a.authorize(cowboys(admin, 'delete')).allowed).toBe(true);
    a.useMaximalPermissionPolicy({ active: () => false, governing: () => undefined });
    expect(a.allowsAll(admin)).toBe(true);
  });

  it('RBAC of the workspace still has to allow the request', () => {
    const a = new KcpAuthorizer({ source: source() });
    a.useMaximalPermissionPolicy(policy);
    // carol may not enter c1: the policy of the export gives nothing by itself.
    expect(a.authorize(cowboys(u('carol'), 'get')).allowed).toBe(false);
  });

  it('is skipped by deep access reviews, as in kcp', () => {
    const a = new KcpAuthorizer({ source: source().add('c1', everything) });
    a.useMaximalPermissionPolicy(policy);
    const dave = { username: 'dave', groups: ['system:authenticated'] };
    expect(a.authorizeDeep(cowboys(dave, 'update', 'status')).allowed).toBe(true);
  });

  it("prefixes the user's name and every group, keeping uid and extra", () => {
    expect(prefixedUser({ username: 'a', uid: '1', groups: ['g', 'system:authenticated'], extra: { k: ['v'] } })).toEqual({
      username: 'apis.kcp.io:binding:a',
      uid: '1',
      groups: ['apis.kcp.io:binding:g', 'apis.kcp.io:binding:system:authenticated'],
      extra: { k: ['v'] },
    });
    // A ServiceAccount by its global name; without its one cluster, anonymous.
    const robot = { username: 'system:serviceaccount:ns:robot', groups: ['system:authenticated'] };
    expect(prefixedUser({ ...robot, extra: { 'authentication.kubernetes.io/cluster-name': ['c1'] } }).username).toBe(
      'apis.kcp.io:binding:system:kcp:serviceaccount:c1:ns:robot',
    );
    expect(prefixedUser(robot)).toEqual({
      username: 'apis.kcp.io:binding:system:anonymous',
      groups: ['apis.kcp.io:binding:system:authenticated'],
    });
  });
});
