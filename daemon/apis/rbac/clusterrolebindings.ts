// rbac.authorization.k8s.io/v1 ClusterRoleBinding: a RoleBinding's strategy, cluster-wide.
import { define } from '../../registry/define.js';
import { BindingStrategy } from './rolebindings.js';

export const clusterrolebindings = define(
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    plural: 'clusterrolebindings',
    namespaced: false,
    battery: 'authorization',
    schemaName: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
  },
  (r) => new BindingStrategy(r),
);
