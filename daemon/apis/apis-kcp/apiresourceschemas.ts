// apis.kcp.io/v1alpha1 APIResourceSchema: a CRD-like description of one resource, immutable once created. Its
// validation (kcp's apiresourceschema admission, which answers 403) is in validation.ts and runs as admission.
import { printerColumnsTable } from '../../apiextensions/printer-columns.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';

export const apiresourceschemas = define(
  {
    group: 'apis.kcp.io',
    version: 'v1alpha1',
    kind: 'APIResourceSchema',
    plural: 'apiresourceschemas',
    namespaced: false,
    categories: ['kcp'],
    schemaName: 'io.kcp.apis.v1alpha1.APIResourceSchema',
  },
  (r) => new BuiltinStrategy(r, { generation: true, strategicMergePatch: false, table: printerColumnsTable(undefined) }),
);
