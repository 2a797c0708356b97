// admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicyBinding (kcp's `admission` battery; served always, as
// its policy is): stored with a generation, validated as kube validates it; daemon/admission/mutating-policy evaluates it.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { bindingErrors } from './binding-validation.js';

class MutatingAdmissionPolicyBindingStrategy extends BuiltinStrategy {
  override validate(obj: KObject): FieldError[] {
    return bindingErrors(obj, false);
  }
  override validateUpdate(obj: KObject): FieldError[] {
    return bindingErrors(obj, false);
  }
}

export const mutatingadmissionpolicybindings = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1beta1',
    kind: 'MutatingAdmissionPolicyBinding',
    plural: 'mutatingadmissionpolicybindings',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1beta1.MutatingAdmissionPolicyBinding',
  },
  (r) => new MutatingAdmissionPolicyBindingStrategy(r, { generation: true }),
);
