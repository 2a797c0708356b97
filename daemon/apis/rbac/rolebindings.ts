// rbac.authorization.k8s.io/v1 RoleBinding (ClusterRoleBindings behave alike): a roleRef that never changes and
// subjects of known kinds, printed with the role and who it binds.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { ResourceDef, TableDef } from '../../registry/types.js';
import { bindingErrors, bindingUpdateErrors } from './validation.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

const bindingTable: TableDef = {
  columns: [
    col('Role', 'RoleRef is the reference to the role'),
    AGE,
    col('Users', 'Users in the binding', 'string', 1),
    col('Groups', 'Groups in the binding', 'string', 1),
    col('ServiceAccounts', 'ServiceAccounts in the binding', 'string', 1),
  ],
  cells(o: KObject, now: number) {
    const subjects = (o['subjects'] as Array<Record<string, string>>) ?? [];
    const of = (k: string) => subjects.filter((s) => s['kind'] === k);
    return [
      `${scalarText(get(o, 'roleRef', 'kind'))}/${scalarText(get(o, 'roleRef', 'name'))}`,
      age(o, now),
      of('User')
        .map((s) => s['name'])
        .join(', '),
      of('Group')
        .map((s) => s['name'])
        .join(', '),
      of('ServiceAccount')
        .map((s) => `${s['namespace'] ?? ''}/${s['name']}`)
        .join(', '),
    ];
  },
};

export class BindingStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, { nameRule: 'path-segment', table: bindingTable });
  }

  override validate(obj: KObject): FieldError[] {
    return bindingErrors(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return bindingUpdateErrors(obj, old);
  }
}

export const rolebindings = define(
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    plural: 'rolebindings',
    namespaced: true,
    battery: 'authorization',
    schemaName: 'io.k8s.api.rbac.v1.RoleBinding',
  },
  (r) => new BindingStrategy(r),
);
