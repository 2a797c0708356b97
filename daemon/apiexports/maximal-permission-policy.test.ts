import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { Catalogs } from '../registry/catalog.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { SCHEMA, exportObject } from './apis.testkit.js';
import { BoundResources } from './bound-resources.js';
import { claimedResourcePolicy, MaximalPermissionPolicies } from './maximal-permission-policy.js';

const HASH = 'a'.repeat(64);
const policed = (local: boolean): KObject => ({
  ...exportObject('cowboys'),
  spec: { ...(exportObject('cowboys')['spec'] as object), ...(local ? { maximalPermissionPolicy: { local: {} } } : {}) },
  status: { identityHash: HASH },
});
const binding: KObject = {
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'cowboys' },
  spec: { reference: { export: { path: 'root:p', name: 'cowboys' } } },
  status: {
    phase: 'Bound',
    apiExportClusterName: 'prov',
    boundResources: [
      { group: 'wildwest.dev', resource: 'cowboys', schema: { name: SCHEMA.metadata.name, UID: 'schema-uid', identityHash: HASH } },
    ],
  },
};
const request = (cluster: string, resource = 'cowboys') => ({ cluster, apiGroup: 'wildwest.dev', apiVersion: 'v1alpha1', resource });

describe('maximal permission policies', () => {
  function world() {
    const store = new SqliteStore({ path: ':memory:' });
    store.create(
      { cluster: 'prov', resource: 'apis.kcp.io/apiresourceschemas', namespace: '', name: SCHEMA.metadata.name! },
      structuredClone(SCHEMA),
    );
    store.create({ cluster: 'cons', resource: 'apis.kcp.io/apibindings', namespace: '', name: 'cowboys' }, structuredClone(binding));
    const bound = new BoundResources(store);
    const policies = new MaximalPermissionPolicies(store, new Catalogs([], (c) => bound.defsFor(c)));
    return { store, policies };
  }

  it('are inactive, and govern nothing, while no export has a local policy', () => {
    const { store, policies } = world();
    try {
      policies.onExport('prov', 'cowboys', policed(false), undefined);
      expect(policies.active()).toBe(false);
      expect(policies.governing(request('cons'))).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it("govern the resources bound from an export with a local policy, in the binding's workspace only", () => {
    const { store, policies } = world();
    try {
      policies.onExport('prov', 'cowboys', policed(true), undefined);
      expect(policies.active()).toBe(true);
      expect(policies.governing(request('cons'))).toEqual({ cluster: 'prov', name: 'cowboys' });
      expect(policies.governing(request('elsewhere'))).toBeUndefined();
      expect(policies.governing(request('cons', 'horses'))).toBeUndefined();
      expect(policies.governing(request('*'))).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('let go when the policy is removed or the export deleted', () => {
    const { store, policies } = world();
    try {
      policies.onExport('prov', 'cowboys', policed(true), undefined);
      policies.onExport('prov', 'cowboys', policed(false), policed(true));
      expect(policies.active()).toBe(false);
      policies.onExport('prov', 'cowboys', policed(true), policed(false));
      policies.onExport('prov', 'cowboys', undefined, policed(true));
      expect(policies.active()).toBe(false);
      expect(policies.governing(request('cons'))).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('the maximal permission policies of claimed resources, in the virtual workspace', () => {
  const claims = [
    { group: '', resource: 'configmaps', verbs: ['*'] },
    { group: 'wildwest.dev', resource: 'cowboys', identityHash: HASH, verbs: ['*'] },
  ];
  const attrs = (resource: string, group = '') => ({
    cluster: 'consumer',
    user: { username: 'controller', groups: ['system:authenticated'] },
    verb: 'list',
    resourceRequest: true,
    apiGroup: group,
    apiVersion: 'v1alpha1',
    resource,
    subresource: '',
    name: '',
    namespace: '',
    path: '',
  });
  const asked: Array<{ cluster: string; user: string }> = [];
  const deps = (exports: Array<{ cluster: string; export: KObject }>, allowed: boolean) => ({
    exportsOf: (h: string) => (h === HASH ? exports : []),
    authorizeDeep: (a: { cluster: string; user: { username: string } }) => {
      asked.push({ cluster: a.cluster, user: a.user.username });
      return { allowed, reason: '' };
    },
  });

  it('do not apply to built-in claims nor to what is not claimed', () => {
    expect(claimedResourcePolicy(deps([], false), claims, attrs('configmaps'))).toBeUndefined();
    expect(claimedResourcePolicy(deps([], false), claims, attrs('sheriffs', 'law.dev'))).toBeUndefined();
  });

  it('refuse when no export provides the claimed identity, and when a local policy refuses the prefixed user', () => {
    expect(claimedResourcePolicy(deps([], true), claims, attrs('cowboys', 'wildwest.dev'))).toBe(
      `no API export providing claimed resources found for identity hash: "${HASH}"`,
    );
    asked.length = 0;
    expect(
      claimedResourcePolicy(deps([{ cluster: 'prov', export: policed(false) }], false), claims, attrs('cowboys', 'wildwest.dev')),
    ).toBeUndefined();
    expect(asked).toEqual([]);
    expect(claimedResourcePolicy(deps([{ cluster: 'prov', export: policed(true) }], false), claims, attrs('cowboys', 'wildwest.dev'))).toBe(
      'API export "prov"|"cowboys" policy: ',
    );
    expect(asked).toEqual([{ cluster: 'prov', user: 'apis.kcp.io:binding:controller' }]);
    expect(
      claimedResourcePolicy(deps([{ cluster: 'prov', export: policed(true) }], true), claims, attrs('cowboys', 'wildwest.dev')),
    ).toBeUndefined();
  });
});
