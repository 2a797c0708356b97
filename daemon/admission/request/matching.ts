// Which requests a webhook or a policy is about: kube's admission rule matcher (k8s.io/apiserver's
// admission/plugin/webhook/predicates/rules) and its namespace and object selectors, over a request's attributes.
import { LabelSelector, selectorFromLabelSelector, type LabelSelectorObject } from '../../apimachinery/labels.js';
import type { KObject } from '../../apimachinery/types.js';
import type { AdmissionAttributes } from '../../registry/admission.js';

export interface RuleWithOperations {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: string;
}

/** What the matchers read of a request. */
export interface RequestFacts {
  operation: string;
  group: string;
  version: string;
  resource: string;
  subresource: string;
  namespaced: boolean;
}

export function factsOf(a: AdmissionAttributes): RequestFacts {
  return {
    operation: a.operation,
    group: a.def.group,
    version: a.def.version,
    resource: a.def.plural,
    subresource: a.subresource ?? '',
    namespaced: a.def.namespaced,
  };
}

const has = (list: readonly string[] | undefined, v: string) => (list ?? []).some((x) => x === '*' || x === v);

/** kube's Matcher.Matches: operation, group, version, `resource[/subresource]` with `*` wildcards, and scope. */
export function ruleMatches(rule: RuleWithOperations, f: RequestFacts): boolean {
  if (!has(rule.operations, f.operation) || !has(rule.apiGroups, f.group) || !has(rule.apiVersions, f.version)) return false;
  const scope = rule.scope ?? '*';
  if (scope === 'Cluster' && f.namespaced) return false;
  if (scope === 'Namespaced' && !f.namespaced) return false;
  return (rule.resources ?? []).some((r) => {
    const slash = r.indexOf('/');
    const res = slash < 0 ? r : r.slice(0, slash);
    const sub = slash < 0 ? '' : r.slice(slash + 1);
    return (res === '*' || res === f.resource) && (sub === '*' || sub === f.subresource);
  });
}

export function anyRuleMatches(rules: readonly RuleWithOperations[] | undefined, f: RequestFacts): boolean {
  return (rules ?? []).some((r) => ruleMatches(r, f));
}

/** Selects nothing: what a selector that does not parse selects (it cannot fail another client's write). */
const NOTHING = new LabelSelector([{ key: 'kcpx.io/invalid-selector', op: 'in', values: [] }]);

/** A selector as configured: absent or empty selects everything. */
export function compileSelector(sel: LabelSelectorObject | null | undefined): LabelSelector | undefined {
  if (!sel || (!sel.matchLabels && !sel.matchExpressions)) return undefined;
  let s: LabelSelector;
  try {
    s = selectorFromLabelSelector(sel);
  } catch {
    return NOTHING;
  }
  return s.empty() ? undefined : s;
}

/**
 * kube's objectSelector: the new object's labels or the old one's match (a deletion has only the old one, a
 * creation only the new).
 */
export function objectSelectorMatches(sel: LabelSelector | undefined, a: Pick<AdmissionAttributes, 'object' | 'oldObject'>): boolean {
  if (!sel) return true;
  return [a.object, a.oldObject].some((o) => o !== undefined && sel.matches(o.metadata.labels));
}

/**
 * kube's namespaceSelector: a namespaced request is judged by its namespace's labels, a Namespace by its own, and
 * any other cluster-scoped object always matches.
 */
export function namespaceSelectorMatches(
  sel: LabelSelector | undefined,
  a: Pick<AdmissionAttributes, 'def' | 'namespace' | 'object' | 'oldObject'>,
  namespaceOf: (name: string) => KObject | undefined,
): boolean {
  if (!sel) return true;
  if (a.def.group === '' && a.def.plural === 'namespaces') {
    const ns = a.object ?? a.oldObject;
    return sel.matches(ns?.metadata.labels);
  }
  if (!a.def.namespaced) return true;
  return sel.matches(namespaceOf(a.namespace)?.metadata.labels);
}

/** Kinds whose writes no webhook or policy sees, as kube: configuring admission must never lock itself out. */
const EXEMPT_GROUP = 'admissionregistration.k8s.io';

export function exemptFromAdmission(a: Pick<AdmissionAttributes, 'def'>): boolean {
  return a.def.group === EXEMPT_GROUP;
}
