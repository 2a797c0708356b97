import { describe, expect, it } from 'vitest';
import { clusterRole, clusterRoleBinding, group, MemorySource, res, role, roleBinding, sa, u, url, user } from './fixtures.test.js';
import { RoleCatalog } from './aggregation.js';
import { aggregateErrors, RbacAuthorizer, subjectApplies } from './rbac.js';
import { serviceAccountUser } from '../user/names.js';
import { rule } from './rules.js';

const READ = ['get', 'list', 'watch'];
const alice = u('alice');
const bob = u('bob', 'devs');

function rbac(src: MemorySource, cluster = 'c1'): RbacAuthorizer {
  return RbacAuthorizer.load(src, cluster);
}

describe('bindings matrix', () => {
  const src = new MemorySource().add(
    'c1',
    clusterRole('cm-reader', [{ verbs: READ, apiGroups: [''], resources: ['configmaps'] }]),
    role('demo', 'secret-writer', [{ verbs: ['create', 'update'], apiGroups: [''], resources: ['secrets'] }]),
    role('other', 'secret-writer', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    clusterRoleBinding('alice-reads', 'cm-reader', [user('alice')]),
    roleBinding('demo', 'devs-write', { kind: 'Role', name: 'secret-writer' }, [group('devs')]),
    roleBinding('demo', 'bob-reads-here', { kind: 'ClusterRole', name: 'cm-reader' }, [user('bob')]),
  );
  const a = rbac(src);

  it('ClusterRoleBinding → ClusterRole grants everywhere, cluster scope included', () => {
    expect(a.authorize(res(alice, 'list', 'configmaps')).allowed).toBe(true);
    expect(a.authorize(res(alice, 'get', 'configmaps', { namespace: 'anywhere', name: 'x' })).allowed).toBe(true);
    expect(a.authorize(res(alice, 'delete', 'configmaps', { namespace: 'demo', name: 'x' })).allowed).toBe(false);
  });

  it('RoleBinding → Role grants only in the binding namespace, to the bound group', () => {
    expect(a.authorize(res(bob, 'create', 'secrets', { namespace: 'demo' })).allowed).toBe(true);
    expect(a.authorize(res(bob, 'create', 'secrets', { namespace: 'other' })).allowed).toBe(false);
    expect(a.authorize(res(bob, 'create', 'secrets')).allowed).toBe(false);
    expect(a.authorize(res(alice, 'create', 'secrets', { namespace: 'demo' })).allowed).toBe(false);
  });

  it('RoleBinding → ClusterRole grants the cluster role inside the namespace only', () => {
    expect(a.authorize(res(bob, 'get', 'configmaps', { namespace: 'demo', name: 'x' })).allowed).toBe(true);
    expect(a.authorize(res(bob, 'get', 'configmaps', { namespace: 'prod', name: 'x' })).allowed).toBe(false);
    expect(a.authorize(res(bob, 'list', 'configmaps')).allowed).toBe(false);
  });

  it('reports the granting binding as kube does', () => {
    expect(a.authorize(res(alice, 'list', 'configmaps')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "alice-reads" of ClusterRole "cm-reader" to User "alice"',
    );
    expect(a.authorize(res(bob, 'create', 'secrets', { namespace: 'demo' })).reason).toBe(
      'RBAC: allowed by RoleBinding "devs-write/demo" of Role "secret-writer" to Group "devs"',
    );
  });

  it('denies silently when nothing applies', () => {
    expect(a.authorize(res(u('carol'), 'get', 'configmaps', { namespace: 'demo', name: 'x' }))).toEqual({ allowed: false, reason: '' });
  });

  it('does not leak between logical clusters', () => {
    expect(rbac(src, 'c2').authorize(res(alice, 'list', 'configmaps', { cluster: 'c2' })).allowed).toBe(false);
  });
});

describe('ServiceAccount subjects', () => {
  const robot = serviceAccountUser('demo', 'robot');

  it('builds the ServiceAccount identity with its groups', () => {
    expect(robot).toEqual({
      username: 'system:serviceaccount:demo:robot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:demo', 'system:authenticated'],
    });
    expect(serviceAccountUser('n', 's', { cluster: 'c1', uid: 'u1' })).toMatchObject({
      uid: 'u1',
      extra: { 'authentication.kubernetes.io/cluster-name': ['c1'] },
    });
  });

  it('match by namespace and name; a RoleBinding defaults the namespace, a ClusterRoleBinding does not', () => {
    expect(subjectApplies(robot, { kind: 'ServiceAccount', name: 'robot', namespace: 'demo' }, '')).toBe(true);
    expect(subjectApplies(robot, { kind: 'ServiceAccount', name: 'robot', namespace: '' }, 'demo')).toBe(true);
    expect(subjectApplies(robot, { kind: 'ServiceAccount', name: 'robot', namespace: '' }, '')).toBe(false);
    expect(subjectApplies(robot, { kind: 'ServiceAccount', name: 'robot', namespace: 'other' }, 'demo')).toBe(false);
    // A User subject spelled as the SA username matches too (it is the username).
    expect(subjectApplies(robot, { kind: 'User', name: 'system:serviceaccount:demo:robot', namespace: '' }, '')).toBe(true);
    expect(subjectApplies(robot, { kind: 'Unknown', name: 'robot', namespace: 'demo' }, 'demo')).toBe(false);
  });

  it('authorizes through SA and SA-group subjects', () => {
    const src = new MemorySource().add(
      'c1',
      clusterRole('cm-reader', [{ verbs: READ, apiGroups: [''], resources: ['configmaps'] }]),
      clusterRole('lease-user', [{ verbs: ['*'], apiGroups: ['coordination.k8s.io'], resources: ['leases'] }]),
      clusterRole('secret-reader', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]),
      roleBinding('demo', 'local-sa', { kind: 'ClusterRole', name: 'cm-reader' }, [sa('robot')]),
      clusterRoleBinding('crb-sa-no-ns', 'secret-reader', [sa('robot')]),
      clusterRoleBinding('all-sas-in-demo', 'lease-user', [group('system:serviceaccounts:demo')]),
    );
    const a = rbac(src);
    expect(a.authorize(res(robot, 'list', 'configmaps', { namespace: 'demo' })).reason).toBe(
      'RBAC: allowed by RoleBinding "local-sa/demo" of ClusterRole "cm-reader" to ServiceAccount "robot/demo"',
    );
    expect(a.authorize(res(robot, 'list', 'configmaps', { namespace: 'other' })).allowed).toBe(false);
    expect(a.authorize(res(robot, 'get', 'secrets', { namespace: 'demo', name: 's' })).allowed).toBe(false);
    expect(a.authorize(res(robot, 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'x', name: 'l' })).allowed).toBe(true);
    expect(
      a.authorize(res(serviceAccountUser('prod', 'robot'), 'update', 'leases', { group: 'coordination.k8s.io', namespace: 'x', name: 'l' }))
        .allowed,
    ).toBe(false);
  });
});

