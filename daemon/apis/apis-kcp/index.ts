// apis.kcp.io: APIs as a service. v1alpha2 is listed before v1alpha1 where both are served: discovery prefers it.
import type { ResourceDef } from '../../registry/types.js';
import { apibindingsV1alpha1, apibindingsV1alpha2 } from './apibindings.js';
import { apiexportendpointslices } from './apiexportendpointslices.js';
import { apiexportsV1alpha1, apiexportsV1alpha2 } from './apiexports.js';
import { apiresourceschemas } from './apiresourceschemas.js';

export const APIS_KCP: readonly ResourceDef[] = [
  apiexportsV1alpha2,
  apibindingsV1alpha2,
  apiresourceschemas,
  apiexportsV1alpha1,
  apibindingsV1alpha1,
  apiexportendpointslices,
];
