import { describe, expect, it } from 'vitest';
import { breakdownRule, compactRules, compactString, covers, escalationRefusal, FULL_AUTHORITY, ruleCovers } from './covers.js';
import { rule, urlRule, type PolicyRule } from './rules.js';

const named = (verbs: string[], groups: string[], resources: string[], names: string[]) => rule(verbs, groups, resources, names);
const held = (rules: PolicyRule[], resolutionErrors: string[] = []) => ({ rules, resolutionErrors });
const alice = { username: 'alice', groups: ['devs', 'system:authenticated'] };

describe('breakdownRule', () => {
  it('splits a rule into one group × resource × verb (× name) tuples, URLs into URL × verb', () => {
    expect(breakdownRule(rule(['get', 'list'], ['', 'apps'], ['pods']))).toEqual([
      rule(['get'], [''], ['pods']),
      rule(['list'], [''], ['pods']),
      rule(['get'], ['apps'], ['pods']),
      rule(['list'], ['apps'], ['pods']),
    ]);
    expect(breakdownRule(named(['get'], [''], ['secrets'], ['a', 'b']))).toEqual([
      named(['get'], [''], ['secrets'], ['a']),
      named(['get'], [''], ['secrets'], ['b']),
    ]);
    expect(breakdownRule(urlRule(['get', 'post'], ['/logs']))).toEqual([urlRule(['get'], ['/logs']), urlRule(['post'], ['/logs'])]);
  });

  it('yields nothing for a resource rule without apiGroups, as kube', () => {
    expect(breakdownRule({ verbs: ['get'], apiGroups: [], resources: ['pods'], resourceNames: [], nonResourceURLs: [] })).toEqual([]);
  });
});

describe('ruleCovers / covers', () => {
  it('wildcards cover everything of their kind', () => {
    const admin = rule(['*'], ['*'], ['*']);
    expect(ruleCovers(admin, rule(['delete'], ['apps'], ['deployments/scale']))).toBe(true);
    expect(ruleCovers(admin, named(['get'], [''], ['secrets'], ['x']))).toBe(true);
    // A resource wildcard says nothing about URLs.
    expect(ruleCovers(admin, urlRule(['get'], ['/metrics']))).toBe(false);
    expect(
      covers([...FULL_AUTHORITY], [rule(['escalate'], ['rbac.authorization.k8s.io'], ['roles']), urlRule(['get'], ['/x'])]).covered,
    ).toBe(true);
  });

  it('verbs and groups must all be held', () => {
    expect(ruleCovers(rule(['get'], [''], ['pods']), rule(['list'], [''], ['pods']))).toBe(false);
    expect(ruleCovers(rule(['get'], [''], ['pods']), rule(['get'], ['apps'], ['pods']))).toBe(false);
    expect(ruleCovers(rule(['get'], ['*'], ['pods']), rule(['get'], ['apps'], ['pods']))).toBe(true);
  });

  it('subresources: */sub covers any resource with that subresource; a resource does not cover its subresources', () => {
    expect(ruleCovers(rule(['get'], [''], ['*/log']), rule(['get'], [''], ['pods/log']))).toBe(true);
    expect(ruleCovers(rule(['get'], [''], ['*/log']), rule(['get'], [''], ['pods']))).toBe(false);
    expect(ruleCovers(rule(['get'], [''], ['pods']), rule(['get'], [''], ['pods/log']))).toBe(false);
    expect(ruleCovers(rule(['get'], [''], ['*/status']), rule(['get'], [''], ['pods/log']))).toBe(false);
  });

  it('resourceNames: an unrestricted owner covers any name; a restricted one only its names, never the unrestricted tuple', () => {
    expect(ruleCovers(rule(['get'], [''], ['secrets']), named(['get'], [''], ['secrets'], ['a']))).toBe(true);
    expect(ruleCovers(named(['get'], [''], ['secrets'], ['a', 'b']), named(['get'], [''], ['secrets'], ['b']))).toBe(true);
    expect(ruleCovers(named(['get'], [''], ['secrets'], ['a']), named(['get'], [''], ['secrets'], ['c']))).toBe(false);
    expect(ruleCovers(named(['get'], [''], ['secrets'], ['a']), rule(['get'], [''], ['secrets']))).toBe(false);
  });

  it('nonResourceURLs: exact, or prefix below a trailing star', () => {
    expect(ruleCovers(urlRule(['get'], ['/healthz']), urlRule(['get'], ['/healthz']))).toBe(true);
    expect(ruleCovers(urlRule(['get'], ['/apis/*']), urlRule(['get'], ['/apis/apps/v1']))).toBe(true);
    expect(ruleCovers(urlRule(['get'], ['/apis**']), urlRule(['get'], ['/apis/x']))).toBe(true);
    expect(ruleCovers(urlRule(['get'], ['/apis']), urlRule(['get'], ['/apis/x']))).toBe(false);
    expect(ruleCovers(urlRule(['*'], ['*']), urlRule(['delete'], ['/anything']))).toBe(true);
    // A URL rule says nothing about resources.
    expect(ruleCovers(urlRule(['*'], ['*']), rule(['get'], [''], ['pods']))).toBe(false);
  });

  it('covers needs every tuple covered by some single owner rule and lists the misses in order', () => {
    const owner = [rule(['get'], [''], ['pods']), rule(['list'], [''], ['pods'])];
    expect(covers(owner, [rule(['get', 'list'], [''], ['pods'])])).toEqual({ covered: true, missing: [] });
    expect(covers(owner, [rule(['get', 'delete'], [''], ['pods', 'secrets'])]).missing).toEqual([
      rule(['delete'], [''], ['pods']),
      rule(['get'], [''], ['secrets']),
      rule(['delete'], [''], ['secrets']),
    ]);
    expect(covers([], []).covered).toBe(true);
  });
});

