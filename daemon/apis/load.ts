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
  /** Imports the group's modules (once: the module cache keeps them). */
  importer(): Promise<unknown>;
  load(deps: BuiltinDeps): Promise<readonly ResourceDef[]>;
}

function group<M>(
  importer: () => Promise<M>,
  build: (m: M, deps: BuiltinDeps) => readonly ResourceDef[],
  served: Pick<Group, 'battery' | 'kcp'> = {},
): Group {
  return { ...served, importer, load: async (deps) => build(await importer(), deps) };
}

/** In discovery's order (index.ts's). */
const GROUPS: readonly Group[] = [
  group(
    () => import('./core/index.js'),
    (m, d) => m.coreResources(d.serviceAccountTokens),
  ),
  group(
    () => import('./events/index.js'),
    (m) => m.EVENTS,
  ),
  group(
    () => import('./coordination/index.js'),
    (m) => m.COORDINATION,
    { battery: 'leases' },
  ),
  group(
    () => import('./rbac/index.js'),
    (m) => m.RBAC,
    { battery: 'authorization' },
  ),
  group(
    () => import('./admissionregistration/index.js'),
    (m) => m.ADMISSIONREGISTRATION,
    { battery: 'admission' },
  ),
  group(
    () => import('./apiextensions/index.js'),
    (m) => m.APIEXTENSIONS,
    { battery: 'crds' },
  ),
  group(
    () => import('./flowcontrol/index.js'),
    (m) => m.FLOWCONTROL,
    { battery: 'flowcontrol' },
  ),
  group(
    () => import('./certificates/index.js'),
    (m) => m.CERTIFICATES,
    { battery: 'certificates' },
  ),
  group(
    () => import('./apiregistration/index.js'),
    (m) => m.APIREGISTRATION,
    { battery: 'apiservices' },
  ),
  group(
    () => import('./authentication/index.js'),
    (m, d) => m.authenticationResources(d.reviewToken),
    { battery: 'authentication' },
  ),
  group(
    () => import('./authorization/index.js'),
    (m, d) => m.authorizationResources(d.authorizer),
    { battery: 'authorization' },
  ),
  group(
    () => import('./tenancy/index.js'),
    (m) => m.TENANCY,
    { kcp: true },
  ),
  group(
    () => import('./core-kcp/index.js'),
    (m) => m.CORE_KCP,
    { kcp: true },
  ),
  group(
    () => import('./apis-kcp/index.js'),
    (m) => m.APIS_KCP,
    { kcp: true },
  ),
  group(
    () => import('./mounts/index.js'),
    (m) => m.MOUNTS,
    { kcp: true },
  ),
];

const servedGroups = (batteries: ReadonlySet<Battery>, workspaces: boolean) =>
  GROUPS.filter((g) => (!g.battery || batteries.has(g.battery)) && (!g.kcp || workspaces));

/**
 * Imports the served groups' modules without building anything: a start begins it before its certificates, whose
 * key generation leaves the main thread idle.
 */
export async function importBuiltinResources(batteries: ReadonlySet<Battery>, workspaces = true): Promise<void> {
  await Promise.all(servedGroups(batteries, workspaces).map((g) => g.importer()));
}

/** builtinResources(batteries, deps, workspaces), importing only the groups it returns. */
export async function loadBuiltinResources(
  batteries: ReadonlySet<Battery>,
  deps: BuiltinDeps = {},
  workspaces = true,
): Promise<ResourceDef[]> {
  const groups = await Promise.all(servedGroups(batteries, workspaces).map((g) => g.load(deps)));
  return groups.flat().filter((d) => !d.battery || batteries.has(d.battery));
}
