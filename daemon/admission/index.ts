// Admission that acts, per logical cluster: mutating webhooks in the mutating phase; ValidatingAdmissionPolicies,
// validating webhooks and ResourceQuota in the validating phase, in kube's order. Registered after the built-in
// plugins (tenancy, RBAC escalation), as kube's webhooks and quota come after its in-tree plugins.
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import { resourceQuotas } from './quota/controller.js';

export function admissionPlugins(registry: Registry, controllers: ControllerManager): void {
  resourceQuotas(controllers, registry.admission, registry.store);
}
