// mounts.contrib.kcp.io/v1alpha1.
import type { ResourceDef } from '../../registry/types.js';
import { kubeclusters } from './kubeclusters.js';

export const MOUNTS: readonly ResourceDef[] = [kubeclusters];
