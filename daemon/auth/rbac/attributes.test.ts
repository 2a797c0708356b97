import { describe, expect, it } from 'vitest';
import { attributesForRequest, nameFromFieldSelector, nonResourceAttributes, resourceAttributes } from './attributes.js';
import { u } from './fixtures.test.js';

const alice = u('alice');
const attrs = (method: string, path: string, query = '') =>
  attributesForRequest({ cluster: 'c1', user: alice, method, path, query: new URLSearchParams(query) });

describe('attributesForRequest: resource requests', () => {
  it('maps methods to verbs', () => {
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('get');
    expect(attrs('HEAD', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('get');
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps').verb).toBe('list');
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps', 'watch=true').verb).toBe('watch');
    expect(attrs('GET', '/api/v1/watch/namespaces/demo/configmaps').verb).toBe('watch');
    expect(attrs('POST', '/api/v1/namespaces/demo/configmaps').verb).toBe('create');
    expect(attrs('PUT', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('update');
    expect(attrs('PATCH', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('patch');
    expect(attrs('DELETE', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('delete');
    expect(attrs('DELETE', '/api/v1/namespaces/demo/configmaps').verb).toBe('deletecollection');
    // No verb for other methods: only `*` rules can match.
    expect(attrs('OPTIONS', '/api/v1/namespaces/demo/configmaps/x').verb).toBe('');
  });

  it('fills group, version, resource, subresource, name and namespace', () => {
    expect(attrs('PUT', '/apis/apps.example.dev/v1beta1/namespaces/demo/widgets/w1/status')).toEqual({
      cluster: 'c1',
      user: alice,
      verb: 'update',
      resourceRequest: true,
      apiGroup: 'apps.example.dev',
      apiVersion: 'v1beta1',
      resource: 'widgets',
      subresource: 'status',
      name: 'w1',
      namespace: 'demo',
      path: '/apis/apps.example.dev/v1beta1/namespaces/demo/widgets/w1/status',
    });
    const cluster = attrs('GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles');
    expect([cluster.apiGroup, cluster.resource, cluster.namespace, cluster.name]).toEqual([
      'rbac.authorization.k8s.io',
      'clusterroles',
      '',
      '',
    ]);
  });

  it('gives a namespace object its own name as namespace, like kube', () => {
    const a = attrs('GET', '/api/v1/namespaces/demo');
    expect([a.resource, a.name, a.namespace]).toEqual(['namespaces', 'demo', 'demo']);
    const s = attrs('PUT', '/api/v1/namespaces/demo/finalize');
    expect([s.resource, s.subresource, s.name, s.namespace]).toEqual(['namespaces', 'finalize', 'demo', 'demo']);
    const l = attrs('GET', '/api/v1/namespaces');
    expect([l.verb, l.namespace]).toEqual(['list', '']);
  });

  it('takes the name of a list/watch from a metadata.name field selector', () => {
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps', 'fieldSelector=metadata.name%3Dx&watch=1').name).toBe('x');
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps', 'fieldSelector=metadata.name%3D%3Dy').name).toBe('y');
    expect(attrs('GET', '/api/v1/namespaces/demo/configmaps', 'fieldSelector=metadata.name!%3Dy').name).toBe('');
    // Only list/watch: a delete collection keeps an empty name.
    expect(attrs('DELETE', '/api/v1/namespaces/demo/configmaps', 'fieldSelector=metadata.name%3Dx').name).toBe('');
  });

  it('uses a pre-parsed request info when given', () => {
    const a = attributesForRequest({
      cluster: 'c1',
      user: alice,
      method: 'GET',
      path: '/ignored',
      info: { kind: 'resource', group: '', version: 'v1', resource: 'secrets', namespace: 'n', name: 's', verb: 'get' },
    });
    expect([a.resource, a.namespace, a.name, a.resourceRequest]).toEqual(['secrets', 'n', 's', true]);
  });
});

describe('attributesForRequest: non-resource requests', () => {
  it('treats discovery, OpenAPI, /version and unknown paths as non-resource URLs with the lower-cased method', () => {
    for (const p of [
      '/api',
      '/api/v1',
      '/apis',
      '/apis/apps',
      '/apis/apps/v1',
      '/openapi/v3',
      '/openapi/v3/api/v1',
      '/openapi/v2',
      '/version',
      '/healthz',
      '/metrics',
    ]) {
      const a = attrs('GET', p);
      expect(a.resourceRequest, p).toBe(false);
      expect(a.verb).toBe('get');
      expect(a.path).toBe(p);
      expect(a.resource).toBe('');
    }
    expect(attrs('POST', '/foo').verb).toBe('post');
    expect(attrs('HEAD', '/healthz').verb).toBe('head');
  });
});

describe('nameFromFieldSelector', () => {
  it('finds the first exact metadata.name term and rejects invalid path segments', () => {
    expect(nameFromFieldSelector('status.phase=Active,metadata.name=a,metadata.name=b')).toBe('a');
    expect(nameFromFieldSelector('metadata.namespace=a')).toBeUndefined();
    expect(nameFromFieldSelector('metadata.name=a/b')).toBeUndefined();
    expect(nameFromFieldSelector('metadata.name=..')).toBeUndefined();
    expect(nameFromFieldSelector(null)).toBeUndefined();
  });
});

describe('review attributes', () => {
  it('builds resource and non-resource attributes from access review specs', () => {
    expect(resourceAttributes('c1', alice, { verb: 'create', resource: 'configmaps', namespace: 'demo' })).toMatchObject({
      resourceRequest: true,
      verb: 'create',
      apiGroup: '',
      resource: 'configmaps',
      subresource: '',
      name: '',
      namespace: 'demo',
    });
    expect(nonResourceAttributes('c1', alice, { verb: 'get', path: '/api' })).toMatchObject({
      resourceRequest: false,
      verb: 'get',
      path: '/api',
    });
  });
});
