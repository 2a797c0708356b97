// Objects a kind keeps in every logical cluster (kube's bootstrap FlowSchemas and PriorityLevelConfigurations) are
// made when a cluster first uses that kind, not when the cluster is created: a workspace costs its few own objects,
// whatever batteries are on, and one that never asks for flow control never stores its defaults (issue 19).
// Everything a client sees goes through a request on the kind, so it finds them there from the first one.
import { storageResource } from './keys.js';
import type { ResourceDef } from './types.js';

/**
 * Makes (or restores) the kind's defaults in a cluster, synchronously; false when the cluster cannot have them yet
 * (it does not exist), so the next request asks again.
 */
export type EnsureDefaults = (cluster: string) => boolean;

interface DefaultsSet {
  ensure: EnsureDefaults;
  /** Clusters whose defaults this process has made sure of: only clusters that used one of its kinds. */
  ensured: Set<string>;
}

export class ClusterDefaults {
  private readonly byResource = new Map<string, DefaultsSet>();
  private readonly sets: DefaultsSet[] = [];

  /** `resources` are storage resources (`<group>/<plural>`) sharing one set of defaults. */
  register(resources: readonly string[], ensure: EnsureDefaults): void {
    const set = { ensure, ensured: new Set<string>() };
    this.sets.push(set);
    for (const r of resources) this.byResource.set(r, set);
  }

  /** Called before every request on a kind: free for kinds without defaults and for clusters already seen. */
  beforeUse(cluster: string, def: ResourceDef): void {
    if (this.byResource.size === 0) return;
    const set = this.byResource.get(storageResource(def));
    if (!set || set.ensured.has(cluster)) return;
    if (set.ensure(cluster)) set.ensured.add(cluster);
  }

  /** A deleted cluster is forgotten (its name could come back with new content). */
  forget(cluster: string): void {
    for (const set of this.sets) set.ensured.delete(cluster);
  }
}
