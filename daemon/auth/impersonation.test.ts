import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { UserInfo } from '../registry/types.js';
import { hasImpersonationHeaders } from './impersonation-headers.js';
import { impersonate, mayImpersonateGroups, parseImpersonationHeaders, pathUnescape, type ImpersonationRequest } from './impersonation.js';
import { forbiddenFor } from './rbac/authorizer.js';
import type { AuthorizationAttributes } from './rbac/attributes.js';

const admin: UserInfo = { username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] };
const masters: UserInfo = { username: 'shard-admin', groups: ['system:masters', 'system:authenticated'] };
const alice: UserInfo = { username: 'alice', groups: ['system:authenticated'] };

/** Records what was authorized; denies what `deny` matches, with kube's message. */
function recorder(deny: (a: AuthorizationAttributes) => boolean = () => false) {
  const seen: string[] = [];
  const authorize = (a: AuthorizationAttributes) => {
    seen.push(
      `${a.cluster} ${a.verb} ${a.apiGroup}/${a.apiVersion} ${a.resource}${a.subresource ? `/${a.subresource}` : ''} ${a.namespace}/${a.name}`,
    );
    if (deny(a)) throw forbiddenFor(a);
  };
  return { seen, authorize };
}

function statusOf(fn: () => unknown): { code: number; message: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return { code: e.status.code, message: e.status.message };
    throw e;
  }
  throw new Error('no error');
}

describe('impersonation headers', () => {
  it('are noticed by name only', () => {
    expect(hasImpersonationHeaders({ accept: 'x', 'impersonate-group': 'g' })).toBe(true);
    expect(hasImpersonationHeaders({ 'impersonate-extra-scopes': 'x' })).toBe(true);
    expect(hasImpersonationHeaders({ accept: 'x', authorization: 'Bearer t', 'x-impersonate-user': 'u' })).toBe(false);
  });

  it('parse into kube’s requests: a user or ServiceAccount, every group line, each extra value, a UID', () => {
    const r = parseImpersonationHeaders({
      'impersonate-user': ['system:serviceaccount:ns:bot'],
      'impersonate-group': ['a', 'b, c'],
      'impersonate-extra-scopes': ['view', 'edit'],
      'impersonate-extra-example.com%2fteam': ['x'],
      'impersonate-uid': ['1234'],
    });
    expect(r).toEqual<ImpersonationRequest[]>([
      { kind: 'ServiceAccount', namespace: 'ns', name: 'bot' },
      { kind: 'Group', name: 'a' },
      { kind: 'Group', name: 'b, c' },
      { kind: 'UserExtra', key: 'scopes', value: 'view' },
      { kind: 'UserExtra', key: 'scopes', value: 'edit' },
      { kind: 'UserExtra', key: 'example.com/team', value: 'x' },
      { kind: 'UID', uid: '1234' },
    ]);
    expect(parseImpersonationHeaders({})).toEqual([]);
    expect(parseImpersonationHeaders({ 'impersonate-user': [''] })).toEqual([]);
  });

  it('treat a malformed ServiceAccount username as a plain user', () => {
    for (const name of [
      'system:serviceaccount:ns',
      'system:serviceaccount:ns:a:b',
      'system:serviceaccount:NS:bot',
      'system:serviceaccount::bot',
    ]) {
      expect(parseImpersonationHeaders({ 'impersonate-user': [name] })).toEqual([{ kind: 'User', name }]);
    }
  });

  it('refuse groups, extras or a UID without a user with kube’s 400', () => {
    expect(
      statusOf(() => parseImpersonationHeaders({ 'impersonate-group': ['g1'], 'impersonate-extra-k': ['v'], 'impersonate-uid': ['u'] })),
    ).toEqual({
      code: 400,
      message:
        'requested [{Group  g1    } {UserExtra  v  authentication.k8s.io/v1  k} {UID  u  authentication.k8s.io/v1  }] without impersonating a user',
    });
  });

  it('unescape extra keys as Go’s url.PathUnescape', () => {
    expect(pathUnescape('a%2Fb%20c')).toBe('a/b c');
    expect(pathUnescape('caf%C3%A9')).toBe('café');
    expect(pathUnescape('bad%zz')).toBe('bad%zz');
    expect(pathUnescape('plus+stays')).toBe('plus+stays');
  });
});

