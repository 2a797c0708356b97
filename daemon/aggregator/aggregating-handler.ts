// kube-aggregator's front: requests for a group/version an aggregated APIService serves go to its server; discovery
// (/apis, in both forms, /apis/<group>), the OpenAPI v3 index and the OpenAPI v2 document (openapi-v2.ts) add what
// the available servers serve. A logical cluster without aggregated APIServices costs one map lookup per request.
import type { ServerResponse } from 'node:http';
import { isStatusError, serviceUnavailable } from '../apimachinery/status.js';
import type { Answer } from '../endpoints/respond.js';
import type { ApiHandler, ApiRequest } from '../endpoints/api-handler.js';
import { v2Representation } from '../endpoints/openapi.js';
import { AggregatedOpenAPIv2 } from './openapi-v2.js';
import type { AggregatedRoutes, RemoteResource, Route } from './routes.js';

type Handler = Pick<ApiHandler, 'serve'>;

export class AggregatingHandler implements Handler {
  private readonly openapiV2 = new AggregatedOpenAPIv2();

  constructor(
    private readonly inner: Handler,
    private readonly routes: AggregatedRoutes,
  ) {}

  async serve(req: ApiRequest, res: ServerResponse): Promise<Answer | undefined> {
    if (!this.routes.hasCluster(req.cluster)) {
      this.openapiV2.forget(req.cluster);
      return this.inner.serve(req, res);
    }
    const parts = req.path.split('/').filter((p) => p !== '');
    if (parts[0] === 'apis' && parts.length >= 3) {
      const route = this.routes.lookup(req.cluster, parts[1]!, parts[2]!);
      if (route) return this.proxy(route, req, res, `${req.path}${queryOf(req.query)}`);
    }
    if (parts[0] === 'openapi' && parts[1] === 'v3' && parts[2] === 'apis' && parts.length === 5) {
      const route = this.routes.lookup(req.cluster, parts[3]!, parts[4]!);
      // The index below names these documents without a hash: the server's own document is served as it is.
      if (route) return this.proxy(route, req, res, `/openapi/v3/apis/${parts[3]}/${parts[4]}`);
    }
    const available = this.routes.available(req.cluster);
    if (parts.length === 1 && parts[0] === 'apis') return mergeGroups(await this.inner.serve(req, res), available);
    if (parts.length === 2 && parts[0] === 'apis') return this.groupDoc(req, res, parts[1]!, available);
    if (parts.length === 2 && parts[0] === 'openapi' && parts[1] === 'v3')
      return mergeOpenAPIIndex(await this.inner.serve(req, res), available);
    if (parts.length === 2 && parts[0] === 'openapi' && parts[1] === 'v2' && available.length) return this.mergedV2(req, res, available);
    return this.inner.serve(req, res);
  }

  /** /openapi/v2: the control plane's document as JSON, merged with the servers', in the encoding asked for. */
  private async mergedV2(req: ApiRequest, res: ServerResponse, available: Route[]): Promise<Answer | undefined> {
    const rep = v2Representation(req.headers.accept);
    if (!rep) return this.inner.serve(req, res); // its 406
    const { 'if-none-match': ifNoneMatch, ...headers } = req.headers;
    const local = await this.inner.serve({ ...req, headers: { ...headers, accept: 'application/json' } }, res);
    if (!local || local.status !== 200) return local;
    return this.openapiV2.answer(req.cluster, local, available, rep, ifNoneMatch);
  }

  private async proxy(route: Route, req: ApiRequest, res: ServerResponse, path: string): Promise<undefined> {
    if (!route.upstream || !route.resources) throw serviceUnavailable('service unavailable');
    await route.upstream.forward({ method: req.method, headers: req.headers }, res, req.user, path, req.body);
    return undefined;
  }

  /** /apis/<group>: the local group's versions plus the aggregated ones, or the aggregated group alone. */
  private async groupDoc(req: ApiRequest, res: ServerResponse, group: string, available: Route[]): Promise<Answer | undefined> {
    const remote = available.filter((r) => r.group === group);
    if (!remote.length) return this.inner.serve(req, res);
    let local: Answer | undefined;
    try {
      local = await this.inner.serve(req, res);
    } catch (err) {
      if (!isStatusError(err) || err.status.code !== 404) throw err;
    }
    const base: GroupDoc = local ? bodyOf<GroupDoc>(local) : { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [] };
    const doc = mergeGroup(base, remote);
    return { status: 200, body: doc, contentType: 'application/json' };
  }
}

