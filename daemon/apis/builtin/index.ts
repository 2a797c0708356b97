// The built-in API set, gated by kcp's generic-control-plane batteries.
import type { Battery, ResourceDef } from '../../registry/types.js';
import { CORE } from './core.js';
import { FLOWCONTROL } from './flowcontrol.js';
import { GROUPS } from './groups.js';
import { KCP } from './kcp.js';
import { REVIEWS } from './reviews.js';

export { setAuthorizer, setTokenReviewer, type Authorizer, type AccessAttributes, type AccessDecision, type RulesAnswer, type TokenReviewer } from './reviews.js';

const ALL: ResourceDef[] = [...CORE, ...GROUPS, ...FLOWCONTROL, ...REVIEWS, ...KCP];

export function builtinResources(batteries: ReadonlySet<Battery>): ResourceDef[] {
  return ALL.filter((d) => !d.battery || batteries.has(d.battery));
}
