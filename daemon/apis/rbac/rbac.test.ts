// The RBAC kinds' strategies: names are path segments, rules and role references are validated, a binding's roleRef
// never changes, bindings print who they bind.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { RequestContext } from '../../registry/types.js';
import { clusterrolebindings } from './clusterrolebindings.js';
import { clusterroles } from './clusterroles.js';
import { rolebindings } from './rolebindings.js';
import { roles } from './roles.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const o = (kind: string, extra: Record<string, unknown>): KObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'x' },
  ...extra,
});
const binding = (name: string) => ({
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
  subjects: [
    { kind: 'User', name: 'alice' },
    { kind: 'ServiceAccount', name: 'robot', namespace: 'ns' },
  ],
});

describe('the RBAC kinds', () => {
  it('are named by path segments and gated by the authorization battery', () => {
    for (const d of [roles, clusterroles, rolebindings, clusterrolebindings]) {
      expect(d.strategy.nameRule).toBe('path-segment');
      expect(d.battery).toBe('authorization');
    }
  });

  it('want verbs and API groups in every rule, and valid aggregation selectors', () => {
    expect(roles.strategy.validate(o('Role', { rules: [{ resources: ['pods'] }] }), ctx).map(fieldErrorString)).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    ]);
    expect(clusterroles.strategy.validate(o('ClusterRole', { aggregationRule: {} }), ctx).map(fieldErrorString)).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
    expect(clusterroles.strategy.validate(o('ClusterRole', { rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }] }), ctx)).toEqual(
      [],
    );
  });

  it("keep a binding's roleRef, printing the new one as Go does", () => {
    for (const d of [rolebindings, clusterrolebindings]) {
      expect(d.strategy.validate(o(d.kind, binding('view')), ctx)).toEqual([]);
      expect(d.strategy.validateUpdate(o(d.kind, binding('edit')), o(d.kind, binding('view')), ctx).map(fieldErrorString)).toEqual([
        'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
      ]);
    }
  });

  it("print a binding's role and subjects", () => {
    const cells = rolebindings.strategy.table.cells(o('RoleBinding', binding('view')), Date.now());
    expect([cells[0], cells[2], cells[4]]).toEqual(['ClusterRole/view', 'alice', 'ns/robot']);
    expect(roles.strategy.table.columns.map((c) => c.name)).toEqual(['Created At']);
  });
});
