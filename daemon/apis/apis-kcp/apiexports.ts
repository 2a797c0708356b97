// apis.kcp.io APIExport, served as v1alpha2 (kcp's storage version, `spec.resources`) and v1alpha1
// (`spec.latestResourceSchemas`), converted both ways on read (conversion.ts). The identity hash, once the
// apiexport controller has set it, never changes.
import { printerColumnsTable, type PrinterColumn } from '../../apiextensions/printer-columns.js';
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define, type KindSpec } from '../../registry/define.js';
import type { RequestContext, ResourceDef } from '../../registry/types.js';
import { exportToV1alpha1, exportToV1alpha2 } from './conversion.js';

const AGE: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const READY: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="VirtualWorkspaceURLsReady")].status',
};

class APIExportStrategy extends BuiltinStrategy {
  override storedIsServed = false;

  constructor(
    resource: ResourceDef,
    private readonly convert: (obj: KObject) => KObject,
    columns: PrinterColumn[],
  ) {
    super(resource, { generation: true, status: true, strategicMergePatch: false, table: printerColumnsTable(columns) });
  }

  override validateUpdate(obj: KObject, old: KObject, ctx: RequestContext): FieldError[] {
    const errs = this.validate(obj, ctx);
    const before = (old['status'] as { identityHash?: string } | undefined)?.identityHash;
    const after = (obj['status'] as { identityHash?: string } | undefined)?.identityHash;
    if (before && after !== before) errs.push(fieldErr.invalid('status.identityHash', after ?? '', 'field is immutable'));
    return errs;
  }

  override served(obj: KObject): KObject {
    return this.convert(obj);
  }
}

const spec: Omit<KindSpec, 'version'> = {
  group: 'apis.kcp.io',
  kind: 'APIExport',
  plural: 'apiexports',
  namespaced: false,
  categories: ['kcp'],
};

export const apiexportsV1alpha2 = define(
  { ...spec, version: 'v1alpha2', schemaName: 'io.kcp.apis.v1alpha2.APIExport' },
  (r) => new APIExportStrategy(r, exportToV1alpha2, [AGE]),
);

export const apiexportsV1alpha1 = define(
  { ...spec, version: 'v1alpha1', schemaName: 'io.kcp.apis.v1alpha1.APIExport' },
  (r) => new APIExportStrategy(r, exportToV1alpha1, [AGE, READY]),
);
