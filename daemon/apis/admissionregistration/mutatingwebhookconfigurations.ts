// admissionregistration.k8s.io/v1 MutatingWebhookConfiguration (kcp's `admission` battery): stored as written
// (kcpx calls no webhooks).
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';

export const mutatingwebhookconfigurations = define(
  {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    kind: 'MutatingWebhookConfiguration',
    plural: 'mutatingwebhookconfigurations',
    namespaced: false,
    categories: ['api-extensions'],
    battery: 'admission',
    schemaName: 'io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration',
  },
  (r) => new BuiltinStrategy(r),
);
