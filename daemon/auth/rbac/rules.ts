// PolicyRule shape and matching, with kube's exact semantics (k8s.io/kubernetes pkg/apis/rbac/v1 helpers and
// plugin/pkg/auth/authorizer/rbac RuleAllows): the authorizer's answers must agree with a real apiserver's for the
// same objects, or `kubectl auth can-i` and real clients would see different worlds.
import type { AuthorizationAttributes } from './attributes.js';

/** rbac.authorization.k8s.io/v1 PolicyRule, normalised: absent lists are empty. */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export const ALL = '*';

/** Reads a stored rule leniently: validation happened on write, so odd shapes only lose the odd parts. */
export function toPolicyRule(raw: unknown): PolicyRule {
  const r = (raw ?? {}) as Record<string, unknown>;
  return {
    verbs: strings(r['verbs']),
    apiGroups: strings(r['apiGroups']),
    resources: strings(r['resources']),
    resourceNames: strings(r['resourceNames']),
    nonResourceURLs: strings(r['nonResourceURLs']),
  };
}

export function toPolicyRules(raw: unknown): PolicyRule[] {
  return Array.isArray(raw) ? raw.map(toPolicyRule) : [];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** Shorthand for the built-in policy tables. */
export function rule(verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[] = []): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs: [] };
}

export function urlRule(verbs: string[], nonResourceURLs: string[]): PolicyRule {
  return { verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs };
}

export function verbMatches(r: PolicyRule, verb: string): boolean {
  for (const v of r.verbs) if (v === ALL || v === verb) return true;
  return false;
}

export function apiGroupMatches(r: PolicyRule, group: string): boolean {
  for (const g of r.apiGroups) if (g === ALL || g === group) return true;
  return false;
}

// `combined` is `resource` or `resource/subresource`. A rule resource matches when it is `*`, equal to the combined
// name, or `*/<subresource>` for the requested subresource. `*` does cover subresources; `pods` does not cover `pods/log`.
export function resourceMatches(r: PolicyRule, combined: string, subresource: string): boolean {
  for (const res of r.resources) {
    if (res === ALL || res === combined) return true;
    if (subresource && res.length === subresource.length + 2 && res.startsWith('*/') && res.endsWith(subresource)) return true;
  }
  return false;
}

/** An empty resourceNames list means every name; otherwise the request must name one of them (so never for list/create). */
export function resourceNameMatches(r: PolicyRule, name: string): boolean {
  if (r.resourceNames.length === 0) return true;
  return r.resourceNames.includes(name);
}

/** `*` matches every path; a trailing `*` (one or more) is a prefix match; anything else is exact. */
export function nonResourceURLMatches(r: PolicyRule, path: string): boolean {
  for (const u of r.nonResourceURLs) {
    if (u === ALL || u === path) return true;
    if (u.endsWith('*') && path.startsWith(u.replace(/\*+$/, ''))) return true;
  }
  return false;
}

type RuleAttributes = Pick<AuthorizationAttributes, 'verb' | 'resourceRequest' | 'apiGroup' | 'resource' | 'subresource' | 'name' | 'path'>;

export function ruleAllows(attrs: RuleAttributes, r: PolicyRule): boolean {
  if (attrs.resourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return (
      verbMatches(r, attrs.verb) &&
      apiGroupMatches(r, attrs.apiGroup) &&
      resourceMatches(r, combined, attrs.subresource) &&
      resourceNameMatches(r, attrs.name)
    );
  }
  return verbMatches(r, attrs.verb) && nonResourceURLMatches(r, attrs.path);
}

/** Deep equality of two rules, list order included (the aggregation controller dedupes with semantic DeepEqual). */
export function sameRule(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
