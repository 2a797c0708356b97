// admissionregistration.k8s.io/v1 (kcp's `admission` battery).
import type { ResourceDef } from '../../registry/types.js';
import { mutatingwebhookconfigurations } from './mutatingwebhookconfigurations.js';
import { validatingadmissionpolicies } from './validatingadmissionpolicies.js';
import { validatingadmissionpolicybindings } from './validatingadmissionpolicybindings.js';
import { validatingwebhookconfigurations } from './validatingwebhookconfigurations.js';

export const ADMISSIONREGISTRATION: readonly ResourceDef[] = [
  validatingwebhookconfigurations,
  mutatingwebhookconfigurations,
  validatingadmissionpolicies,
  validatingadmissionpolicybindings,
];
