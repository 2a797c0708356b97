import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import type { ResourceDef } from '../../registry/types.js';
import { compileSelector, namespaceSelectorMatches, objectSelectorMatches, ruleMatches, type RequestFacts } from './matching.js';

const facts = (over: Partial<RequestFacts> = {}): RequestFacts => ({
  operation: 'CREATE',
  group: '',
  version: 'v1',
  resource: 'configmaps',
  subresource: '',
  namespaced: true,
  ...over,
});
const rule = { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] };
const obj = (labels?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: labels ? { name: 'x', labels } : { name: 'x' },
});

describe('ruleMatches', () => {
  it('matches operation, group, version and resource, with wildcards', () => {
    expect(ruleMatches(rule, facts())).toBe(true);
    expect(ruleMatches(rule, facts({ operation: 'UPDATE' }))).toBe(false);
    expect(ruleMatches(rule, facts({ group: 'apps' }))).toBe(false);
    expect(
      ruleMatches({ ...rule, operations: ['*'], apiGroups: ['*'], apiVersions: ['*'], resources: ['*'] }, facts({ group: 'apps' })),
    ).toBe(true);
  });

  it('matches subresources only when named (`*` is the resource itself)', () => {
    expect(ruleMatches({ ...rule, resources: ['*'] }, facts({ subresource: 'status' }))).toBe(false);
    expect(ruleMatches({ ...rule, resources: ['configmaps/status'] }, facts({ subresource: 'status' }))).toBe(true);
    expect(ruleMatches({ ...rule, resources: ['*/*'] }, facts({ subresource: 'status' }))).toBe(true);
    expect(ruleMatches({ ...rule, resources: ['configmaps/*'] }, facts())).toBe(true);
  });

  it('honours scope', () => {
    expect(ruleMatches({ ...rule, scope: 'Cluster' }, facts())).toBe(false);
    expect(ruleMatches({ ...rule, scope: 'Namespaced' }, facts())).toBe(true);
    expect(ruleMatches({ ...rule, scope: '*' }, facts({ namespaced: false }))).toBe(true);
  });
});

describe('selectors', () => {
  const sel = compileSelector({ matchLabels: { team: 'a' } });

  it('an absent or empty selector selects everything', () => {
    expect(compileSelector(undefined)).toBeUndefined();
    expect(compileSelector({})).toBeUndefined();
    expect(objectSelectorMatches(undefined, { object: obj() })).toBe(true);
  });

  it('objectSelector matches the new or the old object', () => {
    expect(objectSelectorMatches(sel, { object: obj({ team: 'a' }) })).toBe(true);
    expect(objectSelectorMatches(sel, { object: obj({ team: 'b' }), oldObject: obj({ team: 'a' }) })).toBe(true);
    expect(objectSelectorMatches(sel, { object: obj() })).toBe(false);
  });

  it('namespaceSelector reads the namespace’s labels, a Namespace’s own, and passes other cluster-scoped kinds', () => {
    const def = (plural: string, namespaced: boolean) => ({ group: '', plural, namespaced }) as ResourceDef;
    const ns = (labels: Record<string, string>) => () => obj(labels);
    expect(namespaceSelectorMatches(sel, { def: def('configmaps', true), namespace: 'n', object: obj() }, ns({ team: 'a' }))).toBe(true);
    expect(namespaceSelectorMatches(sel, { def: def('configmaps', true), namespace: 'n', object: obj() }, ns({ team: 'b' }))).toBe(false);
    expect(namespaceSelectorMatches(sel, { def: def('configmaps', true), namespace: 'n', object: obj() }, () => undefined)).toBe(false);
    expect(
      namespaceSelectorMatches(sel, { def: def('namespaces', false), namespace: '', object: obj({ team: 'a' }) }, () => undefined),
    ).toBe(true);
    expect(namespaceSelectorMatches(sel, { def: def('clusterroles', false), namespace: '', object: obj() }, () => undefined)).toBe(true);
  });
});

describe('a selector that does not parse', () => {
  it('selects nothing instead of failing the write', () => {
    const sel = compileSelector({ matchExpressions: [{ key: 'a', operator: 'Sometimes' }] });
    expect(objectSelectorMatches(sel, { object: obj({ a: 'x' }) })).toBe(false);
  });
});
