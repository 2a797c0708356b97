import { describe, expect, it } from 'vitest';
import type { AuthorizationAttributes } from '../../auth/rbac/attributes.js';
import { AuthorizerValue, ResourceCheck } from './authorizer.js';
import { compileExpression } from './expressions.js';

/** An authorizer allowing `approve` on example.dev widgets in namespace n, and `get` on /healthz, recording every ask. */
function authorizer() {
  const asked: AuthorizationAttributes[] = [];
  const authorize = (a: AuthorizationAttributes) => {
    asked.push(a);
    if (a.user.username === 'broken') throw new Error('authorizer unavailable');
    const allowed = a.resourceRequest
      ? a.verb === 'approve' && a.apiGroup === 'example.dev' && a.resource === 'widgets' && a.namespace === 'n'
      : a.verb === 'get' && a.path === '/healthz';
    return { allowed, reason: allowed ? 'granted by test' : 'no rule' };
  };
  const user = { username: 'alice', groups: ['system:authenticated'] };
  const base = new AuthorizerValue(authorize, 'ws', user, undefined);
  const own = new ResourceCheck(base, { group: 'example.dev', resource: 'widgets', subresource: 'status', namespace: 'n', name: 'w1' });
  return { asked, value: new AuthorizerValue(authorize, 'ws', user, own) };
}

const run = (expression: string, authz: AuthorizerValue) => {
  const c = compileExpression(expression);
  expect(c.error).toBeUndefined();
  return c.evaluate({ authorizer: authz });
};

describe('authorizer in admission CEL', () => {
  it('checks a resource with the request’s user and workspace, and answers reason()', () => {
    const { asked, value } = authorizer();
    expect(run("authorizer.group('example.dev').resource('widgets').namespace('n').name('w9').check('approve').allowed()", value)).toBe(
      true,
    );
    expect(asked[0]).toMatchObject({
      cluster: 'ws',
      verb: 'approve',
      apiGroup: 'example.dev',
      resource: 'widgets',
      namespace: 'n',
      name: 'w9',
    });
    expect(asked[0]!.user.username).toBe('alice');
    expect(run("authorizer.group('example.dev').resource('widgets').namespace('m').check('approve').allowed()", value)).toBe(false);
    expect(run("authorizer.group('example.dev').resource('widgets').namespace('m').check('approve').reason()", value)).toBe('no rule');
  });

  it('requestResource is the request’s own resource; subresource() changes it', () => {
    const { asked, value } = authorizer();
    expect(run("authorizer.requestResource.check('approve').allowed()", value)).toBe(true);
    expect(asked[0]).toMatchObject({ apiGroup: 'example.dev', resource: 'widgets', subresource: 'status', namespace: 'n', name: 'w1' });
    run("authorizer.requestResource.subresource('scale').check('update').allowed()", value);
    expect(asked[1]).toMatchObject({ subresource: 'scale', verb: 'update' });
  });

  it('serviceAccount() asks for the service account, path() for a non-resource URL', () => {
    const { asked, value } = authorizer();
    expect(run("authorizer.serviceAccount('kube-system', 'bot').path('/healthz').check('get').allowed()", value)).toBe(true);
    expect(asked[0]!.user).toEqual({
      username: 'system:serviceaccount:kube-system:bot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
    });
    expect(asked[0]).toMatchObject({ resourceRequest: false, path: '/healthz', verb: 'get' });
  });

  it('an authorizer that fails is errored(), with its error(), and not allowed', () => {
    const { value } = authorizer();
    const broken = new AuthorizerValue(value.authorize, 'ws', { username: 'broken', groups: [] }, undefined);
    const check = "authorizer.group('').resource('pods').check('get')";
    expect(run(`${check}.errored()`, broken)).toBe(true);
    expect(run(`${check}.error()`, broken)).toBe('authorizer unavailable');
    expect(run(`${check}.allowed()`, broken)).toBe(false);
    expect(run(`${check}.errored()`, value)).toBe(false);
  });
});
