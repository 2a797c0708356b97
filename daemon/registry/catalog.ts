// Which resources a logical cluster serves: the built-ins every cluster shares, plus that cluster's own CRDs.
// Per-cluster entries are built on first use and evicted when unused, so idle clusters cost no memory.
import type { ResourceDef } from './types.js';

export interface Catalog {
  readonly defs: readonly ResourceDef[];
  lookup(group: string, version: string, plural: string): ResourceDef | undefined;
  /** Resolves a kind in a group (any served version), for ownerReferences and GC. */
  byKind(group: string, kind: string): ResourceDef | undefined;
}

export type CustomResourceSource = (cluster: string) => ResourceDef[];

class StaticCatalog implements Catalog {
  private readonly index = new Map<string, ResourceDef>();
  private readonly kinds = new Map<string, ResourceDef>();

  constructor(readonly defs: readonly ResourceDef[]) {
    for (const d of defs) {
      const k = `${d.group}/${d.version}/${d.plural}`;
      // Built-ins come first and win: a CRD may not shadow them (its NamesAccepted condition says so).
      if (!this.index.has(k)) this.index.set(k, d);
      const kk = `${d.group}/${d.kind}`;
      if (!this.kinds.has(kk)) this.kinds.set(kk, d);
    }
  }

  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.index.get(`${group}/${version}/${plural}`);
  }

  byKind(group: string, kind: string): ResourceDef | undefined {
    return this.kinds.get(`${group}/${kind}`);
  }
}

export class Catalogs {
  private readonly builtin: StaticCatalog;
  private readonly perCluster = new Map<string, StaticCatalog>();
  private readonly maxCached: number;

  constructor(
    builtins: readonly ResourceDef[],
    private readonly customResources: CustomResourceSource,
    opts: { maxCached?: number } = {},
  ) {
    this.builtin = new StaticCatalog(builtins);
    this.maxCached = opts.maxCached ?? 2048;
  }

  get builtins(): readonly ResourceDef[] {
    return this.builtin.defs;
  }

  for(cluster: string): Catalog {
    const hit = this.perCluster.get(cluster);
    if (hit) {
      // Refresh LRU position.
      this.perCluster.delete(cluster);
      this.perCluster.set(cluster, hit);
      return hit;
    }
    const custom = this.customResources(cluster);
    // "No CRDs here" is cached too: it is the common case, and finding it out costs a storage read.
    const cat = custom.length === 0 ? this.builtin : new StaticCatalog([...this.builtin.defs, ...custom]);
    this.perCluster.set(cluster, cat);
    if (this.perCluster.size > this.maxCached) {
      const oldest = this.perCluster.keys().next().value;
      if (oldest !== undefined) this.perCluster.delete(oldest);
    }
    return cat;
  }

  /** Call whenever a cluster's CRDs change (or the cluster goes away). */
  invalidate(cluster: string): void {
    this.perCluster.delete(cluster);
  }
}
