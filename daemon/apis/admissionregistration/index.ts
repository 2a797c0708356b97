// admissionregistration.k8s.io/v1 and v1beta1 (kcp's `admission` battery).
import type { ResourceDef } from '../../registry/types.js';
import { mutatingadmissionpolicies } from './mutatingadmissionpolicies.js';
import { mutatingadmissionpolicybindings } from './mutatingadmissionpolicybindings.js';
import { mutatingwebhookconfigurations } from './mutatingwebhookconfigurations.js';
import { validatingadmissionpolicies } from './validatingadmissionpolicies.js';
import { validatingadmissionpolicybindings } from './validatingadmissionpolicybindings.js';
import { validatingwebhookconfigurations } from './validatingwebhookconfigurations.js';

export const ADMISSIONREGISTRATION: readonly ResourceDef[] = [
  validatingwebhookconfigurations,
  mutatingwebhookconfigurations,
  validatingadmissionpolicies,
  validatingadmissionpolicybindings,
  mutatingadmissionpolicies,
  mutatingadmissionpolicybindings,
];
