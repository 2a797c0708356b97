// coordination.k8s.io/v1 (kcp's `leases` battery).
import type { ResourceDef } from '../../registry/types.js';
import { leases } from './leases.js';

export const COORDINATION: readonly ResourceDef[] = [leases];
