// rbac.authorization.k8s.io/v1 validation (kube's ValidateRole, ValidateClusterRole, ValidateRoleBinding and their
// updates).
import { labelSelectorErrors } from '../../apimachinery/selector-validation.js';
import { goQuote } from '../../apimachinery/gostrings.js';
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';

export function rulesErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  ((o['rules'] as Array<Record<string, unknown>>) ?? []).forEach((r, i) => {
    if (!Array.isArray(r['verbs']) || r['verbs'].length === 0)
      errs.push(fieldErr.required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    const nonResource = Array.isArray(r['nonResourceURLs']) && r['nonResourceURLs'].length > 0;
    if (!nonResource && (!Array.isArray(r['apiGroups']) || r['apiGroups'].length === 0)) {
      errs.push(fieldErr.required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group'));
    }
  });
  return errs;
}

/** kube's ValidateClusterRole for the aggregationRule: selectors required and valid (the aggregation controller reads them). */
export function clusterRoleErrors(o: KObject): FieldError[] {
  const errs = rulesErrors(o);
  const agg = o['aggregationRule'];
  if (agg === undefined || agg === null) return errs;
  const selectors = (agg as { clusterRoleSelectors?: unknown }).clusterRoleSelectors;
  if (!Array.isArray(selectors) || selectors.length === 0) {
    errs.push(
      fieldErr.required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'),
    );
  } else selectors.forEach((sel, i) => errs.push(...labelSelectorErrors(sel, `aggregationRule.clusterRoleSelectors[${i}]`)));
  return errs;
}

export function bindingErrors(o: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const ref = o['roleRef'] as Record<string, unknown> | undefined;
  if (!ref?.['name']) errs.push(fieldErr.required('roleRef.name', ''));
  if (ref && ref['kind'] !== 'Role' && ref['kind'] !== 'ClusterRole')
    errs.push(fieldErr.notSupported('roleRef.kind', ref['kind'], ['Role', 'ClusterRole']));
  ((o['subjects'] as Array<Record<string, unknown>>) ?? []).forEach((s, i) => {
    if (!s['name']) errs.push(fieldErr.required(`subjects[${i}].name`, ''));
    if (!['User', 'Group', 'ServiceAccount'].includes(String(s['kind'])))
      errs.push(fieldErr.notSupported(`subjects[${i}].kind`, s['kind'], ['ServiceAccount', 'User', 'Group']));
  });
  return errs;
}

/** A binding's roleRef never changes (ValidateRoleBindingUpdate); the error prints the new one as Go's %#v. */
export function bindingUpdateErrors(o: KObject, old: KObject): FieldError[] {
  const errs = bindingErrors(o);
  const ref = (x: KObject) => (x['roleRef'] && typeof x['roleRef'] === 'object' ? x['roleRef'] : {}) as Record<string, unknown>;
  const now = ref(o);
  const before = ref(old);
  const field = (r: Record<string, unknown>, k: string) => (typeof r[k] === 'string' ? r[k] : '');
  if (['apiGroup', 'kind', 'name'].some((k) => field(now, k) !== field(before, k))) {
    const shown = `rbac.RoleRef{APIGroup:${goQuote(field(now, 'apiGroup'))}, Kind:${goQuote(field(now, 'kind'))}, Name:${goQuote(field(now, 'name'))}}`;
    errs.push(fieldErr.invalid('roleRef', new GoSyntax(shown), 'cannot change roleRef'));
  }
  return errs;
}