describe('compaction and rendering', () => {
  it('merges single group/resource tuples that differ in their verb only', () => {
    const missing = [
      rule(['get'], [''], ['secrets']),
      rule(['list'], [''], ['secrets']),
      named(['get'], [''], ['secrets'], ['a']),
      named(['list'], [''], ['secrets'], ['a']),
      urlRule(['get'], ['/x']),
    ];
    expect(compactRules(missing)).toEqual([
      urlRule(['get'], ['/x']),
      rule(['get', 'list'], [''], ['secrets']),
      named(['get', 'list'], [''], ['secrets'], ['a']),
    ]);
    // The input is left alone.
    expect(missing[0]!.verbs).toEqual(['get']);
  });

  it('prints kube’s CompactString with Go-quoted lists, empty lists left out', () => {
    expect(compactString(rule(['*'], [''], ['secrets']))).toBe('{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}');
    expect(compactString(named(['get', 'list'], ['apps'], ['deployments'], ['web']))).toBe(
      '{APIGroups:["apps"], Resources:["deployments"], ResourceNames:["web"], Verbs:["get" "list"]}',
    );
    expect(compactString(urlRule(['get'], ['/healthz', '/livez']))).toBe('{NonResourceURLs:["/healthz" "/livez"], Verbs:["get"]}');
  });
});

describe('escalationRefusal (ConfirmNoEscalation)', () => {
  it('is undefined when the held rules cover the request', () => {
    expect(escalationRefusal(alice, held([rule(['*'], [''], ['secrets'])]), [rule(['get'], [''], ['secrets'])])).toBeUndefined();
    expect(escalationRefusal(alice, held([]), [])).toBeUndefined();
  });

  it('words the refusal as kube: user, Go-quoted groups, the sorted, de-duplicated compact misses', () => {
    expect(escalationRefusal(alice, held([]), [rule(['*'], [''], ['secrets'])])).toBe(
      'user "alice" (groups=["devs" "system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}',
    );
    const msg = escalationRefusal(alice, held([rule(['get'], [''], ['pods'])]), [
      rule(['get', 'list'], ['', 'apps'], ['pods', 'deployments']),
      rule(['get'], ['apps'], ['deployments']),
      urlRule(['get'], ['/metrics']),
    ]);
    expect(msg!.split('\n').slice(1)).toEqual([
      '{APIGroups:[""], Resources:["deployments"], Verbs:["get" "list"]}',
      '{APIGroups:[""], Resources:["pods"], Verbs:["list"]}',
      '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list" "get"]}',
      '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "list"]}',
      '{NonResourceURLs:["/metrics"], Verbs:["get"]}',
    ]);
  });

  it('quotes odd user names and groups the Go way', () => {
    const msg = escalationRefusal({ username: 'eve "x"\n', groups: [] }, held([]), [rule(['get'], [''], ['pods'])]);
    expect(msg!.startsWith('user "eve \\"x\\"\\n" (groups=[]) is attempting')).toBe(true);
  });

  it('appends the resolution errors of the user’s bindings as kube does', () => {
    const one = escalationRefusal(alice, held([], ['clusterroles.rbac.authorization.k8s.io "ghost" not found']), [
      rule(['get'], [''], ['pods']),
    ]);
    expect(one!.endsWith('Verbs:["get"]}; resolution errors: [clusterroles.rbac.authorization.k8s.io "ghost" not found]')).toBe(true);
    const two = escalationRefusal(alice, held([], ['a', 'b', 'a']), [rule(['get'], [''], ['pods'])]);
    expect(two!.endsWith('; resolution errors: [[a, b]]')).toBe(true);
    // No refusal, no mention of them.
    expect(escalationRefusal(alice, held([rule(['get'], [''], ['pods'])], ['a']), [rule(['get'], [''], ['pods'])])).toBeUndefined();
  });
});