describe('resourceNames and subresources', () => {
  const src = new MemorySource().add(
    'c1',
    role('demo', 'one-cm', [
      { verbs: ['get', 'update', 'watch', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
    ]),
    role('demo', 'status-only', [{ verbs: ['update', 'patch'], apiGroups: ['example.dev'], resources: ['widgets/status'] }]),
    role('demo', 'any-scale', [{ verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }]),
    roleBinding('demo', 'b1', { kind: 'Role', name: 'one-cm' }, [user('alice')]),
    roleBinding('demo', 'b2', { kind: 'Role', name: 'status-only' }, [user('alice')]),
    roleBinding('demo', 'b3', { kind: 'Role', name: 'any-scale' }, [user('alice')]),
  );
  const a = rbac(src);
  const ns = { namespace: 'demo' };

  it('resourceNames allow named requests only', () => {
    expect(a.authorize(res(alice, 'get', 'configmaps', { ...ns, name: 'app-config' })).allowed).toBe(true);
    expect(a.authorize(res(alice, 'get', 'configmaps', { ...ns, name: 'other' })).allowed).toBe(false);
    expect(a.authorize(res(alice, 'list', 'configmaps', ns)).allowed).toBe(false);
    // kubectl get cm app-config -w: a watch narrowed by field selector carries the name.
    expect(a.authorize(res(alice, 'watch', 'configmaps', { ...ns, name: 'app-config' })).allowed).toBe(true);
  });

  it('subresource rules do not grant the main resource and vice versa', () => {
    expect(a.authorize(res(alice, 'patch', 'widgets', { ...ns, group: 'example.dev', name: 'w', subresource: 'status' })).allowed).toBe(
      true,
    );
    expect(a.authorize(res(alice, 'patch', 'widgets', { ...ns, group: 'example.dev', name: 'w' })).allowed).toBe(false);
    expect(a.authorize(res(alice, 'update', 'configmaps', { ...ns, name: 'app-config', subresource: 'status' })).allowed).toBe(false);
  });

  it('*/subresource covers every resource', () => {
    expect(a.authorize(res(alice, 'get', 'deployments', { ...ns, group: 'apps', name: 'd', subresource: 'scale' })).allowed).toBe(true);
    expect(a.authorize(res(alice, 'get', 'deployments', { ...ns, group: 'apps', name: 'd' })).allowed).toBe(false);
  });
});

describe('non-resource URLs', () => {
  const src = new MemorySource().add(
    'c1',
    clusterRole('metrics', [{ verbs: ['get'], nonResourceURLs: ['/metrics', '/debug/*'] }]),
    clusterRole('poster', [{ verbs: ['post'], nonResourceURLs: ['*'] }]),
    clusterRoleBinding('m', 'metrics', [user('alice')]),
    clusterRoleBinding('p', 'poster', [user('bob')]),
    // nonResourceURLs through a RoleBinding mean nothing: non-resource requests have no namespace.
    roleBinding('demo', 'rb', { kind: 'ClusterRole', name: 'metrics' }, [user('carol')]),
  );
  const a = rbac(src);

  it('match exact paths and trailing wildcards', () => {
    expect(a.authorize(url(alice, 'get', '/metrics')).allowed).toBe(true);
    expect(a.authorize(url(alice, 'get', '/debug/pprof/heap')).allowed).toBe(true);
    expect(a.authorize(url(alice, 'get', '/debug')).allowed).toBe(false);
    expect(a.authorize(url(alice, 'post', '/metrics')).allowed).toBe(false);
    expect(a.authorize(url(bob, 'post', '/anything')).allowed).toBe(true);
    expect(a.authorize(url(bob, 'get', '/anything')).allowed).toBe(false);
    expect(a.authorize(url(u('carol'), 'get', '/metrics')).allowed).toBe(false);
  });
});

describe('bootstrap roles', () => {
  const src = new MemorySource().add(
    'c1',
    roleBinding('demo', 'v', { kind: 'ClusterRole', name: 'view' }, [user('viewer')]),
    roleBinding('demo', 'e', { kind: 'ClusterRole', name: 'edit' }, [user('editor')]),
    roleBinding('demo', 'a', { kind: 'ClusterRole', name: 'admin' }, [user('nsadmin')]),
    clusterRoleBinding('root', 'cluster-admin', [user('root')]),
  );
  const a = rbac(src);
  const can = (who: string, verb: string, resource: string, opts: Parameters<typeof res>[3] = {}) =>
    a.authorize(res(u(who), verb, resource, { namespace: 'demo', ...opts })).allowed;

  it('exist in every cluster without being stored', () => {
    expect(can('root', 'escalate', 'clusterroles', { group: 'rbac.authorization.k8s.io', namespace: '' })).toBe(true);
    expect(a.authorize(url(u('root'), 'delete', '/whatever')).allowed).toBe(true);
  });

  it('view reads but never secrets, and writes nothing', () => {
    expect(can('viewer', 'list', 'configmaps')).toBe(true);
    expect(can('viewer', 'get', 'serviceaccounts', { name: 'x' })).toBe(true);
    expect(can('viewer', 'watch', 'events', { group: 'events.k8s.io' })).toBe(true);
    expect(can('viewer', 'get', 'leases', { group: 'coordination.k8s.io', name: 'l' })).toBe(true);
    expect(can('viewer', 'get', 'namespaces', { name: 'demo' })).toBe(true);
    expect(can('viewer', 'get', 'secrets', { name: 's' })).toBe(false);
    expect(can('viewer', 'list', 'secrets')).toBe(false);
    expect(can('viewer', 'create', 'configmaps')).toBe(false);
    expect(can('viewer', 'list', 'roles', { group: 'rbac.authorization.k8s.io' })).toBe(false);
  });

  it('edit adds writes and secrets, but not RBAC', () => {
    expect(can('editor', 'create', 'configmaps')).toBe(true);
    expect(can('editor', 'delete', 'secrets', { name: 's' })).toBe(true);
    expect(can('editor', 'get', 'secrets', { name: 's' })).toBe(true);
    expect(can('editor', 'update', 'leases', { group: 'coordination.k8s.io', name: 'l' })).toBe(true);
    expect(can('editor', 'list', 'configmaps')).toBe(true); // through view
    expect(can('editor', 'impersonate', 'serviceaccounts', { name: 'x' })).toBe(true);
    expect(can('editor', 'create', 'rolebindings', { group: 'rbac.authorization.k8s.io' })).toBe(false);
  });

  it('admin adds roles and rolebindings', () => {
    expect(can('nsadmin', 'create', 'rolebindings', { group: 'rbac.authorization.k8s.io' })).toBe(true);
    expect(can('nsadmin', 'delete', 'roles', { group: 'rbac.authorization.k8s.io', name: 'r' })).toBe(true);
    expect(can('nsadmin', 'create', 'localsubjectaccessreviews', { group: 'authorization.k8s.io' })).toBe(true);
    expect(can('nsadmin', 'create', 'secrets')).toBe(true);
    expect(can('nsadmin', 'list', 'configmaps')).toBe(true);
    // Namespaced grant only.
    expect(can('nsadmin', 'list', 'clusterroles', { group: 'rbac.authorization.k8s.io', namespace: '' })).toBe(false);
  });

  it('discovery, basic-user and public-info-viewer apply to every authenticated user', () => {
    const anyone = u('nobody');
    for (const p of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apps/v1',
      '/version',
      '/healthz',
      '/openapi/v3',
      '/openapi/v3/apis/apps/v1',
      '/livez',
      '/readyz',
    ]) {
      expect(a.authorize(url(anyone, 'get', p)).allowed, p).toBe(true);
    }
    expect(a.authorize(url(anyone, 'get', '/metrics')).allowed).toBe(false);
    expect(a.authorize(url(anyone, 'post', '/api')).allowed).toBe(false);
    expect(a.authorize(url(anyone, 'get', '/api')).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:discovery" of ClusterRole "system:discovery" to Group "system:authenticated"',
    );
    for (const [g, r] of [
      ['authorization.k8s.io', 'selfsubjectaccessreviews'],
      ['authorization.k8s.io', 'selfsubjectrulesreviews'],
      ['authentication.k8s.io', 'selfsubjectreviews'],
    ] as const) {
      expect(a.authorize(res(anyone, 'create', r, { group: g })).allowed, r).toBe(true);
    }
    expect(a.authorize(res(anyone, 'create', 'subjectaccessreviews', { group: 'authorization.k8s.io' })).allowed).toBe(false);
    // Unauthenticated users only see public info.
    const anon = { username: 'system:anonymous', groups: ['system:unauthenticated'] };
    expect(a.authorize(url(anon, 'get', '/version')).allowed).toBe(true);
    expect(a.authorize(url(anon, 'get', '/api')).allowed).toBe(false);
  });

  it('system:masters and system:kcp:admin are bound to cluster-admin', () => {
    expect(a.authorize(res({ username: 'x', groups: ['system:masters'] }, 'delete', 'namespaces', { name: 'n' })).allowed).toBe(true);
    expect(a.authorize(res({ username: 'y', groups: ['system:kcp:admin'] }, 'delete', 'namespaces', { name: 'n' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "system:kcp:admin:cluster-admin" of ClusterRole "cluster-admin" to Group "system:kcp:admin"',
    );
  });

  it('a stored ClusterRole shadows the bootstrap one of the same name', () => {
    const shadow = new MemorySource().add(
      'c1',
      clusterRole('view', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]),
      roleBinding('demo', 'v', { kind: 'ClusterRole', name: 'view' }, [user('viewer')]),
    );
    const s = rbac(shadow);
    expect(s.authorize(res(u('viewer'), 'get', 'pods', { namespace: 'demo', name: 'p' })).allowed).toBe(true);
    expect(s.authorize(res(u('viewer'), 'list', 'configmaps', { namespace: 'demo' })).allowed).toBe(false);
    // Bootstrap bindings keep resolving against bootstrap roles.
    expect(s.authorize(url(u('viewer'), 'get', '/api')).allowed).toBe(true);
  });
});

describe('aggregated ClusterRoles', () => {
  it('extend the bootstrap view/edit/admin with labelled roles, transitively', () => {
    const src = new MemorySource().add(
      'c1',
      clusterRole('widgets-view', [{ verbs: READ, apiGroups: ['example.dev'], resources: ['widgets'] }], {
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      }),
      clusterRole('widgets-edit', [{ verbs: ['create', 'delete'], apiGroups: ['example.dev'], resources: ['widgets'] }], {
        labels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
      }),
      roleBinding('demo', 'v', { kind: 'ClusterRole', name: 'view' }, [user('viewer')]),
      roleBinding('demo', 'a', { kind: 'ClusterRole', name: 'admin' }, [user('nsadmin')]),
    );
    const a = rbac(src);
    const w = (who: string, verb: string) => a.authorize(res(u(who), verb, 'widgets', { group: 'example.dev', namespace: 'demo' })).allowed;
    expect(w('viewer', 'list')).toBe(true);
    expect(w('viewer', 'create')).toBe(false);
    expect(w('nsadmin', 'list')).toBe(true);
    expect(w('nsadmin', 'create')).toBe(true);
  });

  it('a custom aggregated role replaces its own rules with those of the selected roles', () => {
    const src = new MemorySource().add(
      'c1',
      clusterRole('monitoring', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], {
        aggregate: [
          { matchLabels: { 'example.dev/aggregate-to-monitoring': 'true' } },
          { matchExpressions: [{ key: 'tier', operator: 'In', values: ['ops'] }] },
        ],
      }),
      clusterRole('a-pods', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], {
        labels: { 'example.dev/aggregate-to-monitoring': 'true' },
      }),
      clusterRole('b-ops', [{ verbs: ['list'], apiGroups: [''], resources: ['events'] }], { labels: { tier: 'ops' } }),
      clusterRole('c-dup', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], { labels: { tier: 'ops' } }),
      clusterRole('unrelated', [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }], { labels: { tier: 'dev' } }),
      clusterRoleBinding('m', 'monitoring', [user('alice')]),
    );
    const a = rbac(src);
    expect(a.authorize(res(alice, 'get', 'pods', { namespace: 'x', name: 'p' })).allowed).toBe(true);
    expect(a.authorize(res(alice, 'list', 'events', { namespace: 'x' })).allowed).toBe(true);
    expect(a.authorize(res(alice, 'delete', 'pods', { namespace: 'x', name: 'p' })).allowed).toBe(false);
    expect(a.authorize(res(alice, 'get', 'secrets', { namespace: 'x', name: 's' })).allowed).toBe(false);
    // Rules in selector order, roles by name, duplicates once.
    expect(
      a
        .rulesFor(alice, '')
        .resourceRules.filter((r) => !r.apiGroups?.includes('authorization.k8s.io') && !r.apiGroups?.includes('authentication.k8s.io')),
    ).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['list'], apiGroups: [''], resources: ['events'] },
    ]);
  });

  it('survives selection cycles, self-selection and invalid selectors', () => {
    const catalog = RoleCatalog.of([
      { name: 'a', labels: { x: '1' }, rules: [], aggregation: [{ matchLabels: { y: '1' } }, { matchLabels: { x: '1' } }] },
      { name: 'b', labels: { y: '1' }, rules: [], aggregation: [{ matchLabels: { x: '1' } }, { matchLabels: { z: '1' } }] },
      { name: 'c', labels: { z: '1' }, rules: [rule(['get'], [''], ['pods'])] },
      { name: 'bad', labels: {}, rules: [], aggregation: [{ matchExpressions: [{ key: 'k', operator: 'Bogus' }] }] },
      { name: 'empty', labels: {}, rules: [rule(['*'], ['*'], ['*'])], aggregation: [] },
    ]);
    expect(catalog.rules('a')).toEqual([rule(['get'], [''], ['pods'])]);
    expect(catalog.rules('b')).toEqual([rule(['get'], [''], ['pods'])]);
    expect(catalog.rules('bad')).toEqual([]);
    expect(catalog.rules('empty')).toEqual([]);
    expect(catalog.rules('missing')).toBeUndefined();
  });

  it('an empty selector aggregates every other role', () => {
    const catalog = RoleCatalog.of([
      { name: 'all', labels: {}, rules: [], aggregation: [{}] },
      { name: 'p', labels: {}, rules: [rule(['get'], [''], ['pods'])] },
      { name: 's', labels: {}, rules: [rule(['get'], [''], ['secrets'])] },
    ]);
    expect(catalog.rules('all')).toEqual([rule(['get'], [''], ['pods']), rule(['get'], [''], ['secrets'])]);
  });
});

