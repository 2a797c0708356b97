// core/v1: the generic control plane's legacy group (kcp serves no pods, services or nodes).
import type { ServiceAccountTokens } from '../../auth/service-account-tokens.js';
import type { ResourceDef } from '../../registry/types.js';
import { configmaps } from './configmaps.js';
import { coreEvents } from './events.js';
import { namespaces } from './namespaces.js';
import { resourcequotas } from './resourcequotas.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './serviceaccounts.js';

export function coreResources(tokens?: ServiceAccountTokens): ResourceDef[] {
  return [namespaces, configmaps, secrets, serviceAccounts(tokens), coreEvents, resourcequotas];
}
