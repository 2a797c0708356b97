// events.k8s.io/v1.
import type { ResourceDef } from '../../registry/types.js';
import { events } from './events.js';

export const EVENTS: readonly ResourceDef[] = [events];
