// admissionregistration.k8s.io/v1 MutatingWebhookConfiguration (kcp's `admission` battery): stored as written
// and validated as kube validates it; daemon/admission calls its webhooks.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { webhookConfigurationErrors } from './webhook-validation.js';

class MutatingWebhookConfigurationStrategy extends BuiltinStrategy {
  override validate(obj: KObject): FieldError[] {
    return webhookConfigurationErrors(obj, true);
  }

  override validateUpdate(obj: KObject): FieldError[] {
    return webhookConfigurationErrors(obj, true);
  }
}

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
  (r) => new MutatingWebhookConfigurationStrategy(r),
);
