// The table of a custom resource: its CRD version's additionalPrinterColumns (kubectl's JSONPath dialect), or Age.
import { ageCell } from '../apimachinery/duration.js';
import { firstResult } from '../apimachinery/jsonpath.js';
import type { TableColumn, TableDef } from '../registry/types.js';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const AGE_ONLY: PrinterColumn[] = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];

export function printerColumnsTable(printerColumns: PrinterColumn[] | undefined): TableDef {
  const cols = printerColumns?.length ? printerColumns : AGE_ONLY;
  return {
    columns: cols.map((c) => ({
      name: c.name,
      type: (c.type as TableColumn['type']) ?? 'string',
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority || 0,
    })),
    cells: (obj, now) => cols.map((c) => cell(c.type, firstResult(c.jsonPath, obj), now)),
  };
}

function cell(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'date':
      return typeof value === 'string' ? ageCell(value, now) : '<invalid>';
    case 'integer':
    case 'number':
    case 'boolean':
      return value;
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
