// apis.kcp.io/v1alpha1 APIExportEndpointSlice: where the virtual workspace of an APIExport is served. Its export
// reference never changes; the endpoints are the controller's (status).
import { printerColumnsTable } from '../../apiextensions/printer-columns.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { deepEqual } from '../../registry/meta.js';

class APIExportEndpointSliceStrategy extends BuiltinStrategy {
  override validate(obj: KObject): FieldError[] {
    const ref = (obj['spec'] as { export?: { name?: unknown } } | undefined)?.export;
    if (!ref) return [fieldErr.required('spec.export', '')];
    if (typeof ref.name !== 'string' || ref.name === '') return [fieldErr.required('spec.export.name', '')];
    return [];
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    const errs = this.validate(obj);
    const ref = (o: KObject) => (o['spec'] as { export?: unknown } | undefined)?.export;
    if (!deepEqual(ref(obj), ref(old)))
      errs.push(fieldErr.invalid('spec.export', new GoSyntax('"object"'), 'APIExport reference must not be changed'));
    return errs;
  }
}

export const apiexportendpointslices = define(
  {
    group: 'apis.kcp.io',
    version: 'v1alpha1',
    kind: 'APIExportEndpointSlice',
    plural: 'apiexportendpointslices',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.apis.v1alpha1.APIExportEndpointSlice',
  },
  (r) =>
    new APIExportEndpointSliceStrategy(r, {
      generation: true,
      status: true,
      strategicMergePatch: false,
      table: printerColumnsTable([
        { name: 'Export', type: 'string', jsonPath: '.spec.export.name' },
        { name: 'Partition', type: 'string', jsonPath: '.spec.partition' },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ]),
    }),
);
