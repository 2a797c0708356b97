// kube-aggregator's availability controller for aggregated APIServices: resolve the service, check the server's
// discovery document for the group/version, record the Available condition, and keep the route the proxy and the
// discovery merge use. kcpx has no Services or Endpoints: the URL comes from the APIService's
// `apiregistration.kcpx.io/url` annotation (docs: README, "API services").
import type { KObject } from '../apimachinery/types.js';
import { apiServiceSpec } from '../apis/apiregistration/validation.js';
import type { AggregatedRoutes, RemoteResource, Route } from './routes.js';
import type { Upstream } from './upstream.js';

export const URL_ANNOTATION = 'apiregistration.kcpx.io/url';
/** How often an available server is checked again, and an unavailable one retried. */
export const RECHECK_AVAILABLE_MS = 10_000;
export const RECHECK_UNAVAILABLE_MS = 5_000;

export interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface AvailabilityDeps {
  now(): Date;
  get(cluster: string, name: string): KObject | undefined;
  /** Writes the status as read (optimistic): false when the object changed meanwhile. */
  updateStatus(cluster: string, obj: KObject): boolean;
  /** Opens (or reuses, for the same settings) the connection to a server. */
  upstream(cluster: string, name: string, o: { url: string; serverName: string; caBundle?: string; insecure: boolean }): Promise<Upstream>;
  /** Closes what `upstream` opened for an APIService that is gone or local. */
  release(cluster: string, name: string): void;
  routes: AggregatedRoutes;
}

export interface AvailabilityOutcome {
  available?: Condition;
  requeueAfterMs?: number;
}

/** The discovery check: the server must answer /apis/<group>/<version> with a resource list. */
export async function discoveryCheck(upstream: Upstream, group: string, version: string): Promise<RemoteResource[] | string> {
  const path = `/apis/${group}/${version}`;
  const url = `${upstream.url}${path}`;
  try {
    const res = await upstream.get(path, 5_000);
    if (res.status < 200 || res.status >= 300) return `failing or missing response from ${url}: bad status from ${url}: ${res.status}`;
    const doc = JSON.parse(res.body) as { resources?: RemoteResource[] };
    return Array.isArray(doc.resources) ? doc.resources : [];
  } catch (err) {
    return `failing or missing response from ${url}: ${(err as Error).message}`;
  }
}

export async function reconcileAvailability(deps: AvailabilityDeps, cluster: string, name: string): Promise<AvailabilityOutcome> {
  const obj = deps.get(cluster, name);
  const spec = obj && apiServiceSpec(obj);
  if (!obj || !spec?.service) {
    // Gone, or Local: nothing of it is proxied.
    deps.routes.delete(cluster, name);
    deps.release(cluster, name);
    return {};
  }
  const route: Route = {
    name,
    group: spec.group ?? '',
    version: spec.version ?? '',
    groupPriorityMinimum: spec.groupPriorityMinimum ?? 0,
    versionPriority: spec.versionPriority ?? 0,
  };
  const svc = spec.service;
  const url = obj.metadata.annotations?.[URL_ANNOTATION];
  let condition: Condition;
  if (!url) {
    deps.release(cluster, name);
    condition = {
      type: 'Available',
      status: 'False',
      reason: 'ServiceNotFound',
      message: `service/${svc.name ?? ''} in ${JSON.stringify(svc.namespace ?? '')} is not present`,
    };
  } else {
    const caBundle = spec.caBundle ? Buffer.from(spec.caBundle, 'base64').toString('utf8') : undefined;
    const upstream = await deps.upstream(cluster, name, {
      url,
      serverName: `${svc.name ?? ''}.${svc.namespace ?? ''}.svc`,
      ...(caBundle ? { caBundle } : {}),
      insecure: spec.insecureSkipTLSVerify === true,
    });
    route.upstream = upstream;
    const check = await discoveryCheck(upstream, route.group, route.version);
    if (typeof check === 'string') {
      condition = { type: 'Available', status: 'False', reason: 'FailedDiscoveryCheck', message: check };
    } else {
      route.resources = check;
      condition = { type: 'Available', status: 'True', reason: 'Passed', message: 'all checks passed' };
    }
  }
  deps.routes.set(cluster, route);
  const written = setCondition(obj, condition, deps.now());
  if (written && !deps.updateStatus(cluster, obj)) return { available: condition, requeueAfterMs: 0 };
  return { available: condition, requeueAfterMs: condition.status === 'True' ? RECHECK_AVAILABLE_MS : RECHECK_UNAVAILABLE_MS };
}

/** Sets a condition, moving lastTransitionTime only when the status changes; false when nothing changed. */
export function setCondition(obj: KObject, c: Condition, now: Date): boolean {
  const status = (obj['status'] ??= {}) as { conditions?: Condition[] };
  const conds = status.conditions ?? [];
  const old = conds.find((x) => x.type === c.type);
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return false;
  const next: Condition = {
    type: c.type,
    status: c.status,
    lastTransitionTime:
      old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : now.toISOString().replace(/\.\d+Z$/, 'Z'),
    ...(c.reason ? { reason: c.reason } : {}),
    ...(c.message ? { message: c.message } : {}),
  };
  status.conditions = old ? conds.map((x) => (x === old ? next : x)) : [...conds, next];
  return true;
}
