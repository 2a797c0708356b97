// core.kcp.io/v1alpha1.
import type { ResourceDef } from '../../registry/types.js';
import { logicalclusters } from './logicalclusters.js';
import { shards } from './shards.js';

export const CORE_KCP: readonly ResourceDef[] = [logicalclusters, shards];
