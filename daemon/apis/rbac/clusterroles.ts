// rbac.authorization.k8s.io/v1 ClusterRole: a Role's rules, or an aggregationRule whose selectors are valid.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import type { ResourceDef } from '../../registry/types.js';
import { clusterRoleErrors } from './validation.js';

export class ClusterRoleStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, { nameRule: 'path-segment' });
  }

  override validate(obj: KObject): FieldError[] {
    return clusterRoleErrors(obj);
  }
}

export const clusterroles = define(
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    plural: 'clusterroles',
    namespaced: false,
    battery: 'authorization',
    schemaName: 'io.k8s.api.rbac.v1.ClusterRole',
  },
  (r) => new ClusterRoleStrategy(r),
);
