// The built-in API groups as the daemon loads them: only the groups its batteries and mode serve are imported, so a
// generic control plane without batteries does not pay at start for the modules of RBAC, CRDs, certificates or kcp's
// own kinds (issue 17's cold start). index.ts's builtinResources() is the same list, loaded eagerly, for tests and
// tools that want every group at hand; load.test.ts keeps the two equal.
import type { Battery, ResourceDef } from '../registry/types.js';
import type { BuiltinDeps } from './index.js';

interface Group {
  /** The battery serving the group; undefined for the groups every control plane has. */
  battery?: Battery;
  /** kcp's own kinds, served only with workspaces. */
  kcp?: true;
  load(deps: BuiltinDeps): Promise<readonly ResourceDef[]>;
}

/** In discovery's order (index.ts's). */
const GROUPS: readonly Group[] = [
  { load: async (d) => (await import('./core/index.js')).coreResources(d.serviceAccountTokens) },
  { load: async () => (await import('./events/index.js')).EVENTS },
  { battery: 'leases', load: async () => (await import('./coordination/index.js')).COORDINATION },
  { battery: 'authorization', load: async () => (await import('./rbac/index.js')).RBAC },
  { battery: 'admission', load: async () => (await import('./admissionregistration/index.js')).ADMISSIONREGISTRATION },
  { battery: 'crds', load: async () => (await import('./apiextensions/index.js')).APIEXTENSIONS },
  { battery: 'flowcontrol', load: async () => (await import('./flowcontrol/index.js')).FLOWCONTROL },
  { battery: 'certificates', load: async () => (await import('./certificates/index.js')).CERTIFICATES },
  { battery: 'apiservices', load: async () => (await import('./apiregistration/index.js')).APIREGISTRATION },
  { battery: 'authentication', load: async (d) => (await import('./authentication/index.js')).authenticationResources(d.reviewToken) },
  { battery: 'authorization', load: async (d) => (await import('./authorization/index.js')).authorizationResources(d.authorizer) },
  { kcp: true, load: async () => (await import('./tenancy/index.js')).TENANCY },
  { kcp: true, load: async () => (await import('./core-kcp/index.js')).CORE_KCP },
  { kcp: true, load: async () => (await import('./apis-kcp/index.js')).APIS_KCP },
  { kcp: true, load: async () => (await import('./mounts/index.js')).MOUNTS },
];

/** builtinResources(batteries, deps, workspaces), importing only the groups it returns. */
export async function loadBuiltinResources(
  batteries: ReadonlySet<Battery>,
  deps: BuiltinDeps = {},
  workspaces = true,
): Promise<ResourceDef[]> {
  const served = GROUPS.filter((g) => (!g.battery || batteries.has(g.battery)) && (!g.kcp || workspaces));
  const groups = await Promise.all(served.map((g) => g.load(deps)));
  return groups.flat().filter((d) => !d.battery || batteries.has(d.battery));
}
