// core/v1 ConfigMap: valid data keys; data frozen once marked immutable.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { age, AGE, col, count } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';
import { dataKeyErrors, immutableDataErrors } from './data-validation.js';

const DATA = ['data', 'binaryData'] as const;

export class ConfigMapStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      table: {
        columns: [col('Data', 'Data contains the configuration data.', 'integer'), AGE],
        cells: (o, now) => [count(o['data']) + count(o['binaryData']), age(o, now)],
      },
    });
  }

  override validate(obj: KObject): FieldError[] {
    return dataKeyErrors(obj, DATA);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return [...immutableDataErrors(obj, old, DATA), ...dataKeyErrors(obj, DATA)];
  }
}

export const configmaps = define(
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
    shortNames: ['cm'],
    schemaName: 'io.k8s.api.core.v1.ConfigMap',
  },
  (r) => new ConfigMapStrategy(r),
);
