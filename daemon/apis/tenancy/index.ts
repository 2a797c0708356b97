// tenancy.kcp.io/v1alpha1.
import type { ResourceDef } from '../../registry/types.js';
import { workspaces } from './workspaces.js';
import { workspacetypes } from './workspacetypes.js';

export const TENANCY: readonly ResourceDef[] = [workspaces, workspacetypes];
