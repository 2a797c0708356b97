// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy (kcp's `admission` battery): stored with a status
// subresource and a generation; daemon/admission/policy evaluates it and reports status.typeChecking.
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';

export const validatingadmissionpolicies = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingAdmissionPolicy',
    plural: 'validatingadmissionpolicies',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1.ValidatingAdmissionPolicy',
  },
  (r) => new BuiltinStrategy(r, { status: true, generation: true }),
);
