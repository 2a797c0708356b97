import { describe, expect, it } from 'vitest';
import { StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { clusterrolebindings } from '../../apis/rbac/clusterrolebindings.js';
import { clusterroles } from '../../apis/rbac/clusterroles.js';
import { rolebindings } from '../../apis/rbac/rolebindings.js';
import { roles } from '../../apis/rbac/roles.js';
import type { AdmissionAttributes } from '../../registry/admission.js';
import type { ResourceDef, UserInfo } from '../../registry/types.js';
import { KcpAuthorizer } from './authorizer.js';
import { workspaceAdminBinding } from './bootstrap.js';
import { aggregationRuleChanges, onlyGarbageCollectorFieldsChange, RbacEscalationAdmission } from './escalation.js';
import {
  clusterRole,
  clusterRoleBinding,
  logicalCluster,
  MemorySource,
  role,
  roleBinding,
  u,
  user,
  type RawRule,
} from './fixtures.test.js';

const RBAC = 'rbac.authorization.k8s.io';
const alice = u('alice');

/**
 * c1: alice may write RBAC objects and holds get/list on configmaps everywhere plus everything on secrets in `demo`;
 * `escalator` may escalate roles in `demo`; `binder` may bind the ClusterRole `view` (nothing else).
 */
function world(): MemorySource {
  return new MemorySource().add(
    'c1',
    logicalCluster(),
    clusterRole('rbac-writer', [
      {
        verbs: ['create', 'update', 'patch'],
        apiGroups: [RBAC],
        resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
      },
    ]),
    clusterRole('cm-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'] }]),
    clusterRole('secrets-admin', [{ verbs: ['*'], apiGroups: [''], resources: ['secrets'] }]),
    clusterRole('escalate-roles', [{ verbs: ['escalate'], apiGroups: [RBAC], resources: ['roles'] }]),
    clusterRole('bind-view', [{ verbs: ['bind'], apiGroups: [RBAC], resources: ['clusterroles'], resourceNames: ['view'] }]),
    clusterRole('sensitive', [
      { verbs: ['*'], apiGroups: [''], resources: ['secrets'] },
      { verbs: ['get'], nonResourceURLs: ['/metrics'] },
    ]),
    role('demo', 'cm-get', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps'] }]),
    clusterRoleBinding('writers', 'rbac-writer', [user('alice'), user('escalator'), user('binder')]),
    clusterRoleBinding('alice-cm', 'cm-reader', [user('alice')]),
    roleBinding('demo', 'alice-secrets', { kind: 'ClusterRole', name: 'secrets-admin' }, [user('alice')]),
    roleBinding('demo', 'escalator', { kind: 'ClusterRole', name: 'escalate-roles' }, [user('escalator')]),
    clusterRoleBinding('binder', 'bind-view', [user('binder')]),
  );
}

function plugin(src = world()) {
  return new RbacEscalationAdmission(new KcpAuthorizer({ source: src }));
}

function attrs(def: ResourceDef, who: UserInfo, object: KObject, opts: { old?: KObject; namespace?: string } = {}): AdmissionAttributes {
  const a: AdmissionAttributes = {
    operation: opts.old ? 'UPDATE' : 'CREATE',
    def,
    ctx: { cluster: 'c1', user: who, now: new Date(), dryRun: false },
    namespace: def.namespaced ? (opts.namespace ?? object.metadata.namespace ?? '') : '',
    name: object.metadata.name ?? '',
    object,
  };
  if (opts.old) a.oldObject = opts.old;
  return a;
}

