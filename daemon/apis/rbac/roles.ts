// rbac.authorization.k8s.io/v1 Role: rules with verbs and API groups; names are path segments.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import type { ResourceDef } from '../../registry/types.js';
import { rulesErrors } from './validation.js';

export class RoleStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, { nameRule: 'path-segment' });
  }

  override validate(obj: KObject): FieldError[] {
    return rulesErrors(obj);
  }
}

export const roles = define(
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    plural: 'roles',
    namespaced: true,
    battery: 'authorization',
    schemaName: 'io.k8s.api.rbac.v1.Role',
  },
  (r) => new RoleStrategy(r),
);
