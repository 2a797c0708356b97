// Wires the `apiservices` battery: Local APIServices kept in step with what each logical cluster serves, and the
// availability of aggregated ones (their connections, routes and Available condition). Returns the routes the
// aggregating handler proxies by.
import type { CA } from '../auth/pki.js';
import { issueClientCert } from '../auth/pki.js';
import { LOGICAL_CLUSTERS, ROOT } from '../apis/core-kcp/names.js';
import { CRDS } from '../apiextensions/custom-resources.js';
import type { Registry } from '../registry/registry.js';
import { systemCreate } from '../registry/system-create.js';
import { RevisionMismatchError } from '../storage/store.js';
import { Controller } from '../controllers/runtime/controller.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import { reconcileAvailability, type AvailabilityDeps } from './availability.js';
import { APISERVICES, reconcileLocalAPIServices, type GroupVersion, type LocalDeps } from './local.js';
import { AggregatedRoutes } from './routes.js';
import { Upstream } from './upstream.js';

interface Key {
  cluster: string;
  name: string;
}

export function localDeps(registry: Registry): LocalDeps {
  const store = registry.store;
  const builtins = new Set(registry.catalogs.builtins);
  return {
    now: () => registry.now(),
    groupVersions: (cluster) => {
      const seen = new Map<string, GroupVersion>();
      for (const d of registry.catalogs.for(cluster).defs) {
        const key = `${d.group}/${d.version}`;
        if (!seen.has(key)) seen.set(key, { group: d.group, version: d.version, ...(builtins.has(d) ? {} : { custom: true }) });
      }
      return [...seen.values()];
    },
    list: (cluster) => store.list({ cluster, resource: APISERVICES }).items,
    create: (cluster, obj) => {
      // The strategy starts every APIService without status, as a client's; a Local one is available from the start.
      const created = systemCreate(registry, cluster, APISERVICES, structuredClone(obj), registry.now());
      store.update({ cluster, resource: APISERVICES, namespace: '', name: obj.metadata.name! }, { ...created, status: obj['status'] });
    },
    delete: (cluster, name) => void store.delete({ cluster, resource: APISERVICES, namespace: '', name }),
    transaction: (fn) => store.transaction(fn),
  };
}

/** The connections to extension servers, one per aggregated APIService, reopened when its settings change. */
class Upstreams {
  private readonly open = new Map<string, { settings: string; upstream: Promise<Upstream> }>();
  private clientCert?: Promise<{ cert: string; key: string }>;

  constructor(private readonly ca: CA) {}

  get(cluster: string, name: string, o: { url: string; serverName: string; caBundle?: string; insecure: boolean }): Promise<Upstream> {
    const key = `${cluster}\u0000${name}`;
    const settings = JSON.stringify(o);
    const hit = this.open.get(key);
    if (hit?.settings === settings) return hit.upstream;
    if (hit) void hit.upstream.then((u) => u.close()).catch(() => undefined);
    // The aggregator's own identity towards extension servers: a client certificate of the control plane's CA.
    this.clientCert ??= issueClientCert(this.ca, { user: 'kcpx-aggregator' });
    const upstream = this.clientCert.then((clientCert) =>
      Upstream.open({
        url: o.url,
        serverName: o.serverName,
        insecureSkipTLSVerify: o.insecure,
        clientCert,
        ...(o.caBundle ? { caBundle: o.caBundle } : {}),
      }),
    );
    this.open.set(key, { settings, upstream });
    return upstream;
  }

  release(cluster: string, name: string): void {
    const key = `${cluster}\u0000${name}`;
    const hit = this.open.get(key);
    this.open.delete(key);
    if (hit) void hit.upstream.then((u) => u.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map((h) => h.upstream.then((u) => u.close()).catch(() => undefined)));
  }
}

export function availabilityDeps(registry: Registry, routes: AggregatedRoutes, upstreams: Upstreams): AvailabilityDeps {
  const store = registry.store;
  const key = (cluster: string, name: string) => ({ cluster, resource: APISERVICES, namespace: '', name });
  return {
    now: () => registry.now(),
    get: (cluster, name) => store.get(key(cluster, name)),
    updateStatus: (cluster, obj) => {
      try {
        store.update(key(cluster, obj.metadata.name!), obj, Number(obj.metadata.resourceVersion));
        return true;
      } catch (err) {
        if (err instanceof RevisionMismatchError) return false;
        throw err;
      }
    },
    upstream: (cluster, name, o) => upstreams.get(cluster, name, o),
    release: (cluster, name) => upstreams.release(cluster, name),
    routes,
  };
}

export function apiServicesControllers(
  manager: ControllerManager,
  registry: Registry,
  ca: CA,
  opts: { workspaces: boolean; crds: boolean },
): AggregatedRoutes {
  const routes = new AggregatedRoutes();
  const upstreams = new Upstreams(ca);
  const local = localDeps(registry);
  const locals = manager.add(
    new Controller<string>({
      name: 'apiservice-registration',
      key: (cluster) => cluster,
      reconcile: (cluster) => void reconcileLocalAPIServices(local, cluster),
    }),
  );
  manager.addRunnable({ start: () => locals.enqueue(ROOT), stop: () => upstreams.closeAll() });
  // Every new logical cluster serves the built-ins; a CRD adds or takes away a group/version of its cluster.
  if (opts.workspaces) {
    manager.informers.for(LOGICAL_CLUSTERS).addHandler((ev) => ev.type === 'ADDED' && locals.enqueue(ev.cluster), { list: false });
  }
  if (opts.crds) manager.informers.for(CRDS).addHandler((ev) => locals.enqueue(ev.cluster), { list: false });

  const deps = availabilityDeps(registry, routes, upstreams);
  const availability = manager.add(
    new Controller<Key>({
      name: 'apiservice-availability',
      key: (k) => `${k.cluster}\u0000${k.name}`,
      // Discovery checks wait on other servers: one slow server must not hold up the others.
      workers: 4,
      reconcile: async (k) => {
        const out = await reconcileAvailability(deps, k.cluster, k.name);
        return out.requeueAfterMs !== undefined ? { requeueAfterMs: out.requeueAfterMs } : undefined;
      },
    }),
  );
  manager.informers.for(APISERVICES).addHandler((ev) => {
    const aggregated = (ev.object['spec'] as { service?: unknown } | undefined)?.service;
    if (aggregated || routes.get(ev.cluster, ev.name)) availability.enqueue({ cluster: ev.cluster, name: ev.name });
  });
  return routes;
}
