// Small helpers for the table columns and cells of built-in kinds (see each kind's strategy).
import { ageCell } from '../apimachinery/duration.js';
import type { KObject } from '../apimachinery/types.js';
import type { TableColumn, TableDef } from './types.js';

const CREATED_AT: TableColumn = {
  name: 'Created At',
  type: 'date',
  format: '',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  priority: 0,
};

/** The table of a kind that prints nothing of its own: its creation time (kube's default table convertor). */
export const CREATED_AT_TABLE: TableDef = { columns: [CREATED_AT], cells: (obj) => [obj.metadata.creationTimestamp ?? null] };

export const AGE: TableColumn = {
  name: 'Age',
  type: 'string',
  format: '',
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  priority: 0,
};

export function col(name: string, description: string, type: TableColumn['type'] = 'string', priority = 0): TableColumn {
  return { name, type, format: '', description, priority };
}

export const age = (o: KObject, now: number) => ageCell(o.metadata.creationTimestamp, now);

export function get(o: unknown, ...path: string[]): unknown {
  let cur = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

export const count = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v).length : 0);
