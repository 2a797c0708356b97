import { describe, expect, it } from 'vitest';
import {
  aggregatedRulesUpdate,
  BOOTSTRAP_CATALOG,
  hasAggregationRule,
  parseClusterRole,
  policyRuleObject,
  RoleCatalog,
} from './aggregation.js';
import { clusterRole } from './fixtures.test.js';
import { rule, urlRule } from './rules.js';

const pods = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
const events = { verbs: ['list'], apiGroups: [''], resources: ['events'] };
const label = { 'example.dev/aggregate-to-ops': 'true' };
const ops = () => clusterRole('ops', [], { aggregate: [{ matchLabels: label }] });

describe('parsing', () => {
  it('an aggregationRule, even without selectors, marks the role as aggregated', () => {
    expect(hasAggregationRule(clusterRole('a', [pods]))).toBe(false);
    expect(hasAggregationRule(clusterRole('a', [], { aggregate: [] }))).toBe(true);
    const empty = clusterRole('a', [pods]);
    empty['aggregationRule'] = {};
    expect(parseClusterRole(empty).aggregation).toEqual([]);
  });

  it('serialises rules as the API does: verbs always, empty lists left out', () => {
    expect(policyRuleObject(rule(['get'], [''], ['pods']))).toEqual({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
    expect(policyRuleObject(urlRule(['get'], ['/x']))).toEqual({ verbs: ['get'], nonResourceURLs: ['/x'] });
    expect(policyRuleObject(rule(['get'], [''], ['secrets'], ['s']))).toEqual({
      verbs: ['get'],
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['s'],
    });
  });
});

describe('RoleCatalog.forCluster', () => {
  it('shares the bootstrap catalog where nothing is stored, and lets stored roles shadow bootstrap ones', () => {
    expect(RoleCatalog.forCluster([])).toBe(BOOTSTRAP_CATALOG);
    const c = RoleCatalog.forCluster([clusterRole('view', [pods])]);
    expect(c.rules('view')).toEqual([rule(['get'], [''], ['pods'])]);
    expect(c.rules('cluster-admin')).toBeDefined();
  });

  it('stored roles labelled for the bootstrap aggregates extend them in that cluster only', () => {
    const c = RoleCatalog.forCluster([
      clusterRole('widgets-view', [{ verbs: ['get'], apiGroups: ['example.dev'], resources: ['widgets'] }], {
        labels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' },
      }),
    ]);
    for (const name of ['view', 'edit', 'admin']) expect(c.rules(name)).toContainEqual(rule(['get'], ['example.dev'], ['widgets']));
    expect(BOOTSTRAP_CATALOG.rules('view')).not.toContainEqual(rule(['get'], ['example.dev'], ['widgets']));
  });
});

describe('aggregatedRulesUpdate (the controller’s reconcile)', () => {
  it('leaves roles without an aggregationRule alone', () => {
    const plain = clusterRole('plain', [pods], { labels: label });
    expect(aggregatedRulesUpdate(plain, RoleCatalog.forCluster([plain]))).toBeUndefined();
  });

  it('fills .rules with the selected roles’ rules: by name, duplicates once, user-written rules replaced', () => {
    const agg = clusterRole('ops', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], { aggregate: [{ matchLabels: label }] });
    const roles = [
      agg,
      clusterRole('b', [events, pods], { labels: label }),
      clusterRole('a', [pods], { labels: label }),
      clusterRole('c', [pods]),
    ];
    expect(aggregatedRulesUpdate(agg, RoleCatalog.forCluster(roles))).toEqual([pods, events]);
  });

  it('includes bootstrap roles a selector picks, and the aggregate of an aggregated role it picks', () => {
    const agg = clusterRole('readers', [], { aggregate: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' } }] });
    const rules = aggregatedRulesUpdate(agg, RoleCatalog.forCluster([agg]))!;
    // system:aggregate-to-edit's own rules, then view's aggregate (view carries the aggregate-to-edit label).
    expect(rules[0]).toEqual({ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['secrets'] });
    expect(rules).toContainEqual({ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['namespaces'] });
  });

  it('is a no-op once .rules holds the aggregate (an absent list equal to an empty one)', () => {
    const roles = [ops(), clusterRole('a', [pods], { labels: label })];
    const catalog = RoleCatalog.forCluster(roles);
    const written = { ...roles[0]!, rules: aggregatedRulesUpdate(roles[0]!, catalog) };
    expect(aggregatedRulesUpdate(written, RoleCatalog.forCluster([written, roles[1]!]))).toBeUndefined();
    const none = ops();
    delete none['rules'];
    expect(aggregatedRulesUpdate(none, RoleCatalog.forCluster([none]))).toBeUndefined();
    expect(aggregatedRulesUpdate(ops(), RoleCatalog.forCluster([ops()]))).toBeUndefined();
  });

  it('follows the selected roles: changed, added and removed', () => {
    const agg = ops();
    const before = aggregatedRulesUpdate(agg, RoleCatalog.forCluster([agg, clusterRole('a', [pods], { labels: label })]));
    expect(before).toEqual([pods]);
    const stored = { ...agg, rules: before };
    expect(aggregatedRulesUpdate(stored, RoleCatalog.forCluster([stored, clusterRole('a', [events], { labels: label })]))).toEqual([
      events,
    ]);
    expect(
      aggregatedRulesUpdate(
        stored,
        RoleCatalog.forCluster([stored, clusterRole('a', [pods], { labels: label }), clusterRole('b', [events], { labels: label })]),
      ),
    ).toEqual([pods, events]);
    expect(aggregatedRulesUpdate(stored, RoleCatalog.forCluster([stored, clusterRole('a', [pods])]))).toEqual([]);
  });

  it('notices a reordering of the same rules', () => {
    const stored = { ...ops(), rules: [events, pods] };
    const roles = [stored, clusterRole('a', [pods], { labels: label }), clusterRole('b', [events], { labels: label })];
    expect(aggregatedRulesUpdate(stored, RoleCatalog.forCluster(roles))).toEqual([pods, events]);
  });
});
