// What a control plane imports beyond its core, decided by its mode and batteries at start: workspaces, mounts and
// APIs as a service in kcp mode; RBAC with `authorization`; webhooks and policies with `admission`; the CRD
// machinery with `crds`; signers with `certificates`; aggregation with `apiservices`. Loading a module costs a cold
// start about a millisecond, and a generic control plane without batteries needs a third of them (issue 17;
// test/architecture/optional-modules.test.ts checks it stays so).
import type { Battery } from '../registry/types.js';
import { lazyImport } from '../support/lazy-import.js';

const kcp = lazyImport(async () => {
  const [tenancy, lifecycle, mounts, mountAccess, apiexports] = await Promise.all([
    import('../tenancy/tenancy.js'),
    import('../tenancy/lifecycle-virtual-workspace.js'),
    import('../mounts/mounts.js'),
    import('../mounts/mount-access.js'),
    import('../apiexports/index.js'),
  ]);
  return {
    Tenancy: tenancy.Tenancy,
    lifecycleVirtualWorkspaces: lifecycle.lifecycleVirtualWorkspaces,
    Mounts: mounts.Mounts,
    authorizeMountAccess: mountAccess.authorizeMountAccess,
    ApisService: apiexports.ApisService,
    BoundResources: apiexports.BoundResources,
  };
});

const rbac = lazyImport(async () => {
  const [rbacIndex, aggregation] = await Promise.all([
    import('../auth/rbac/index.js'),
    import('../controllers/clusterroleaggregation/controller.js'),
  ]);
  return { ...rbacIndex, clusterRoleAggregationController: aggregation.clusterRoleAggregationController };
});

const admission = lazyImport(async () => (await import('../admission/index.js')).admissionPlugins);

const quota = lazyImport(async () => (await import('../admission/quota/controller.js')).resourceQuotas);

const crds = lazyImport(async () => {
  const [resources, controller, load] = await Promise.all([
    import('../apiextensions/custom-resources.js'),
    import('../apiextensions/controller.js'),
    import('../apiextensions/load.js'),
  ]);
  return {
    CustomResources: resources.CustomResources,
    crdControllers: controller.crdControllers,
    crdDeps: controller.crdDeps,
    loadCrdValidator: load.loadCrdValidator,
  };
});

const flowcontrol = lazyImport(async () => (await import('../apis/flowcontrol/controller.js')).flowControlController);

const certificates = lazyImport(async () => (await import('../controllers/csrsigning/certificates.js')).certificates);

const apiservices = lazyImport(async () => {
  const [controller, handler] = await Promise.all([import('../aggregator/controller.js'), import('../aggregator/aggregating-handler.js')]);
  return { apiServicesControllers: controller.apiServicesControllers, AggregatingHandler: handler.AggregatingHandler };
});

type Loaded<L> = L extends { load(): Promise<infer M> } ? M : never;

/** Each feature's modules, present when the mode or a battery serves it. */
export interface OptionalModules {
  kcp?: Loaded<typeof kcp>;
  rbac?: Loaded<typeof rbac>;
  /** Webhooks and ValidatingAdmissionPolicies, with ResourceQuota. */
  admission?: Loaded<typeof admission>;
  /** ResourceQuota admission alone: quotas are served by every control plane, kube's plugin runs without webhooks. */
  quota: Loaded<typeof quota>;
  crds?: Loaded<typeof crds>;
  /** kube's bootstrap FlowSchemas and PriorityLevelConfigurations, kept in every logical cluster. */
  flowcontrol?: Loaded<typeof flowcontrol>;
  certificates?: Loaded<typeof certificates>;
  apiservices?: Loaded<typeof apiservices>;
}

export async function loadOptionalModules(workspaces: boolean, batteries: ReadonlySet<Battery>): Promise<OptionalModules> {
  const when = <M>(on: boolean, m: { load(): Promise<M> }): Promise<M | undefined> => (on ? m.load() : Promise.resolve(undefined));
  const [k, r, a, q, c, f, cs, as] = await Promise.all([
    when(workspaces, kcp),
    when(batteries.has('authorization'), rbac),
    when(batteries.has('admission'), admission),
    quota.load(),
    when(batteries.has('crds'), crds),
    when(batteries.has('flowcontrol'), flowcontrol),
    when(batteries.has('certificates'), certificates),
    when(batteries.has('apiservices'), apiservices),
  ]);
  return {
    quota: q,
    ...(k && { kcp: k }),
    ...(r && { rbac: r }),
    ...(a && { admission: a }),
    ...(c && { crds: c }),
    ...(f && { flowcontrol: f }),
    ...(cs && { certificates: cs }),
    ...(as && { apiservices: as }),
  };
}
