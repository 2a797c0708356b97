// The APIExport virtual workspace (kcp's pkg/virtual/apiexport): at
// `/services/apiexport/<export cluster>/<export name>/clusters/{*|<cluster>}/…` a provider's controller sees, across
// every workspace that binds its export or in one of them, the exported resources (stored under the export's
// identity), the resources it claims (the objects labelled for an accepted claim, only with the claimed verbs) and
// the APIBindings of its export. Requests are authorized by the caller's verbs on `apiexports/content` in the
// export's workspace. It is the shard's own API handler over a view of the registry: the same verbs, lists, watches
// and tables as any workspace.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { pathNotFound } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { parseRequestInfo } from '../apimachinery/request-info.js';
import { bindingToV1alpha2, exportToV1alpha2 } from '../apis/apis-kcp/conversion.js';
import {
  API_BINDINGS,
  API_EXPORTS,
  specOf,
  statusOf,
  type APIBindingSpec,
  type APIBindingStatus,
  type APIExportSpec,
  type PermissionClaim,
} from '../apis/apis-kcp/names.js';
import {
  attributesForRequest,
  forbiddenFor,
  forbiddenMessage,
  resourceAttributes,
  type AuthorizationAttributes,
} from '../auth/rbac/index.js';
import type { Decision } from '../auth/rbac/authorizer.js';
import { ApiHandler } from '../endpoints/api-handler.js';
import type { OpenAPIService } from '../endpoints/openapi.js';
import { parseServicePath } from '../endpoints/service-path.js';
import type { Answer } from '../endpoints/respond.js';
import { checkWildcardRequest } from '../frontdoor/wildcard.js';
import { Catalogs } from '../registry/catalog.js';
import { storageResource } from '../registry/keys.js';
import { Registry } from '../registry/registry.js';
import { type ResourceDef, type UserInfo, type Verb } from '../registry/types.js';
import type { BoundResources } from './bound-resources.js';
import { claimLabel } from './claim-labels.js';
import { acceptedClaim, claimVerbs } from './claims.js';
import { claimedResourcePolicy } from './maximal-permission-policy.js';
import { VisibleStore, type Visibility } from './visible-store.js';

export const APIEXPORT_VW_PREFIX = '/services/apiexport/';
const READ_VERBS: readonly Verb[] = ['get', 'list', 'watch'];

export interface VirtualWorkspaceDeps {
  registry: Registry;
  bound: BoundResources;
  openapi: OpenAPIService;
  externalAddress(): string;
  authorize(attrs: AuthorizationAttributes): Decision;
  /** kcp's deep access review (for the maximal permission policies of claimed resources). */
  authorizeDeep(attrs: AuthorizationAttributes): Decision;
}

export interface VirtualRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body?: Buffer;
  user: UserInfo;
}

/** What an export's virtual workspace serves, for one version of the export. */
interface ExportView {
  version: string;
  catalogs: Catalogs;
  /** Claimed resources (storage keys) → the claim. */
  claims: Map<string, PermissionClaim>;
}

const clusterOf = (o: KObject) => o.metadata.annotations?.['kcp.io/cluster'] ?? '';

/** `/services/apiexport/<cluster>/<export>/clusters/<c>/<rest>`, or undefined when the path is not one. */
export function parseVirtualPath(path: string): { exportCluster: string; exportName: string; cluster: string; rest: string } | undefined {
  const parsed = parseServicePath(path, APIEXPORT_VW_PREFIX, 2);
  if (!parsed) return undefined;
  const [exportCluster, exportName] = parsed.keys as [string, string];
  return { exportCluster, exportName, cluster: parsed.cluster, rest: parsed.rest };
}

export class APIExportVirtualWorkspace {
  /** Views by export (cluster/name), rebuilt when the export changes; bounded, as nothing per export may pile up. */
  private readonly views = new Map<string, ExportView>();

  constructor(private readonly deps: VirtualWorkspaceDeps) {}

