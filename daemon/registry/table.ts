// Server-side printing: meta.k8s.io/v1 Table responses with the columns of each kind's table convertor (its
// strategy's), for `kubectl get`.
import { goQuote } from '../apimachinery/gostrings.js';
import { badRequest } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { TableColumn, ResourceDef } from './types.js';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const NAME_COLUMN: TableColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description:
    'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  priority: 0,
};

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
  if (include !== 'None' && include !== 'Object' && include !== 'Metadata')
    throw badRequest(`unrecognized includeObject value: ${goQuote(include)}`);
}

export function partialObjectMetadata(obj: KObject): KObject {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

export interface TableMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export function buildTable(
  def: ResourceDef,
  items: KObject[],
  meta: TableMeta,
  include: IncludeObject,
  withHeaders = true,
): Record<string, unknown> {
  const conv = def.strategy.table;
  const now = Date.now();
  const compare = conv.compare;
  const ordered = compare ? [...items].sort(compare) : items;
  if (ordered.length > 0) checkIncludeObject(include);
  const rows = ordered.map((obj) => {
    const cells = conv.cells(obj, now);
    const row: Record<string, unknown> = { cells: conv.nameColumn === false ? cells : [obj.metadata.name ?? '', ...cells] };
    if (include === 'Object') row['object'] = obj;
    else if (include === 'Metadata') row['object'] = partialObjectMetadata(obj);
    return row;
  });
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  table['columnDefinitions'] = withHeaders ? (conv.nameColumn === false ? conv.columns : [NAME_COLUMN, ...conv.columns]) : null;
  table['rows'] = rows;
  return table;
}
