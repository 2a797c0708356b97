// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding (kcp's `admission` battery): stored with a
// generation (kcpx does not evaluate policies).
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';

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
  (r) => new BuiltinStrategy(r, { generation: true }),
);
