// kcp's initializingworkspaces and terminatingworkspaces virtual workspaces (pkg/virtual/*workspaces/builder), at
// `/services/<service>/<id>/clusters/{*|<cluster>}/…` where <id> is an initializer or terminator
// (`<type's workspace path>:<type name>`):
// - `clusters/*`: list and watch the LogicalClusters still waiting for <id> in the kind's phase, across the shard;
// - `clusters/<c>/apis/core.kcp.io/v1alpha1/logicalclusters/cluster[/status]`: get it, and update or patch its status
//   to remove <id> (and nothing else) from the pending list;
// - anything else under `clusters/<c>`: the workspace's own API while <id> is pending there, as the WorkspaceType's
//   initializer/terminatorPermissions allow (kcp's mode 1) or else as the workspace's owner (mode 2).
// Every request needs verb `initialize`/`terminate` on the WorkspaceType in the type's workspace. The LogicalCluster
// views are the shard's own API handler over a catalog of that one resource, selected by kcp's hashed labels, so
// lists page, watches resume from a resourceVersion and a cluster leaving the selection is DELETED, as in kcp.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import {
  forbiddenWithoutResource,
  internalError,
  methodNotAllowed,
  notFound,
  pathNotFound,
  serviceUnavailable,
} from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { parseRequestInfo, type RequestInfo } from '../apimachinery/request-info.js';
import { ANN_OWNER, LOGICAL_CLUSTERS, logicalClusterKey, WORKSPACE_TYPES } from '../apis/core-kcp/names.js';
import { attributesForRequest, forbiddenFor, resourceAttributes, toPolicyRules, type AuthorizationAttributes } from '../auth/rbac/index.js';
import type { Decision } from '../auth/rbac/authorizer.js';
import { ApiHandler, type ApiRequest } from '../endpoints/api-handler.js';
import { OpenAPIService } from '../endpoints/openapi.js';
import type { Answer } from '../endpoints/respond.js';
import { parseServicePath } from '../endpoints/service-path.js';
import { AdmissionChain, type AdmissionAttributes } from '../registry/admission.js';
import { Catalogs } from '../registry/catalog.js';
import { storageResource } from '../registry/keys.js';
import { Registry } from '../registry/registry.js';
import type { UserInfo, Verb } from '../registry/types.js';
import {
  INITIALIZING,
  inLifecycle,
  lifecyclePermission,
  lifecycleSelector,
  TERMINATING,
  typeOfLifecycleId,
  type LifecycleKind,
} from './lifecycle-kinds.js';

const LC_GR = { group: 'core.kcp.io', resource: 'logicalclusters' };

export interface LifecycleVirtualWorkspaceDeps {
  registry: Registry;
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  /** The shard's deep authorization (kcp asks the type's workspace with a SubjectAccessReview). */
  authorizeDeep(attrs: AuthorizationAttributes): Decision;
  /** Authorizes a request in a logical cluster as the front proxy does; throws the 403 Status when denied. */
  authorizeRequest(cluster: string, user: UserInfo, method: string, path: string, query: URLSearchParams): void;
  /** The shard's API handler, which serves a workspace's content. */
  shard: Pick<ApiHandler, 'serve'>;
  externalAddress(): string;
}

export interface LifecycleRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer;
  user: UserInfo;
}

export class LifecycleVirtualWorkspace {
  /** The LogicalCluster API of `clusters/*` (list, watch) and of one cluster (get; status get, update, patch). */
  private readonly wildcardCatalogs: Catalogs;
  private readonly clusterCatalogs: Catalogs;
  /** Its own: the shard's caches OpenAPI per logical cluster, for that cluster's full catalog. */
  private readonly openapi = new OpenAPIService();

  constructor(
    private readonly kind: LifecycleKind,
    private readonly deps: LifecycleVirtualWorkspaceDeps,
  ) {
    const lc = deps.registry.catalogs.builtins.find((d) => storageResource(d) === LOGICAL_CLUSTERS);
    if (!lc) throw new Error('the LogicalCluster kind is not served');
    const only = (verbs: readonly Verb[]): Catalogs => new Catalogs([{ ...lc, verbs }], () => []);
    this.wildcardCatalogs = only(['list', 'watch']);
    this.clusterCatalogs = only(['get']);
  }