describe('resolution errors', () => {
  const src = new MemorySource().add(
    'c1',
    clusterRoleBinding('dangling', 'ghost', [user('alice')]),
    clusterRoleBinding('dangling-2', 'ghost', [group('devs')]),
    roleBinding('demo', 'missing-role', { kind: 'Role', name: 'nope' }, [user('alice')]),
    roleBinding('demo', 'weird', { kind: 'Policy', name: 'p' }, [user('alice')]),
    clusterRoleBinding('crb-to-role', 'x', [user('zed')]),
  );
  const a = rbac(src);

  it('are reported on denial with kube wording, de-duplicated', () => {
    expect(a.authorize(res(alice, 'get', 'configmaps', { name: 'x' })).reason).toBe(
      'RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    );
    expect(a.authorize(res(u('alice', 'devs'), 'get', 'configmaps', { name: 'x' })).reason).toBe(
      'RBAC: clusterrole.rbac.authorization.k8s.io "ghost" not found',
    );
    expect(a.authorize(res(alice, 'get', 'configmaps', { namespace: 'demo', name: 'x' })).reason).toBe(
      'RBAC: [clusterrole.rbac.authorization.k8s.io "ghost" not found, role.rbac.authorization.k8s.io "nope" not found, unsupported role reference kind: "Policy"]',
    );
    // Errors of bindings that do not apply to the user stay out.
    expect(a.authorize(res(u('carol'), 'get', 'configmaps', { name: 'x' })).reason).toBe('');
  });

  it('surface as evaluationError in rulesFor', () => {
    expect(a.rulesFor(alice, 'demo').evaluationError).toContain('role.rbac.authorization.k8s.io "nope" not found');
    expect(a.rulesFor(u('carol'), 'demo').evaluationError).toBe('');
  });

  it('aggregateErrors formats like utilerrors', () => {
    expect(aggregateErrors([])).toBe('');
    expect(aggregateErrors(['a'])).toBe('a');
    expect(aggregateErrors(['a', 'a'])).toBe('a');
    expect(aggregateErrors(['a', 'b', 'a'])).toBe('[a, b]');
  });
});

describe('rulesFor', () => {
  it('lists bootstrap, cluster and namespace rules, split into resource and non-resource rules', () => {
    const src = new MemorySource().add(
      'c1',
      clusterRole('mixed', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/logs'] }]),
      role('demo', 'named', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }]),
      clusterRoleBinding('m', 'mixed', [user('alice')]),
      roleBinding('demo', 'n', { kind: 'Role', name: 'named' }, [user('alice')]),
    );
    const a = rbac(src);
    const r = a.rulesFor(alice, 'demo');
    expect(r.resourceRules).toEqual([
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
    ]);
    expect(r.nonResourceRules[0]!.nonResourceURLs).toContain('/api/*');
    expect(r.nonResourceRules.at(-1)).toEqual({ verbs: ['get'], nonResourceURLs: ['/logs'] });
    // Other namespaces: no Role rules.
    expect(a.rulesFor(alice, 'other').resourceRules.some((x) => x.resourceNames)).toBe(false);
  });

  it('gives cluster-admin to system:masters', () => {
    const r = rbac(new MemorySource()).rulesFor({ username: 'root', groups: ['system:masters', 'system:authenticated'] }, 'default');
    expect(r.resourceRules[0]).toEqual({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(r.nonResourceRules[0]).toEqual({ verbs: ['*'], nonResourceURLs: ['*'] });
  });
});

describe('workspace membership helpers', () => {
  const src = new MemorySource().add(
    'c1',
    clusterRole('access', [{ verbs: ['access'], nonResourceURLs: ['/'] }]),
    clusterRoleBinding('acc', 'access', [user('alice')]),
    roleBinding('demo', 'rb', { kind: 'ClusterRole', name: 'view' }, [group('devs'), sa('robot')]),
    roleBinding('demo', 'everyone', { kind: 'ClusterRole', name: 'view' }, [group('system:authenticated')]),
  );
  const a = rbac(src);

  it('canAccessWorkspace needs `access` on / through a cluster-wide binding', () => {
    expect(a.canAccessWorkspace(alice)).toBe(true);
    expect(a.canAccessWorkspace(bob)).toBe(false);
    expect(a.canAccessWorkspace({ username: 'r', groups: ['system:masters'] })).toBe(true);
  });

  it('namesSubject ignores system:authenticated', () => {
    expect(a.namesSubject(alice)).toBe(true);
    expect(a.namesSubject(bob)).toBe(true);
    expect(a.namesSubject(serviceAccountUser('demo', 'robot'))).toBe(true);
    expect(a.namesSubject(serviceAccountUser('prod', 'robot'))).toBe(false);
    expect(a.namesSubject(u('carol'))).toBe(false);
  });
});
