// APIs as a service (kcp's apis.kcp.io): what the shard needs besides the kinds themselves (daemon/apis/apis-kcp) —
// the resources bindings serve in each workspace's catalog, the admission of schemas and bindings, the controllers,
// and the APIExport virtual workspace. control-plane.ts builds one per daemon.
import type { ServerResponse } from 'node:http';
import { resourceAttributes, type AuthorizationAttributes } from '../auth/rbac/index.js';
import type { Decision } from '../auth/rbac/authorizer.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { OpenAPIService } from '../endpoints/openapi.js';
import type { Answer } from '../endpoints/respond.js';
import type { Registry } from '../registry/registry.js';
import {
  apiBindingAdmission,
  apiExportAdmission,
  apiResourceSchemaAdmission,
  claimLabelAdmission,
  crdNoOverlappingBindingAdmission,
  terminatingBindingAdmission,
} from './admission.js';
import type { BoundResources } from './bound-resources.js';

export { BoundResources } from './bound-resources.js';
import { apisControllers, storeDeps } from './controller.js';
import { ClaimLabeler } from './claim-labels.js';
import { MaximalPermissionPolicies } from './maximal-permission-policy.js';
import { API_EXPORTS } from '../apis/apis-kcp/names.js';
import { APIEXPORT_VW_PREFIX, APIExportVirtualWorkspace, type VirtualRequest } from './virtual-workspace.js';

export interface ApisServiceDeps {
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  /** The exports a workspace type (`path:name`) binds by default. */
  defaultAPIBindings(type: string): Array<{ path?: string; export: string }>;
  /** The authorizer of the shard (RBAC of each logical cluster, kcp's chain). */
  authorize(attrs: AuthorizationAttributes): Decision;
  /** The authorizer's deep check (kcp's deep SubjectAccessReview), for `bind`. */
  authorizeDeep(attrs: AuthorizationAttributes): Decision;
  /** The shard's external URL (`https://host:port`). */
  externalURL(): string;
  openapi: OpenAPIService;
}

export class ApisService {
  private readonly virtual: APIExportVirtualWorkspace;
  /** Which export's local maximal permission policy governs a request (for the authorizer). */
  readonly maximalPermissionPolicy: MaximalPermissionPolicies;

  /** `bound` is what the catalogs serve from bindings (built before the registry, whose catalogs read it). */
  constructor(registry: Registry, controllers: ControllerManager, bound: BoundResources, deps: ApisServiceDeps) {
    const labeler = new ClaimLabeler();
    const reconcilerDeps = storeDeps(
      registry,
      {
        resolveCluster: (p) => deps.resolveCluster(p),
        defaultAPIBindings: (t) => deps.defaultAPIBindings(t),
        virtualWorkspaceBase: () => deps.externalURL(),
      },
      labeler,
    );
    registry.admission.register(claimLabelAdmission(labeler));
    registry.admission.register(apiResourceSchemaAdmission());
    registry.admission.register(apiExportAdmission());
    registry.admission.register(terminatingBindingAdmission((def) => bound.isTerminating(def)));
    registry.admission.register(crdNoOverlappingBindingAdmission({ listBindings: (c) => reconcilerDeps.listBindings(c) }));
    registry.admission.register(
      apiBindingAdmission({
        resolveCluster: (p) => deps.resolveCluster(p),
        exportExists: (c, n) => reconcilerDeps.exportExists(c, n),
        mayBind: (c, user, name) =>
          deps.authorizeDeep(resourceAttributes(c, user, { verb: 'bind', group: 'apis.kcp.io', resource: 'apiexports', name })).allowed,
      }),
    );
    apisControllers(controllers, registry, reconcilerDeps, labeler);
    const policies = (this.maximalPermissionPolicy = new MaximalPermissionPolicies(registry.store, registry.catalogs));
    controllers.informers
      .for(API_EXPORTS)
      .addHandler((ev) =>
        ev.type === 'DELETED'
          ? policies.onExport(ev.cluster, ev.name, undefined, ev.object)
          : policies.onExport(ev.cluster, ev.name, ev.object, ev.type === 'MODIFIED' ? ev.prev : undefined),
      );
    this.virtual = new APIExportVirtualWorkspace({
      registry,
      bound,
      openapi: deps.openapi,
      externalAddress: () => deps.externalURL().replace(/^https:\/\//, ''),
      authorize: (attrs) => deps.authorize(attrs),
      authorizeDeep: (attrs) => deps.authorizeDeep(attrs),
    });
  }

  /** Whether a path is one of the virtual workspaces this serves. */
  serves(path: string): boolean {
    return path.startsWith(APIEXPORT_VW_PREFIX);
  }

  serveVirtual(req: VirtualRequest, res: ServerResponse): Promise<Answer | undefined> {
    return this.virtual.serve(req, res);
  }
}