  serves(path: string): boolean {
    return path.startsWith(this.kind.prefix);
  }

  async serve(req: LifecycleRequest, res: ServerResponse): Promise<Answer | undefined> {
    const parsed = parseServicePath(req.path, this.kind.prefix, 1);
    if (!parsed) throw pathNotFound();
    const id = parsed.keys[0]!;
    const { cluster, rest } = parsed;
    const info = parseRequestInfo(req.method, rest, req.query);
    this.authorize(req, id, cluster, rest, info);

    if (cluster === '*') {
      // Across clusters, lists and watches only (a status write would otherwise name no one cluster).
      if (info.kind === 'resource' && info.verb !== 'list' && info.verb !== 'watch')
        throw methodNotAllowed({ group: info.group, resource: info.resource }, info.verb === 'proxy' ? '' : info.verb);
      return this.serveLogicalClusters(req, id, cluster, rest, this.wildcardCatalogs, res);
    }
    const lcRequest = info.kind === 'resource' && info.group === LC_GR.group && info.resource === LC_GR.resource;
    const discovery =
      info.kind === 'api-versions' || info.kind === 'api-groups' || info.kind === 'api-group' || info.kind === 'api-resources';
    if (lcRequest || (discovery && this.kind.ownDiscovery)) {
      // One cluster's LogicalCluster exists here only while it waits for this id.
      if (lcRequest && info.name !== undefined && !inLifecycle(this.kind, id, this.deps.registry.store.get(logicalClusterKey(cluster))))
        throw notFound(LC_GR, info.name);
      return this.serveLogicalClusters(req, id, cluster, rest, this.clusterCatalogs, res);
    }
    return this.serveContent(req, id, cluster, rest, res);
  }

  /** kcp's authorizer of these services: the kind's verb on the WorkspaceType the id names, in the type's workspace. */
  private authorize(req: LifecycleRequest, id: string, cluster: string, rest: string, info: RequestInfo): void {
    const type = typeOfLifecycleId(id);
    const typeCluster = type && this.deps.resolveCluster(type.path);
    const allowed =
      type !== undefined &&
      typeCluster !== undefined &&
      this.deps.authorizeDeep(
        resourceAttributes(typeCluster, req.user, {
          verb: this.kind.verb,
          group: 'tenancy.kcp.io',
          resource: 'workspacetypes',
          name: type.name,
        }),
      ).allowed;
    if (!allowed)
      throw forbiddenFor(attributesForRequest({ cluster, user: req.user, method: req.method, path: rest, query: req.query, info }));
  }

  private serveLogicalClusters(
    req: LifecycleRequest,
    id: string,
    cluster: string,
    rest: string,
    catalogs: Catalogs,
    res: ServerResponse,
  ): Promise<Answer | undefined> {
    const { registry } = this.deps;
    const admission = new AdmissionChain();
    // The service's own rule first (kcp checks it in the virtual workspace, before the shard sees the write), then
    // everything the LogicalCluster's writes go through anyway.
    admission.register({ name: `${this.kind.noun}s`, resources: new Set([LOGICAL_CLUSTERS]), admit: (a) => this.validateUpdate(id, a) });
    admission.register({
      name: 'shard',
      admit: (a) => registry.admission.admit(a, storageResource(a.def)),
      validate: (a) => registry.admission.validate(a, storageResource(a.def)),
    });
    const scoped = new Registry(registry.store, catalogs, { ...registry.opts, admission });
    // kcp's static label selector: lists and watches see only the clusters waiting for this id.
    const query = new URLSearchParams(req.query);
    const own = query.get('labelSelector');
    query.set('labelSelector', own ? `${own},${lifecycleSelector(this.kind, id)}` : lifecycleSelector(this.kind, id));
    const handler = new ApiHandler({ registry: scoped, openapi: this.openapi, externalAddress: this.deps.externalAddress() });
    const r: ApiRequest = { method: req.method, cluster, path: rest, query, headers: req.headers, user: req.user };
    return handler.serve(req.body ? { ...r, body: req.body } : r, res);
  }

