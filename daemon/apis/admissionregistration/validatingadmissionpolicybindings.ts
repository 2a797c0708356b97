// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding (kcp's `admission` battery): stored with a
// generation, validated as kube validates it; daemon/admission/policy evaluates it.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { bindingErrors } from './binding-validation.js';

class ValidatingAdmissionPolicyBindingStrategy extends BuiltinStrategy {
  override validate(obj: KObject): FieldError[] {
    return bindingErrors(obj);
  }

  override validateUpdate(obj: KObject): FieldError[] {
    return bindingErrors(obj);
  }
}

export const validatingadmissionpolicybindings = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    plural: 'validatingadmissionpolicybindings',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicyBinding',
  },
  (r) => new ValidatingAdmissionPolicyBindingStrategy(r, { generation: true }),
);
