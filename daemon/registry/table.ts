// Server-side printing: meta.k8s.io/v1 Table responses with kube's columns, for `kubectl get`.
import { ageCell } from '../apimachinery/duration.js';
import { goQuote } from '../apimachinery/gostrings.js';
import { firstResult } from '../apimachinery/jsonpath.js';
import { badRequest } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { TableColumn, ResourceDef } from './types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

const CREATED_AT: TableColumn = {
  name: 'Created At',
  type: 'date',
  format: '',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  priority: 0,
};

interface Converter {
  columns: TableColumn[];
  cells(obj: KObject, now: number): unknown[];
}

function converterFor(def: ResourceDef): Converter {
  if (def.table) return def.table;
  if (def.crd) {
    const cols = def.printerColumns?.length
      ? def.printerColumns
      : [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];
    return {
      columns: cols.map((c) => ({
        name: c.name,
        type: (c.type as TableColumn['type']) ?? 'string',
        format: c.format ?? '',
        description: ('description' in c && c.description) || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
        priority: ('priority' in c && c.priority) || 0,
      })),
      cells: (obj, now) => cols.map((c) => crdCell(c.type, firstResult(c.jsonPath, obj), now)),
    };
  }
  return { columns: [CREATED_AT], cells: (obj) => [obj.metadata.creationTimestamp ?? null] };
}

function crdCell(type: string, value: unknown, now: number): unknown {
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

/**
 * TableOptions.includeObject: None, Object, or Metadata (the default, also for ""). kube refuses another value
 * only when it fills in a row, so an empty table answers whatever was asked.
 */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  if (v === null || v === '') return 'Metadata';
  return v as IncludeObject;
}

export function checkIncludeObject(include: string): void {
  if (include !== 'None' && include !== 'Object' && include !== 'Metadata') throw badRequest(`unrecognized includeObject value: ${goQuote(include)}`);
}

export function partialObjectMetadata(obj: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export interface TableMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export function buildTable(def: ResourceDef, items: KObject[], meta: TableMeta, include: IncludeObject, withHeaders = true): Record<string, unknown> {
  const conv = converterFor(def);
  const now = Date.now();
  const compare = def.table?.compare;
  const ordered = compare ? [...items].sort(compare) : items;
  if (ordered.length > 0) checkIncludeObject(include);
  const rows = ordered.map((obj) => {
    const row: Record<string, unknown> = { cells: [obj.metadata.name ?? '', ...conv.cells(obj, now)] };
    if (include === 'Object') row['object'] = obj;
    else if (include === 'Metadata') row['object'] = partialObjectMetadata(obj);
    return row;
  });
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  table['columnDefinitions'] = withHeaders ? [NAME_COLUMN, ...conv.columns] : null;
  table['rows'] = rows;
  return table;
}