describe('impersonate', () => {
  it('authorizes each attribute as kube does, in the request’s cluster, and acts as the user with system:authenticated', () => {
    const { seen, authorize } = recorder();
    const user = impersonate(
      admin,
      [
        { kind: 'User', name: 'bob' },
        { kind: 'UserExtra', key: 'team', value: 'x' },
        { kind: 'UID', uid: 'u-1' },
      ],
      'c1',
      authorize,
    );
    expect(seen).toEqual([
      'c1 impersonate / users /bob',
      'c1 impersonate authentication.k8s.io/v1 userextras/team /x',
      'c1 impersonate authentication.k8s.io/v1 uids /u-1',
    ]);
    // kcp scopes what anyone but system:masters impersonates to the workspace that allowed it.
    expect(user).toEqual({
      username: 'bob',
      uid: 'u-1',
      groups: ['system:authenticated'],
      extra: { team: ['x'], 'authentication.kcp.io/scopes': ['cluster:c1'] },
    });
  });

  it('gives a ServiceAccount its groups unless groups are named, and authorizes it in its namespace', () => {
    const { seen, authorize } = recorder();
    expect(impersonate(masters, [{ kind: 'ServiceAccount', namespace: 'ns', name: 'bot' }], 'c1', authorize)).toEqual({
      username: 'system:serviceaccount:ns:bot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
    });
    expect(seen).toEqual(['c1 impersonate / serviceaccounts ns/bot']);
    expect(
      impersonate(
        masters,
        [
          { kind: 'ServiceAccount', namespace: 'ns', name: 'bot' },
          { kind: 'Group', name: 'g' },
        ],
        'c1',
        authorize,
      ).groups,
    ).toEqual(['g', 'system:authenticated']);
  });

  it('adds system:authenticated only when neither pseudo-group was named; the anonymous user gets system:unauthenticated', () => {
    const { authorize } = recorder();
    expect(
      impersonate(
        masters,
        [
          { kind: 'User', name: 'x' },
          { kind: 'Group', name: 'system:unauthenticated' },
        ],
        'c',
        authorize,
      ).groups,
    ).toEqual(['system:unauthenticated']);
    expect(impersonate(masters, [{ kind: 'User', name: 'system:anonymous' }], 'c', authorize).groups).toEqual(['system:unauthenticated']);
  });

  it('answers kube’s 403 for the first attribute refused', () => {
    const { authorize } = recorder((a) => a.resource === 'groups');
    expect(
      statusOf(() =>
        impersonate(
          alice,
          [
            { kind: 'User', name: 'alice' },
            { kind: 'Group', name: 'devs' },
          ],
          'c1',
          authorize,
        ),
      ),
    ).toEqual({
      code: 403,
      message: 'groups "devs" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope',
    });
    const deny = recorder(() => true).authorize;
    expect(statusOf(() => impersonate(alice, [{ kind: 'User', name: 'kcp-admin' }], 'c1', deny)).message).toBe(
      'users "kcp-admin" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    expect(
      statusOf(() =>
        impersonate(
          alice,
          [
            { kind: 'User', name: 'a' },
            { kind: 'UserExtra', key: 'k', value: 'v' },
          ],
          'c1',
          recorder((a) => a.resource === 'userextras').authorize,
        ),
      ).message,
    ).toBe(
      'userextras.authentication.k8s.io "v" is forbidden: User "alice" cannot impersonate resource "userextras/k" in API group "authentication.k8s.io" at the cluster scope',
    );
    expect(statusOf(() => impersonate(alice, [{ kind: 'ServiceAccount', namespace: 'ns', name: 'bot' }], 'c1', deny)).message).toBe(
      'serviceaccounts "bot" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "ns"',
    );
  });

  it('refuses kcp’s privileged groups to anyone not in them, whatever RBAC allows (kcp’s gatekeeper)', () => {
    const { seen, authorize } = recorder();
    for (const g of [
      'system:masters',
      'system:kcp:logical-cluster-admin',
      'system:kcp:external-logical-cluster-admin',
      'system:kcp:tenancy:workspace-bootstrapper',
    ]) {
      expect(
        statusOf(() =>
          impersonate(
            admin,
            [
              { kind: 'User', name: 'x' },
              { kind: 'Group', name: g },
            ],
            'c1',
            authorize,
          ),
        ),
      ).toEqual({
        code: 403,
        message: 'forbidden: impersonation is not allowed for the requestor',
      });
    }
    expect(seen).toEqual([]);
    // Members may pass their own groups on; system:masters may impersonate anything, unscoped.
    expect(
      impersonate(
        admin,
        [
          { kind: 'User', name: 'x' },
          { kind: 'Group', name: 'system:kcp:admin' },
        ],
        'c1',
        authorize,
      ).groups,
    ).toContain('system:kcp:admin');
    expect(
      impersonate(
        masters,
        [
          { kind: 'User', name: 'x' },
          { kind: 'Group', name: 'system:masters' },
        ],
        'c1',
        authorize,
      ),
    ).toEqual({
      username: 'x',
      groups: ['system:masters', 'system:authenticated'],
    });
    expect(mayImpersonateGroups(['system:authenticated'], ['system:authenticated', 'devs'])).toBe(true);
    expect(mayImpersonateGroups([], ['system:authenticated'])).toBe(false);
  });

  it('lets only system:masters impersonate on cross-cluster requests, without consulting any workspace', () => {
    const { seen, authorize } = recorder();
    expect(statusOf(() => impersonate(admin, [{ kind: 'User', name: 'x' }], '*', authorize)).code).toBe(403);
    expect(seen).toEqual([]);
    expect(impersonate(masters, [{ kind: 'User', name: 'x' }], '*', authorize).username).toBe('x');
  });
});
