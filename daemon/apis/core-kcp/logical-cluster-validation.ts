// What clients may change in a LogicalCluster (kcp's LogicalCluster admission on updates): the initializer and
// terminator bookkeeping the workspace lifecycle (tenancy/initialization.ts) relies on.
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError } from '../../apimachinery/types.js';

const ORDER = ['', 'Scheduling', 'Initializing', 'Ready'];

type LogicalClusterFields = {
  spec?: { initializers?: string[]; terminators?: string[] };
  status?: { phase?: string; initializers?: string[]; terminators?: string[] };
};

/**
 * kcp's LogicalCluster admission on updates, for what clients may change: spec.initializers/terminators never,
 * status.initializers/terminators only by removing ids, the phase never backwards, and Initializing is left only with
 * no initializer pending.
 */
export function logicalClusterUpdateErrors(nextObject: object, oldObject: object): FieldError[] {
  const next = nextObject as LogicalClusterFields;
  const old = oldObject as LogicalClusterFields;
  const errs: FieldError[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  for (const list of ['initializers', 'terminators'] as const) {
    if (!same(next.spec?.[list], old.spec?.[list]))
      errs.push(fieldErr.invalid(`spec.${list}`, next.spec?.[list] ?? [], 'field is immutable'));
    const before = old.status?.[list] ?? [];
    const now = next.status?.[list] ?? [];
    const added = now.filter((i) => !before.includes(i));
    if (added.length) errs.push(fieldErr.invalid(`status.${list}`, now, `${list} can only be removed, not added: [${added.join(' ')}]`));
  }
  const after = next.status?.initializers ?? [];
  const from = old.status?.phase ?? '';
  const to = next.status?.phase ?? '';
  if (ORDER.includes(from) && ORDER.includes(to) && ORDER.indexOf(to) < ORDER.indexOf(from)) {
    errs.push(fieldErr.invalid('status.phase', to, `cannot transition from "${from}" to "${to}"`));
  }
  if (from === 'Initializing' && to !== 'Initializing' && after.length) {
    errs.push(fieldErr.invalid('status.phase', to, `cannot leave Initializing while initializers remain: [${after.join(' ')}]`));
  }
  return errs;
}
