// The `certificates` battery's machinery beside its API: the signers, and the admission that decides who may
// approve and sign (through RBAC on `signers`; without the authorization battery, anyone authenticated).
import { certificateAdmission } from '../../apis/certificates/admission.js';
import type { CA } from '../../auth/pki.js';
import { reviewAuthorizer, type KcpAuthorizer } from '../../auth/rbac/index.js';
import type { Registry } from '../../registry/registry.js';
import type { ControllerManager } from '../runtime/manager.js';
import { csrSigningController } from './controller.js';

export function certificates(manager: ControllerManager, registry: Registry, ca: CA, authz: KcpAuthorizer | undefined): void {
  const review = authz && reviewAuthorizer(authz);
  registry.admission.register(certificateAdmission((attrs) => (review ? review.authorize(attrs) : { allowed: true })));
  csrSigningController(manager, registry, ca);
}
