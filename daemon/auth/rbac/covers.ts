// Whether the rules a user holds cover the rules they try to grant, and kube's wording when they do not
// (k8s.io/component-helpers auth/rbac/validation Covers, pkg/registry/rbac/validation ConfirmNoEscalation and
// CompactRules, pkg/apis/rbac/v1 CompactString). Pure: the admission plugin feeds it the resolved rules.
import { goQuote, goQuoteList } from '../../apimachinery/gostrings.js';
import type { UserInfo } from '../../registry/types.js';
import { aggregateErrors } from './rbac.js';
import { ALL, type PolicyRule } from './rules.js';

/**
 * Splits a rule into tuples of one group, one resource, one verb and at most one resource name (and URL × verb for
 * non-resource rules): each tuple is then covered by a single owner rule or not at all. A resource rule without
 * apiGroups yields nothing, as in kube (validation refuses such rules).
 */
export function breakdownRule(r: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of r.apiGroups) {
    for (const resource of r.resources) {
      for (const verb of r.verbs) {
        if (r.resourceNames.length === 0) out.push(tuple([verb], [group], [resource], [], []));
        else for (const name of r.resourceNames) out.push(tuple([verb], [group], [resource], [name], []));
      }
    }
  }
  for (const url of r.nonResourceURLs) for (const verb of r.verbs) out.push(tuple([verb], [], [], [], [url]));
  return out;
}

function tuple(verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((w) => set.includes(w));
}

// `*`, or every wanted resource, where `*/<sub>` covers `<anything>/<sub>`; `pods` does not cover `pods/log`.
function resourcesCover(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes(ALL) || hasAll(owner, wanted)) return true;
  return wanted.every((path) => {
    if (owner.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owner.includes(`*/${path.slice(slash + 1)}`);
  });
}

/** An owner URL covers a path when equal, or when it ends in `*` and the path starts with what precedes the stars. */
function nonResourceURLsCover(owner: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((path) => owner.some((o) => o === path || (o.endsWith('*') && path.startsWith(o.replace(/\*+$/, '')))));
}

/** kube's ruleCovers: does one owner rule cover one broken-down tuple? */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const verbs = owner.verbs.includes(ALL) || hasAll(owner.verbs, sub.verbs);
  const groups = owner.apiGroups.includes(ALL) || hasAll(owner.apiGroups, sub.apiGroups);
  // An owner limited to names covers only tuples naming one of them; an unlimited owner covers any tuple.
  const names = owner.resourceNames.length === 0 || (sub.resourceNames.length > 0 && hasAll(owner.resourceNames, sub.resourceNames));
  return (
    verbs &&
    groups &&
    resourcesCover(owner.resources, sub.resources) &&
    names &&
    nonResourceURLsCover(owner.nonResourceURLs, sub.nonResourceURLs)
  );
}

/** kube's Covers: whether `owner` covers every tuple of `servant`, and the tuples it misses (in servant order). */
export function covers(owner: readonly PolicyRule[], servant: readonly PolicyRule[]): { covered: boolean; missing: PolicyRule[] } {
  const missing: PolicyRule[] = [];
  for (const rule of servant) {
    for (const sub of breakdownRule(rule)) if (!owner.some((o) => ruleCovers(o, sub))) missing.push(sub);
  }
  return { covered: missing.length === 0, missing };
}

/**
 * kube's CompactRules: tuples of one group and one resource (and at most one name) that differ only in their verb
 * merge into one rule listing the verbs, so a refusal says `Verbs:["get" "list"]` instead of one line per verb.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames.length > 0, r.resourceNames[0] ?? '']);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  out.push(...simple.values());
  return out;
}

/** kube's CompactString: `{APIGroups:[""], Resources:["secrets"], Verbs:["*"]}`, empty lists left out. */
export function compactString(r: PolicyRule): string {
  const parts: string[] = [];
  if (r.apiGroups.length) parts.push(`APIGroups:${goQuoteList(r.apiGroups)}`);
  if (r.resources.length) parts.push(`Resources:${goQuoteList(r.resources)}`);
  if (r.nonResourceURLs.length) parts.push(`NonResourceURLs:${goQuoteList(r.nonResourceURLs)}`);
  if (r.resourceNames.length) parts.push(`ResourceNames:${goQuoteList(r.resourceNames)}`);
  if (r.verbs.length) parts.push(`Verbs:${goQuoteList(r.verbs)}`);
  return `{${parts.join(', ')}}`;
}

/** What a user holds in one namespace (kube's RulesFor), with the texts of the roleRefs that did not resolve. */
export interface HeldRules {
  rules: readonly PolicyRule[];
  resolutionErrors: readonly string[];
}

/**
 * kube's ConfirmNoEscalation: undefined when `held` covers `requested`, else the refusal message — the missing
 * tuples compacted, one per line, sorted and de-duplicated, then `; resolution errors: [<aggregate>]` when some of
 * the user's bindings point at roles that do not resolve (their rules might have covered the request).
 */
export function escalationRefusal(user: UserInfo, held: HeldRules, requested: readonly PolicyRule[]): string | undefined {
  const { covered, missing } = covers(held.rules, requested);
  if (covered) return undefined;
  const lines = [...new Set(compactRules(missing).map(compactString))].sort(byteOrder);
  let msg = `user ${goQuote(user.username)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${lines.join('\n')}`;
  if (held.resolutionErrors.length > 0) msg += `; resolution errors: [${aggregateErrors([...held.resolutionErrors])}]`;
  return msg;
}

/** Go sorts strings by their UTF-8 bytes. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Everything: `*` on every resource of every group and on every URL (kube's fullAuthority, what an aggregationRule needs). */
export const FULL_AUTHORITY: readonly PolicyRule[] = [tuple([ALL], [ALL], [ALL], [], []), tuple([ALL], [], [], [], [ALL])];