interface GroupDoc {
  kind?: string;
  apiVersion?: string;
  name: string;
  versions: Array<{ groupVersion: string; version: string }>;
  preferredVersion?: { groupVersion: string; version: string };
}

/** An answer's JSON body as an object to change (a copy: answers may be cached). */
function bodyOf<T>(answer: Answer): T {
  return (answer.raw ? JSON.parse(String(answer.body)) : structuredClone(answer.body)) as T;
}

function queryOf(q: URLSearchParams): string {
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Adds the aggregated versions of a group; the preferred version is the local one, else the highest priority. */
function mergeGroup(doc: GroupDoc, remote: Route[]): GroupDoc {
  const sorted = [...remote].sort((a, b) => b.versionPriority - a.versionPriority);
  for (const r of sorted) {
    const gv = { groupVersion: `${r.group}/${r.version}`, version: r.version };
    if (!doc.versions.some((v) => v.version === r.version)) doc.versions.push(gv);
  }
  doc.preferredVersion ??= doc.versions[0]!;
  return doc;
}

function byGroup(routes: Route[]): Map<string, Route[]> {
  const m = new Map<string, Route[]>();
  for (const r of [...routes].sort((a, b) => b.groupPriorityMinimum - a.groupPriorityMinimum)) {
    const list = m.get(r.group) ?? [];
    list.push(r);
    m.set(r.group, list);
  }
  return m;
}

/** /apis, as an APIGroupList or as aggregated discovery (apidiscovery.k8s.io/v2). */
export function mergeGroups(answer: Answer | undefined, available: Route[]): Answer | undefined {
  if (!answer || answer.status !== 200 || !available.length) return answer;
  const body = bodyOf<{ kind?: string; groups?: GroupDoc[]; items?: DiscoveryGroup[] }>(answer);
  const groups = byGroup(available);
  if (body.kind === 'APIGroupList' && body.groups) {
    for (const [name, routes] of groups) {
      const existing = body.groups.find((g) => g.name === name);
      if (existing) mergeGroup(existing, routes);
      else body.groups.push(mergeGroup({ name, versions: [] }, routes));
    }
  } else if (body.items) {
    for (const [name, routes] of groups) {
      const versions = [...routes].sort((a, b) => b.versionPriority - a.versionPriority).map(discoveryVersion);
      const existing = body.items.find((g) => g.metadata.name === name);
      if (existing) existing.versions.push(...versions.filter((v) => !existing.versions.some((e) => e.version === v.version)));
      else body.items.push({ metadata: { name, creationTimestamp: null }, versions });
    }
  }
  return { ...answer, body, raw: false };
}

interface DiscoveryVersion {
  version: string;
  freshness: string;
  resources: Array<Record<string, unknown>>;
}

interface DiscoveryGroup {
  metadata: { name: string; creationTimestamp: null };
  versions: DiscoveryVersion[];
}

/** An extension server's APIResourceList as one version of aggregated discovery. */
export function discoveryVersion(route: Route): DiscoveryVersion {
  const all = route.resources ?? [];
  const top = all.filter((r) => !r.name.includes('/'));
  const resources = top.map((r: RemoteResource) => {
    const entry: Record<string, unknown> = {
      resource: r.name,
      responseKind: { group: route.group, version: route.version, kind: r.kind },
      scope: r.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: r.singularName || r.kind.toLowerCase(),
      verbs: [...r.verbs].sort(),
    };
    if (r.shortNames?.length) entry['shortNames'] = r.shortNames;
    if (r.categories?.length) entry['categories'] = r.categories;
    const subs = all
      .filter((s) => s.name.startsWith(`${r.name}/`))
      .map((s) => ({
        subresource: s.name.slice(r.name.length + 1),
        responseKind: { group: route.group, version: route.version, kind: s.kind },
        verbs: [...s.verbs].sort(),
      }));
    if (subs.length) entry['subresources'] = subs;
    return entry;
  });
  return { version: route.version, freshness: 'Current', resources };
}

/** /openapi/v3: the servers' documents are listed too, served by them (proxied) under their own paths. */
function mergeOpenAPIIndex(answer: Answer | undefined, available: Route[]): Answer | undefined {
  if (!answer || answer.status !== 200 || !available.length) return answer;
  const body = bodyOf<{ paths: Record<string, { serverRelativeURL: string }> }>(answer);
  for (const r of available) body.paths[`apis/${r.group}/${r.version}`] = { serverRelativeURL: `/openapi/v3/apis/${r.group}/${r.version}` };
  return { ...answer, body, raw: false };
}
