// kcp's conditions (third_party/conditions): a condition keeps its lastTransitionTime while its status stays, and a
// False one carries a severity.
import type { Condition } from '../apis/apis-kcp/names.js';

export type Severity = 'Error' | 'Warning' | 'Info';

export function markTrue(conds: Condition[], type: string, now: Date): Condition[] {
  return setCondition(conds, { type, status: 'True' }, now);
}

export function markFalse(conds: Condition[], type: string, reason: string, severity: Severity, message: string, now: Date): Condition[] {
  return setCondition(conds, { type, status: 'False', severity, reason, message }, now);
}

export function findCondition(conds: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conds?.find((c) => c.type === type);
}

/** Sets (or replaces) one condition, keeping the list sorted by type as kcp's helpers do. */
export function setCondition(conds: Condition[], next: Condition, now: Date): Condition[] {
  const prev = findCondition(conds, next.type);
  const c: Condition = {
    ...next,
    lastTransitionTime: prev && prev.status === next.status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(now),
  };
  const out = conds.filter((x) => x.type !== next.type);
  out.push(c);
  out.sort((a, b) => (a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type.localeCompare(b.type)));
  return out;
}

/** kcp's summary: Ready mirrors the given condition. */
export function summarize(conds: Condition[], from: string, now: Date): Condition[] {
  const source = findCondition(conds, from);
  if (!source) return conds;
  const ready: Condition = { type: 'Ready', status: source.status };
  if (source.status !== 'True') {
    if (source.severity) ready.severity = source.severity;
    if (source.reason) ready.reason = source.reason;
    if (source.message) ready.message = source.message;
  }
  return setCondition(conds, ready, now);
}

function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}
