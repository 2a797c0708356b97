// apiextensions.k8s.io/v1 (kcp's `crds` battery): the CRD kind itself. The resources CRDs serve are built per
// logical cluster by daemon/apiextensions.
import type { ResourceDef } from '../../registry/types.js';
import { customresourcedefinitions } from './customresourcedefinitions.js';

export const APIEXTENSIONS: readonly ResourceDef[] = [customresourcedefinitions];
