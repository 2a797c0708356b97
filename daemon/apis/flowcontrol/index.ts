// flowcontrol.apiserver.k8s.io/v1 (kcp's `flowcontrol` battery).
import type { ResourceDef } from '../../registry/types.js';
import { flowschemas } from './flowschemas.js';
import { prioritylevelconfigurations } from './prioritylevelconfigurations.js';

export const FLOWCONTROL: readonly ResourceDef[] = [flowschemas, prioritylevelconfigurations];
