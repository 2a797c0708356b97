// Admission that acts, per logical cluster: MutatingAdmissionPolicies then mutating webhooks in the mutating phase; ValidatingAdmissionPolicies,
// validating webhooks and ResourceQuota in the validating phase, in kube's order. Registered after the built-in
// plugins (tenancy, RBAC escalation), as kube's webhooks and quota come after its in-tree plugins.
import type { Authorize } from './cel/authorizer.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import { AdmissionConfigurations } from './config/configurations.js';
import { MutatingAdmissionPolicies } from './mutating-policy/plugin.js';
import { validatingAdmissionPolicies } from './policy/controller.js';
import { resourceQuotas } from './quota/controller.js';
import type { WebhookClient } from '../support/webhook-client.js';
import { MutatingWebhooks, ValidatingWebhooks, WebhookDispatcher } from './webhooks/webhooks.js';

/**
 * `client` calls the webhooks (shared with CRD conversion webhooks, for their connections; closed on stop);
 * `authorize` is the workspaces' authorizer, which policies' `authorizer` asks.
 */
export function admissionPlugins(registry: Registry, controllers: ControllerManager, client: WebhookClient, authorize: Authorize): void {
  const configs = new AdmissionConfigurations(registry.store);
  controllers.addRunnable({ start: () => configs.scan(), stop: () => client.close() });
  controllers.onWrite((ev) => configs.onWrite(ev));
  const webhooks = new WebhookDispatcher(configs, registry.store, client);
  registry.admission.register(new MutatingAdmissionPolicies(configs, registry.store, registry.catalogs, authorize));
  registry.admission.register(new MutatingWebhooks(webhooks));
  validatingAdmissionPolicies(controllers, registry, configs, authorize);
  registry.admission.register(new ValidatingWebhooks(webhooks));
  resourceQuotas(controllers, registry.admission, registry.store);
}
