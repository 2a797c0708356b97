// metav1.LabelSelector validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabelSelector): the
// field errors kube reports for a selector stored in an object (a ClusterRole's aggregationRule, …).
import { fieldErr } from './status.js';
import type { FieldError } from './types.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';
import { scalarText } from './scalar-text.js';

export function labelSelectorErrors(selector: unknown, path: string): FieldError[] {
  if (selector === null || selector === undefined || typeof selector !== 'object') return [];
  const sel = selector as { matchLabels?: unknown; matchExpressions?: unknown };
  const errs: FieldError[] = [];
  const labels = sel.matchLabels && typeof sel.matchLabels === 'object' ? (sel.matchLabels as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(fieldErr.invalid(`${path}.matchLabels`, k, msg));
    for (const msg of isValidLabelValue(String(v))) errs.push(fieldErr.invalid(`${path}.matchLabels`, v, msg));
  }
  const exprs = Array.isArray(sel.matchExpressions) ? (sel.matchExpressions as Array<Record<string, unknown>>) : [];
  exprs.forEach((e, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const values = Array.isArray(e['values']) ? (e['values'] as unknown[]) : [];
    switch (e['operator']) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(fieldErr.required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(fieldErr.forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(fieldErr.invalid(`${at}.operator`, e['operator'], 'not a valid selector operator'));
    }
    for (const msg of isQualifiedName(scalarText(e['key']))) errs.push(fieldErr.invalid(`${at}.key`, e['key'], msg));
    values.forEach((v, j) => {
      for (const msg of isValidLabelValue(String(v))) errs.push(fieldErr.invalid(`${at}.values[${j}]`, v, msg));
    });
  });
  return errs;
}