  private validateUpdate(id: string, a: AdmissionAttributes): void {
    if (a.operation !== 'UPDATE' || !a.object || !a.oldObject) return;
    const list = (o: KObject) => (o['status'] as Record<string, string[] | undefined> | undefined)?.[this.kind.field] ?? [];
    const err = this.kind.updateErrors(id, a.name, list(a.oldObject), list(a.object));
    if (err) throw err;
  }

  /** The workspace's own API, while the id is pending there. */
  private serveContent(req: LifecycleRequest, id: string, cluster: string, rest: string, res: ServerResponse): Promise<Answer | undefined> {
    const { registry } = this.deps;
    const lc = registry.store.get(logicalClusterKey(cluster));
    if (!lc || !inLifecycle(this.kind, id, lc)) throw forbiddenWithoutResource(`${this.kind.noun} "${id}" cannot access this workspace`);
    const type = typeOfLifecycleId(id)!;
    const typeCluster = this.deps.resolveCluster(type.path);
    const wst =
      typeCluster !== undefined
        ? registry.store.get({ cluster: typeCluster, resource: WORKSPACE_TYPES, namespace: '', name: type.name })
        : undefined;
    // kcp fails closed: without the type there is no telling whether the owner may be stood in for.
    if (!wst) throw serviceUnavailable(`${this.kind.noun} "${id}": WorkspaceType not found; refusing to fall back to owner impersonation`);
    const rules = toPolicyRules((wst['spec'] as Record<string, unknown> | undefined)?.[this.kind.permissionsField]);
    let user: UserInfo;
    if (rules.length) {
      // Mode 1: the type's rules decide, and the controller acts as itself (with a group naming the id, for audit).
      const attrs = attributesForRequest({ cluster, user: req.user, method: req.method, path: rest, query: req.query });
      const decision = lifecyclePermission(attrs, rules);
      if (!decision.allowed)
        throw forbiddenWithoutResource(`${this.kind.noun} "${id}" denied by ${this.kind.permissionsField}: ${decision.reason}`);
      user = { ...req.user, groups: [`${this.kind.groupPrefix}${id}`, ...req.user.groups] };
    } else {
      // Mode 2: as the workspace's owner, whom its workspace-admin binding lets do everything.
      const owner = ownerOf(lc);
      if (!owner) throw internalError(`LogicalCluster ${cluster}|cluster had no createdBy recorded`);
      this.deps.authorizeRequest(cluster, owner, req.method, rest, req.query);
      user = owner;
    }
    const r: ApiRequest = { method: req.method, cluster, path: rest, query: req.query, headers: req.headers, user };
    return this.deps.shard.serve(req.body ? { ...r, body: req.body } : r, res);
  }
}

/** The creator recorded on a LogicalCluster (kcp's spec.createdBy; kcpx keeps the owner annotation). */
function ownerOf(lc: KObject): UserInfo | undefined {
  const text = lc.metadata.annotations?.[ANN_OWNER];
  if (!text) return undefined;
  try {
    const info = JSON.parse(text) as { username?: unknown; uid?: unknown; groups?: unknown; extra?: unknown };
    if (typeof info.username !== 'string' || !info.username) return undefined;
    const user: UserInfo = {
      username: info.username,
      groups: Array.isArray(info.groups) ? info.groups.filter((g) => typeof g === 'string') : [],
    };
    if (typeof info.uid === 'string') user.uid = info.uid;
    if (info.extra && typeof info.extra === 'object') user.extra = info.extra as Record<string, string[]>;
    return user;
  } catch {
    return undefined;
  }
}

/** Both lifecycle services of a shard; `find` gives the one serving a `/services/…` path. */
export function lifecycleVirtualWorkspaces(deps: LifecycleVirtualWorkspaceDeps): {
  find(path: string): LifecycleVirtualWorkspace | undefined;
} {
  const services = [INITIALIZING, TERMINATING].map((kind) => new LifecycleVirtualWorkspace(kind, deps));
  return { find: (path) => services.find((s) => s.serves(path)) };
}