  async serve(req: VirtualRequest, res: ServerResponse): Promise<Answer | undefined> {
    const parsed = parseVirtualPath(req.path);
    if (!parsed) throw pathNotFound();
    const { exportCluster, exportName, cluster, rest } = parsed;
    const { registry } = this.deps;
    const stored = registry.store.get({ cluster: exportCluster, resource: API_EXPORTS, namespace: '', name: exportName });
    const exp = stored && exportToV1alpha2(stored);
    const identity = exp && statusOf<{ identityHash?: string }>(exp).identityHash;
    if (!exp || !identity) throw pathNotFound();

    // kcp's apiexports/content authorizer: the request's verb on the export's content, in the export's workspace.
    const info = parseRequestInfo(req.method, rest, req.query);
    const requestAttrs = attributesForRequest({ cluster, user: req.user, method: req.method, path: rest, query: req.query });
    const decision = this.deps.authorize(
      resourceAttributes(exportCluster, req.user, {
        verb: requestAttrs.verb,
        group: 'apis.kcp.io',
        resource: 'apiexports',
        subresource: 'content',
        name: exportName,
      }),
    );
    if (!decision.allowed) {
      throw forbiddenFor(requestAttrs, {
        denyMessage: `${forbiddenMessage(requestAttrs)}: API export: "${exportName}", workspace: "${exportCluster}" RBAC decision: ${decision.reason}`,
      });
    }
    const capped = claimedResourcePolicy(
      { exportsOf: (h) => this.exportsOf(h), authorizeDeep: (a) => this.deps.authorizeDeep(a) },
      specOf<APIExportSpec>(exp).permissionClaims ?? [],
      requestAttrs,
    );
    if (capped !== undefined) throw forbiddenFor(requestAttrs, { denyMessage: `${forbiddenMessage(requestAttrs)}: access denied` });
    if (cluster === '*') checkWildcardRequest(req.method, rest, req.query);

    const view = this.view(exportCluster, exportName, exp, identity);
    const bindingOf = (c: string, memo: Map<string, unknown>): KObject | undefined => {
      if (memo.has(c)) return memo.get(c) as KObject | undefined;
      const found = registry.store
        .list({ cluster: c, resource: API_BINDINGS })
        .items.map(bindingToV1alpha2)
        .find(
          (b) =>
            !b.metadata.deletionTimestamp &&
            statusOf<APIBindingStatus>(b).apiExportClusterName === exportCluster &&
            specOf<APIBindingSpec>(b).reference?.export?.name === exportName,
        );
      memo.set(c, found);
      return found;
    };
    const filters = new Map<string, Visibility>();
    filters.set(API_BINDINGS, (c, obj) => {
      const b = bindingToV1alpha2(obj);
      return (
        statusOf<APIBindingStatus>(b).apiExportClusterName === exportCluster &&
        specOf<APIBindingSpec>(b).reference?.export?.name === exportName
      );
    });
    // kcp's filter of a claimed resource: the objects labelled for this export's claim (claim-labels.ts).
    for (const [resource, claim] of view.claims) {
      const [key, value] = claimLabel(exportCluster, exportName, claim);
      filters.set(resource, (_c, obj) => obj.metadata.labels?.[key] === value);
    }
    // One cluster's claimed resources exist in this view only when that cluster accepted the claim.
    if (cluster !== '*' && info.kind === 'resource') {
      const def = view.catalogs.for(cluster).lookup(info.group, info.version, info.resource);
      const claim = def && view.claims.get(storageResource(def));
      const binding = claim && bindingOf(cluster, new Map());
      if (claim && !(binding && acceptedClaim(binding, claim))) throw pathNotFound();
    }

    const scoped = new Registry(new VisibleStore(registry.store, filters), view.catalogs, {
      ...registry.opts,
      admission: registry.admission,
    });
    const handler = new ApiHandler({ registry: scoped, openapi: this.deps.openapi, externalAddress: this.deps.externalAddress() });
    const r = { method: req.method, cluster, path: rest, query: req.query, headers: req.headers, user: req.user };
    return handler.serve(req.body ? { ...r, body: req.body } : r, res);
  }

  private view(exportCluster: string, exportName: string, exp: KObject, identity: string): ExportView {
    const key = `${exportCluster}/${exportName}`;
    const version = `${exp.metadata.uid}/${exp.metadata.resourceVersion}`;
    const hit = this.views.get(key);
    if (hit?.version === version) return hit;
    const spec = specOf<APIExportSpec>(exp);
    const defs: ResourceDef[] = this.deps.bound.exportDefs(
      exportCluster,
      (spec.resources ?? []).filter((r) => r.storage?.crd !== undefined).map((r) => r.schema),
      identity,
    );
    const claims = new Map<string, PermissionClaim>();
    const builtins = this.deps.registry.catalogs.builtins;
    let complete = true;
    for (const claim of spec.permissionClaims ?? []) {
      // A claim naming an identity is on a resource another export (of that identity) serves, with its schema.
      const claimable = claim.identityHash ? this.exportedBy(claim.identityHash, claim.group ?? '', claim.resource) : builtins;
      if (claim.identityHash && claimable.length === 0) complete = false;
      for (const d of claimable) {
        if (d.group !== (claim.group ?? '') || d.plural !== claim.resource) continue;
        defs.push({ ...d, verbs: claimVerbs(claim, d.verbs) as Verb[] });
        claims.set(storageResource(d), claim);
      }
    }
    for (const d of builtins) if (storageResource(d) === API_BINDINGS) defs.push({ ...d, verbs: READ_VERBS });
    const view: ExportView = { version, catalogs: new Catalogs(defs, () => []), claims };
    this.views.delete(key);
    // A claim on an identity no export serves yet is looked for again on the next request.
    if (!complete) return view;
    this.views.set(key, view);
    if (this.views.size > 256) this.views.delete(this.views.keys().next().value!);
    return view;
  }

  /** The exports of an identity (v1alpha2), by cluster then name. */
  private exportsOf(identityHash: string): Array<{ cluster: string; export: KObject }> {
    return this.deps.registry.store
      .list(
        { cluster: '*', resource: API_EXPORTS },
        { filter: (e) => statusOf<{ identityHash?: string }>(e).identityHash === identityHash },
      )
      .items.map((e) => ({ cluster: clusterOf(e), export: exportToV1alpha2(e) }))
      .sort((a, b) => a.cluster.localeCompare(b.cluster) || a.export.metadata.name!.localeCompare(b.export.metadata.name!));
  }

  /**
   * The definitions of a resource as the exports of an identity serve it: exports sharing an identity share their
   * owner, who keeps their schemas compatible, so the first one (by cluster, then name, as kcp picks) stands for all.
   */
  private exportedBy(identityHash: string, group: string, resource: string): ResourceDef[] {
    for (const { cluster, export: e } of this.exportsOf(identityHash)) {
      const r = specOf<APIExportSpec>(e).resources?.find((x) => (x.group ?? '') === group && x.name === resource);
      if (r) return this.deps.bound.exportDefs(cluster, [r.schema], identityHash);
    }
    return [];
  }
}
