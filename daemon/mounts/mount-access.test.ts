import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { AuthorizationAttributes } from '../auth/rbac/attributes.js';
import type { Decision } from '../auth/rbac/authorizer.js';
import { authorizeMountAccess } from './mount-access.js';
import { crossesMount } from './target-link.js';

const alice = { username: 'alice', groups: ['system:authenticated'] };

function authorizer(allowedVerbs: string[]) {
  const asked: AuthorizationAttributes[] = [];
  const authorize = (a: AuthorizationAttributes): Decision => {
    asked.push(a);
    return allowedVerbs.includes(a.verb)
      ? { allowed: true, reason: '' }
      : {
          allowed: false,
          reason: 'no',
          denyMessage: `User "${a.user.username}" cannot ${a.verb} resource "workspaces/content" in API group "tenancy.kcp.io" at the cluster scope: access denied`,
        };
  };
  return { authorize, asked };
}

function refusal(fn: () => void): string {
  try {
    fn();
    return 'allowed';
  } catch (err) {
    return err instanceof StatusError ? `${err.status.code} ${err.status.message}` : String(err);
  }
}

describe('authorizeMountAccess', () => {
  it('asks for access on workspaces/content of the mounted Workspace, in its parent', () => {
    const { authorize, asked } = authorizer(['access']);
    expect(refusal(() => authorizeMountAccess(authorize, 'parent-cluster', 'm', alice))).toBe('allowed');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      cluster: 'parent-cluster',
      verb: 'access',
      apiGroup: 'tenancy.kcp.io',
      resource: 'workspaces',
      subresource: 'content',
      name: 'm',
      resourceRequest: true,
    });
  });

  it('accepts admin as well', () => {
    const { authorize, asked } = authorizer(['admin']);
    expect(refusal(() => authorizeMountAccess(authorize, 'p', 'm', alice))).toBe('allowed');
    expect(asked.map((a) => a.verb)).toEqual(['access', 'admin']);
  });

  it('refuses with the 403 of the access check', () => {
    const { authorize } = authorizer([]);
    expect(refusal(() => authorizeMountAccess(authorize, 'p', 'm', alice))).toBe(
      '403 workspaces.tenancy.kcp.io "m" is forbidden: User "alice" cannot access resource "workspaces/content" in API group "tenancy.kcp.io" at the cluster scope: access denied',
    );
  });

  it('refuses anonymous callers without asking', () => {
    const { authorize, asked } = authorizer(['access', 'admin']);
    expect(
      refusal(() => authorizeMountAccess(authorize, 'p', 'm', { username: 'system:anonymous', groups: ['system:unauthenticated'] })),
    ).toMatch(/^403 /);
    expect(refusal(() => authorizeMountAccess(authorize, 'p', 'm', { username: 'x', groups: ['system:unauthenticated'] }))).toMatch(
      /^403 /,
    );
    expect(asked).toHaveLength(0);
  });
});

describe('crossesMount', () => {
  it.each([
    ['Accept', true],
    ['content-type', true],
    ['user-agent', true],
    ['Authorization', false],
    ['Cookie', false],
    ['Impersonate-User', false],
    ['impersonate-group', false],
    ['Impersonate-Uid', false],
    ['Impersonate-Extra-Scopes', false],
    ['X-Remote-User', false],
    ['x-remote-group', false],
    ['X-Remote-Extra-Foo', false],
    ['Connection', false],
    ['Host', false],
  ])('%s → %s', (header, crosses) => expect(crossesMount(header)).toBe(crosses));
});