/** The StatusError a validate call throws, or undefined when it lets the write through. */
function refusal(p: RbacEscalationAdmission, a: AdmissionAttributes): StatusError | undefined {
  try {
    p.validate(a);
    return undefined;
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
}

const roleIn = (ns: string, name: string, rules: RawRule[]) => role(ns, name, rules);

describe('Roles and ClusterRoles', () => {
  const p = plugin();

  it('may grant what the writer holds in that namespace, cluster-wide rules included', () => {
    expect(
      refusal(p, attrs(roles, alice, roleIn('demo', 'ok', [{ verbs: ['get'], apiGroups: [''], resources: ['configmaps', 'secrets'] }]))),
    ).toBeUndefined();
    expect(
      refusal(p, attrs(clusterroles, alice, clusterRole('ok', [{ verbs: ['list'], apiGroups: [''], resources: ['configmaps'] }]))),
    ).toBeUndefined();
  });

  it('refuses anything more with kube’s 403 and message', () => {
    const err = refusal(p, attrs(roles, alice, roleIn('other', 'big', [{ verbs: ['*'], apiGroups: [''], resources: ['secrets'] }])));
    expect(err?.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'roles.rbac.authorization.k8s.io "big" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
      reason: 'Forbidden',
      details: { name: 'big', group: RBAC, kind: 'roles' },
      code: 403,
    });
    // Secrets rules held through a RoleBinding in demo do not reach cluster scope.
    expect(
      refusal(p, attrs(clusterroles, alice, clusterRole('s', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }])))?.status
        .message,
    ).toContain('clusterroles.rbac.authorization.k8s.io "s" is forbidden: user "alice"');
  });

  it('lets the escalate verb through, where it is granted (namespace and resource)', () => {
    const esc = u('escalator');
    const big = [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }];
    expect(refusal(p, attrs(roles, esc, roleIn('demo', 'big', big)))).toBeUndefined();
    expect(refusal(p, attrs(roles, esc, roleIn('prod', 'big', big)))?.code).toBe(403);
    expect(refusal(p, attrs(clusterroles, esc, clusterRole('big', big)))?.code).toBe(403);
  });

  it('needs every permission to set or change an aggregationRule', () => {
    const agg = clusterRole('agg', [], { aggregate: [{ matchLabels: { x: 'y' } }] });
    expect(refusal(p, attrs(clusterroles, alice, agg))?.status.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    // A workspace admin (cluster-admin through the creator's binding) may.
    const owner = plugin(world().add('c1', workspaceAdminBinding('owner')));
    expect(refusal(owner, attrs(clusterroles, u('owner'), agg))).toBeUndefined();
  });

  it('lets updates that only touch finalizers or ownerReferences through', () => {
    const old = clusterRole('sensitive', [{ verbs: ['*'], apiGroups: [''], resources: ['secrets'] }]);
    old.metadata.resourceVersion = '5';
    const gc = structuredClone(old);
    gc.metadata.finalizers = ['example.dev/x'];
    gc.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u' }];
    expect(refusal(p, attrs(clusterroles, alice, gc, { old }))).toBeUndefined();
    const relabelled = structuredClone(old);
    relabelled.metadata.labels = { a: 'b' };
    expect(refusal(p, attrs(clusterroles, alice, relabelled, { old }))?.code).toBe(403);
  });

  it('lets system:masters through without looking at policy; kcp admins pass through their bootstrap binding', () => {
    const src = new MemorySource();
    const masters = plugin(src);
    expect(
      refusal(
        masters,
        attrs(
          clusterroles,
          { username: 'root', groups: ['system:masters'] },
          clusterRole('x', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
        ),
      ),
    ).toBeUndefined();
    expect(src.calls).toBe(0);
    const kcpAdmin = { username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] };
    expect(refusal(plugin(), attrs(clusterroles, kcpAdmin, clusterRole('agg', [], { aggregate: [{}] })))).toBeUndefined();
  });

  it('ignores deletes', () => {
    const a = attrs(roles, alice, roleIn('demo', 'x', []));
    expect(refusal(p, { ...a, operation: 'DELETE', oldObject: a.object! })).toBeUndefined();
  });
});

