// apiregistration.k8s.io/v1 (the `apiservices` battery): APIServices. Local ones are kept by
// daemon/aggregator/local.ts, aggregated ones are proxied by daemon/aggregator/.
import type { ResourceDef } from '../../registry/types.js';
import { apiServices } from './apiservices.js';

export const APIREGISTRATION: readonly ResourceDef[] = [apiServices];
