import { describe, expect, it } from 'vitest';
import { resourceOf } from './front-proxy.js';

describe('resourceOf (the metrics resource label)', () => {
  it.each([
    ['/clusters/root/api/v1/namespaces/default/configmaps', 'configmaps'],
    ['/clusters/root:a/api/v1/namespaces/default/configmaps/c1', 'configmaps'],
    ['/api/v1/namespaces', 'namespaces'],
    ['/api/v1/namespaces/default', 'namespaces'],
    ['/api/v1/namespaces/default/', 'namespaces'],
    ['/clusters/*/apis/rbac.authorization.k8s.io/v1/clusterroles', 'clusterroles'],
    ['/apis/tenancy.kcp.io/v1alpha1/workspaces/a', 'workspaces'],
    ['/clusters/root/apis', ''],
    ['/clusters/root/version', ''],
    ['/metrics', ''],
  ])('%s → %j', (path, want) => expect(resourceOf(path)).toBe(want));
});
