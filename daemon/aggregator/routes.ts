// Which group/versions of which logical cluster are served by another server (aggregated APIServices), and what
// that server said it serves: kept by the availability controller, read by the proxy and the discovery merge. Only
// clusters with aggregated APIServices have an entry.
import type { Upstream } from './upstream.js';

/** An APIResourceList's resources, as an extension server answers /apis/<group>/<version>. */
export interface RemoteResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface Route {
  /** The APIService's name, `<version>.<group>`. */
  name: string;
  group: string;
  version: string;
  groupPriorityMinimum: number;
  versionPriority: number;
  /** Where requests go; undefined while the service cannot be resolved. */
  upstream?: Upstream;
  /** What the server serves, from its last successful discovery check; undefined while it is not available. */
  resources?: RemoteResource[];
}

export class AggregatedRoutes {
  private readonly byCluster = new Map<string, Map<string, Route>>();

  lookup(cluster: string, group: string, version: string): Route | undefined {
    return this.byCluster.get(cluster)?.get(`${version}.${group}`);
  }

  /** The available routes of a cluster (those whose discovery check passed). */
  available(cluster: string): Route[] {
    const m = this.byCluster.get(cluster);
    return m ? [...m.values()].filter((r) => r.resources !== undefined) : [];
  }

  hasCluster(cluster: string): boolean {
    return this.byCluster.has(cluster);
  }

  get(cluster: string, name: string): Route | undefined {
    return this.byCluster.get(cluster)?.get(name);
  }

  set(cluster: string, route: Route): void {
    let m = this.byCluster.get(cluster);
    if (!m) this.byCluster.set(cluster, (m = new Map()));
    m.set(route.name, route);
  }

  delete(cluster: string, name: string): Route | undefined {
    const m = this.byCluster.get(cluster);
    const r = m?.get(name);
    m?.delete(name);
    if (m && m.size === 0) this.byCluster.delete(cluster);
    return r;
  }

  all(): Route[] {
    return [...this.byCluster.values()].flatMap((m) => [...m.values()]);
  }
}
