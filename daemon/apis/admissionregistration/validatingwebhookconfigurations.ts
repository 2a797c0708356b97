// admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration (kcp's `admission` battery): stored as written
// (kcpx calls no webhooks).
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';

export const validatingwebhookconfigurations = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'ValidatingWebhookConfiguration',
    plural: 'validatingwebhookconfigurations',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration',
  },
  (r) => new BuiltinStrategy(r),
);
