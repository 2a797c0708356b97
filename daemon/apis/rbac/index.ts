// rbac.authorization.k8s.io/v1 (kcp's `authorization` battery).
import type { ResourceDef } from '../../registry/types.js';
import { clusterrolebindings } from './clusterrolebindings.js';
import { clusterroles } from './clusterroles.js';
import { rolebindings } from './rolebindings.js';
import { roles } from './roles.js';

export const RBAC: readonly ResourceDef[] = [roles, clusterroles, rolebindings, clusterrolebindings];
