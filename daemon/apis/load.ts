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

interface GroupSpec<M> extends Pick<Group, 'battery' | 'kcp'> {
  importer: () => Promise<M>;
  build: (m: M, deps: BuiltinDeps) => readonly ResourceDef[];
}

function group<M>({ importer, build, ...served }: GroupSpec<M>): Group {
  return { ...served, importer, load: async (deps) => build(await importer(), deps) };
}

/** In discovery's order (index.ts's). */
const GROUPS: readonly Group[] = [
  group({ importer: () => import('./core/index.js'), build: (m, d) => m.coreResources(d.serviceAccountTokens) }),
  group({ importer: () => import('./events/index.js'), build: (m) => m.EVENTS }),
  group({ battery: 'leases', importer: () => import('./coordination/index.js'), build: (m) => m.COORDINATION }),
  group({ battery: 'authorization', importer: () => import('./rbac/index.js'), build: (m) => m.RBAC }),
  group({ battery: 'admission', importer: () => import('./admissionregistration/index.js'), build: (m) => m.ADMISSIONREGISTRATION }),
  group({ battery: 'crds', importer: () => import('./apiextensions/index.js'), build: (m) => m.APIEXTENSIONS }),
  group({ battery: 'flowcontrol', importer: () => import('./flowcontrol/index.js'), build: (m) => m.FLOWCONTROL }),
  group({ battery: 'certificates', importer: () => import('./certificates/index.js'), build: (m) => m.CERTIFICATES }),
  group({ battery: 'apiservices', importer: () => import('./apiregistration/index.js'), build: (m) => m.APIREGISTRATION }),
  group({
    battery: 'authentication',
    importer: () => import('./authentication/index.js'),
    build: (m, d) => m.authenticationResources(d.reviewToken),
  }),
  group({
    battery: 'authorization',
    importer: () => import('./authorization/index.js'),
    build: (m, d) => m.authorizationResources(d.authorizer),
  }),
  group({ kcp: true, importer: () => import('./tenancy/index.js'), build: (m) => m.TENANCY }),
  group({ kcp: true, importer: () => import('./core-kcp/index.js'), build: (m) => m.CORE_KCP }),
  group({ kcp: true, importer: () => import('./apis-kcp/index.js'), build: (m) => m.APIS_KCP }),
  group({ kcp: true, importer: () => import('./mounts/index.js'), build: (m) => m.MOUNTS }),
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
