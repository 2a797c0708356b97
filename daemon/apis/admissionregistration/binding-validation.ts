// kube's validation of a ValidatingAdmissionPolicyBinding's spec (k8s.io/kubernetes pkg/apis/admissionregistration/
// validation): the policy it binds, its validation actions, and a paramRef that can find params.
import { fieldErr, GoSyntax } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { goQuote } from '../../apimachinery/gostrings.js';

const ACTIONS = ['Audit', 'Deny', 'Warn'];

interface BindingSpec {
  policyName?: string;
  validationActions?: string[];
  paramRef?: { name?: string; selector?: unknown; parameterNotFoundAction?: string } | null;
}

/** `validating`: a ValidatingAdmissionPolicyBinding, which says what to do with failures (validationActions). */
export function bindingErrors(obj: KObject, validating = true): FieldError[] {
  const spec = (obj['spec'] ?? {}) as BindingSpec;
  const out: FieldError[] = [];
  if (!spec.policyName) out.push(fieldErr.required('spec.policyName'));
  const ref = spec.paramRef;
  if (ref) {
    if (ref.name && ref.selector) {
      out.push(fieldErr.forbidden('spec.paramRef.name', 'name and selector are mutually exclusive'));
      out.push(fieldErr.forbidden('spec.paramRef.selector', 'name and selector are mutually exclusive'));
    }
    if (!ref.name && !ref.selector) out.push(fieldErr.required('spec.paramRef', 'one of name or selector must be specified'));
    if (ref.parameterNotFoundAction === undefined) out.push(fieldErr.required('spec.paramRef.parameterNotFoundAction'));
    else if (!['Allow', 'Deny'].includes(ref.parameterNotFoundAction)) {
      out.push(fieldErr.notSupported('spec.paramRef.parameterNotFoundAction', ref.parameterNotFoundAction, ['Allow', 'Deny']));
    }
  }
  if (!validating) return out;
  const actions = spec.validationActions ?? [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!ACTIONS.includes(a)) out.push(fieldErr.notSupported(`spec.validationActions[${i}]`, a, ACTIONS));
    if (seen.has(a)) out.push(fieldErr.duplicate(`spec.validationActions[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    out.push(
      fieldErr.invalid(
        'spec.validationActions',
        new GoSyntax(`[]admissionregistration.ValidationAction{${actions.map(goQuote).join(', ')}}`),
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  }
  if (seen.size === 0) out.push(fieldErr.required('spec.validationActions', 'at least one validation action is required'));
  return out;
}
