// admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration (kcp's `admission` battery): stored as written
// and validated as kube validates it; daemon/admission calls its webhooks.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { webhookConfigurationErrors } from './webhook-validation.js';

class ValidatingWebhookConfigurationStrategy extends BuiltinStrategy {
  override validate(obj: KObject): FieldError[] {
    return webhookConfigurationErrors(obj, false);
  }

  override validateUpdate(obj: KObject): FieldError[] {
    return webhookConfigurationErrors(obj, false);
  }
}

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
  (r) => new ValidatingWebhookConfigurationStrategy(r),
);