describe('RoleBindings and ClusterRoleBindings', () => {
  const p = plugin();

  it('may bind a role whose rules the writer holds in the binding’s namespace', () => {
    expect(
      refusal(p, attrs(rolebindings, alice, roleBinding('demo', 'rb', { kind: 'Role', name: 'cm-get' }, [user('bob')]))),
    ).toBeUndefined();
    expect(
      refusal(p, attrs(rolebindings, alice, roleBinding('demo', 'rb', { kind: 'ClusterRole', name: 'secrets-admin' }, [user('bob')]))),
    ).toBeUndefined();
  });

  it('refuses binding cluster-admin (or anything not held) with the missing rules', () => {
    const err = refusal(
      p,
      attrs(rolebindings, alice, roleBinding('demo', 'pwn', { kind: 'ClusterRole', name: 'cluster-admin' }, [user('alice')])),
    );
    expect(err?.code).toBe(403);
    expect(err?.status.details).toEqual({ name: 'pwn', group: RBAC, kind: 'rolebindings' });
    expect(err?.status.message).toBe(
      'rolebindings.rbac.authorization.k8s.io "pwn" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    // Held in demo, not at cluster scope: a ClusterRoleBinding of the same role is refused.
    expect(
      refusal(p, attrs(clusterrolebindings, alice, clusterRoleBinding('crb', 'secrets-admin', [user('bob')])))?.status.message,
    ).toContain('clusterrolebindings.rbac.authorization.k8s.io "crb" is forbidden: user "alice"');
    // The aggregate of an aggregated role is what counts: view reads configmaps and more.
    expect(
      refusal(p, attrs(rolebindings, alice, roleBinding('demo', 'v', { kind: 'ClusterRole', name: 'view' }, [user('bob')])))?.status
        .message,
    ).toContain('{APIGroups:[""], Resources:["events"], Verbs:["get" "list" "watch"]}');
  });

  it('lets the bind verb on the referenced role through, by name', () => {
    const binder = u('binder');
    expect(
      refusal(p, attrs(rolebindings, binder, roleBinding('demo', 'v', { kind: 'ClusterRole', name: 'view' }, [user('binder')]))),
    ).toBeUndefined();
    expect(refusal(p, attrs(clusterrolebindings, binder, clusterRoleBinding('v', 'view', [user('binder')])))).toBeUndefined();
    expect(
      refusal(p, attrs(rolebindings, binder, roleBinding('demo', 'e', { kind: 'ClusterRole', name: 'edit' }, [user('binder')])))?.code,
    ).toBe(403);
    // A roleRef without apiGroup means the RBAC group (the v1 default).
    const bare = clusterRoleBinding('bare', 'view', [user('binder')]);
    delete (bare['roleRef'] as Record<string, unknown>)['apiGroup'];
    expect(refusal(p, attrs(clusterrolebindings, binder, bare))).toBeUndefined();
  });

  it('answers 404 for a role that does not exist, unless the writer may bind it', () => {
    const err = refusal(p, attrs(rolebindings, alice, roleBinding('demo', 'g', { kind: 'Role', name: 'ghost' }, [user('bob')])));
    expect(err?.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'roles.rbac.authorization.k8s.io "ghost" not found' });
    expect(refusal(p, attrs(clusterrolebindings, alice, clusterRoleBinding('g', 'ghost', [user('bob')])))?.status.message).toBe(
      'clusterroles.rbac.authorization.k8s.io "ghost" not found',
    );
  });

  it('reports the writer’s own dangling bindings as resolution errors, in the registry’s wording', () => {
    const src = world().add('c1', clusterRoleBinding('dangling', 'gone', [user('alice')]));
    const err = refusal(
      plugin(src),
      attrs(rolebindings, alice, roleBinding('demo', 'pwn', { kind: 'ClusterRole', name: 'cluster-admin' }, [user('alice')])),
    );
    expect(err?.status.message?.endsWith('; resolution errors: [clusterroles.rbac.authorization.k8s.io "gone" not found]')).toBe(true);
  });

  it('checks updates too: adding a subject to a binding is granting its role', () => {
    const old = roleBinding('demo', 'admins', { kind: 'ClusterRole', name: 'cluster-admin' }, [user('root')]);
    const next = structuredClone(old);
    (next['subjects'] as unknown[]).push({ kind: 'User', name: 'alice', apiGroup: RBAC });
    expect(refusal(p, attrs(rolebindings, alice, next, { old }))?.code).toBe(403);
    const gcOnly = structuredClone(old);
    gcOnly.metadata.finalizers = ['x'];
    expect(refusal(p, attrs(rolebindings, alice, gcOnly, { old }))).toBeUndefined();
  });
});

describe('helpers', () => {
  it('onlyGarbageCollectorFieldsChange ignores finalizers, ownerReferences and server-set fields only', () => {
    const a = role('demo', 'r', []);
    const b = structuredClone(a);
    b.metadata.finalizers = ['f'];
    b.metadata.resourceVersion = '9';
    b.metadata.managedFields = [];
    expect(onlyGarbageCollectorFieldsChange(b, a)).toBe(true);
    b['rules'] = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    expect(onlyGarbageCollectorFieldsChange(b, a)).toBe(false);
  });

  it('aggregationRuleChanges: set with selectors on create; changed on update when either side has selectors', () => {
    const plain = clusterRole('r', []);
    const sel = clusterRole('r', [], { aggregate: [{ matchLabels: { a: 'b' } }] });
    const other = clusterRole('r', [], { aggregate: [{ matchLabels: { a: 'c' } }] });
    const empty = clusterRole('r', [], { aggregate: [] });
    expect(aggregationRuleChanges(plain, undefined)).toBe(false);
    expect(aggregationRuleChanges(empty, undefined)).toBe(false);
    expect(aggregationRuleChanges(sel, undefined)).toBe(true);
    expect(aggregationRuleChanges(structuredClone(sel), sel)).toBe(false);
    expect(aggregationRuleChanges(other, sel)).toBe(true);
    expect(aggregationRuleChanges(plain, sel)).toBe(true);
    expect(aggregationRuleChanges(empty, plain)).toBe(false);
  });
});
