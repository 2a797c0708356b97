// apis.kcp.io APIBinding, v1alpha2 (storage) and v1alpha1: binds an APIExport into this workspace. Its reference
// never changes (kcp's CEL rule), and a new binding carries kcp's finalizer, which the apibinding controller
// removes once the objects of its bound resources are gone.
import { printerColumnsTable, type PrinterColumn } from '../../apiextensions/printer-columns.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define, type KindSpec } from '../../registry/define.js';
import { deepEqual } from '../../registry/meta.js';
import type { ResourceDef } from '../../registry/types.js';
import { bindingToV1alpha1, bindingToV1alpha2 } from './conversion.js';
import { BINDING_FINALIZER } from './names.js';

const COLUMNS: PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
];

class APIBindingStrategy extends BuiltinStrategy {
  override storedIsServed = false;

  constructor(
    resource: ResourceDef,
    private readonly convert: (obj: KObject) => KObject,
  ) {
    super(resource, { generation: true, status: true, strategicMergePatch: false, table: printerColumnsTable(COLUMNS) });
  }

  override prepareForCreate(obj: KObject): void {
    const finalizers = (obj.metadata.finalizers ??= []);
    if (!finalizers.includes(BINDING_FINALIZER)) finalizers.push(BINDING_FINALIZER);
  }

  override validate(obj: KObject): FieldError[] {
    const ref = (obj['spec'] as { reference?: { export?: { name?: unknown } } } | undefined)?.reference;
    if (!ref?.export) return [fieldErr.required('spec.reference.export', '')];
    if (typeof ref.export.name !== 'string' || ref.export.name === '') return [fieldErr.required('spec.reference.export.name', '')];
    return [];
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    const errs = this.validate(obj);
    const ref = (o: KObject) => (this.convert(o)['spec'] as { reference?: unknown } | undefined)?.reference;
    if (!deepEqual(ref(obj), ref(old)))
      errs.push(fieldErr.invalid('spec.reference', new GoSyntax('"object"'), 'APIExport reference must not be changed'));
    return errs;
  }

  override served(obj: KObject): KObject {
    return this.convert(obj);
  }
}

const spec: Omit<KindSpec, 'version'> = {
  group: 'apis.kcp.io',
  kind: 'APIBinding',
  plural: 'apibindings',
  namespaced: false,
  categories: ['kcp'],
};

export const apibindingsV1alpha2 = define(
  { ...spec, version: 'v1alpha2', schemaName: 'io.kcp.apis.v1alpha2.APIBinding' },
  (r) => new APIBindingStrategy(r, bindingToV1alpha2),
);

export const apibindingsV1alpha1 = define(
  { ...spec, version: 'v1alpha1', schemaName: 'io.kcp.apis.v1alpha1.APIBinding' },
  (r) => new APIBindingStrategy(r, bindingToV1alpha1),
);
