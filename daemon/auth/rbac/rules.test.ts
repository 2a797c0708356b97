import { describe, expect, it } from 'vitest';
import { res, u, url } from './fixtures.test.js';
import { nonResourceURLMatches, resourceMatches, rule, ruleAllows, sameRule, toPolicyRule, urlRule } from './rules.js';

const alice = u('alice');

describe('toPolicyRule', () => {
  it('fills absent lists and drops non-strings', () => {
    expect(toPolicyRule({ verbs: ['get', 3], resources: ['pods'] })).toEqual({
      verbs: ['get'],
      apiGroups: [],
      resources: ['pods'],
      resourceNames: [],
      nonResourceURLs: [],
    });
    expect(toPolicyRule(null).verbs).toEqual([]);
  });
});

describe('resource rules', () => {
  const r = rule(['get', 'list'], [''], ['configmaps']);

  it('match verb, group and resource', () => {
    expect(ruleAllows(res(alice, 'get', 'configmaps'), r)).toBe(true);
    expect(ruleAllows(res(alice, 'list', 'configmaps'), r)).toBe(true);
    expect(ruleAllows(res(alice, 'delete', 'configmaps'), r)).toBe(false);
    expect(ruleAllows(res(alice, 'get', 'secrets'), r)).toBe(false);
    expect(ruleAllows(res(alice, 'get', 'configmaps', { group: 'apps' }), r)).toBe(false);
  });

  it('wildcards verbs, groups and resources', () => {
    const all = rule(['*'], ['*'], ['*']);
    expect(ruleAllows(res(alice, 'escalate', 'clusterroles', { group: 'rbac.authorization.k8s.io' }), all)).toBe(true);
    expect(ruleAllows(res(alice, 'get', 'pods', { subresource: 'log' }), all)).toBe(true);
  });

  it('a resource does not cover its subresources', () => {
    expect(ruleAllows(res(alice, 'get', 'configmaps', { subresource: 'status' }), r)).toBe(false);
    const sub = rule(['get'], [''], ['configmaps/status']);
    expect(ruleAllows(res(alice, 'get', 'configmaps', { subresource: 'status' }), sub)).toBe(true);
    expect(ruleAllows(res(alice, 'get', 'configmaps'), sub)).toBe(false);
  });

  it('*/subresource matches that subresource of every resource, and only it', () => {
    const anyStatus = rule(['update'], ['*'], ['*/status']);
    expect(ruleAllows(res(alice, 'update', 'widgets', { group: 'x.dev', subresource: 'status' }), anyStatus)).toBe(true);
    expect(ruleAllows(res(alice, 'update', 'widgets', { group: 'x.dev', subresource: 'scale' }), anyStatus)).toBe(false);
    expect(ruleAllows(res(alice, 'update', 'widgets', { group: 'x.dev' }), anyStatus)).toBe(false);
    // Exactly `*/<sub>`: `*/tatus` must not match "status" by suffix alone.
    expect(resourceMatches(rule(['*'], ['*'], ['*/tatus']), 'pods/status', 'status')).toBe(false);
  });

  it('resourceNames restrict to named requests (so never list or create)', () => {
    const named = rule(['get', 'list', 'create', 'update'], [''], ['configmaps'], ['a', 'b']);
    expect(ruleAllows(res(alice, 'get', 'configmaps', { name: 'a' }), named)).toBe(true);
    expect(ruleAllows(res(alice, 'update', 'configmaps', { name: 'b' }), named)).toBe(true);
    expect(ruleAllows(res(alice, 'get', 'configmaps', { name: 'c' }), named)).toBe(false);
    expect(ruleAllows(res(alice, 'list', 'configmaps'), named)).toBe(false);
    expect(ruleAllows(res(alice, 'create', 'configmaps'), named)).toBe(false);
  });

  it('resource rules never match non-resource requests and vice versa', () => {
    expect(ruleAllows(url(alice, 'get', '/api'), rule(['*'], ['*'], ['*']))).toBe(false);
    expect(ruleAllows(res(alice, 'get', 'pods'), urlRule(['*'], ['*']))).toBe(false);
  });
});

describe('non-resource URLs', () => {
  it('exact, `*` and trailing-star prefix matches', () => {
    const r = urlRule(['get'], ['/healthz', '/apis/*', '/version/']);
    expect(nonResourceURLMatches(r, '/healthz')).toBe(true);
    expect(nonResourceURLMatches(r, '/healthz/ping')).toBe(false);
    expect(nonResourceURLMatches(r, '/apis/')).toBe(true);
    expect(nonResourceURLMatches(r, '/apis/apps/v1')).toBe(true);
    expect(nonResourceURLMatches(r, '/apis')).toBe(false);
    expect(nonResourceURLMatches(r, '/version')).toBe(false);
    expect(nonResourceURLMatches(urlRule(['get'], ['*']), '/anything/at/all')).toBe(true);
    // Several trailing stars are all trimmed, as strings.TrimRight does.
    expect(nonResourceURLMatches(urlRule(['get'], ['/logs**']), '/logs/x')).toBe(true);
    // A star elsewhere is literal.
    expect(nonResourceURLMatches(urlRule(['get'], ['/a/*/b']), '/a/x/b')).toBe(false);
  });

  it('verbs are the lower-cased HTTP method', () => {
    const r = urlRule(['get'], ['/metrics']);
    expect(ruleAllows(url(alice, 'get', '/metrics'), r)).toBe(true);
    expect(ruleAllows(url(alice, 'post', '/metrics'), r)).toBe(false);
    expect(ruleAllows(url(alice, 'post', '/metrics'), urlRule(['*'], ['/metrics']))).toBe(true);
  });
});

describe('sameRule', () => {
  it('compares every list, in order', () => {
    expect(sameRule(rule(['get'], [''], ['a']), rule(['get'], [''], ['a']))).toBe(true);
    expect(sameRule(rule(['get', 'list'], [''], ['a']), rule(['list', 'get'], [''], ['a']))).toBe(false);
    expect(sameRule(rule(['get'], [''], ['a'], ['n']), rule(['get'], [''], ['a']))).toBe(false);
  });
});
