// certificates.k8s.io/v1 (the `certificates` battery): CertificateSigningRequests. The signers are a controller
// (daemon/controllers/csrsigning), who may approve and sign is admission (admission.ts).
import type { ResourceDef } from '../../registry/types.js';
import { certificateSigningRequests } from './certificatesigningrequests.js';

export const CERTIFICATES: readonly ResourceDef[] = [certificateSigningRequests];
