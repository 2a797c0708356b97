// The front proxy's routing table: canonical paths and logical cluster names → where requests go. Updated
// synchronously by the tenancy controller, so a deleted workspace is unroutable by the very next request.
export interface ClusterEntry {
  name: string;
  path: string;
  phase: string;
  /** `path:name` of its WorkspaceType (root:organization). */
  type: string;
}

export interface MountEntry {
  path: string;
  /** Cluster holding the Workspace object, and its name. */
  parentCluster: string;
  workspace: string;
}

export type Resolved = { type: 'cluster'; entry: ClusterEntry } | { type: 'mount'; entry: MountEntry };

export class WorkspaceIndex {
  private readonly clusters = new Map<string, ClusterEntry>();
  private readonly paths = new Map<string, Resolved>();

  setCluster(entry: ClusterEntry): void {
    const prev = this.clusters.get(entry.name);
    if (prev && prev.path !== entry.path) this.paths.delete(prev.path);
    this.clusters.set(entry.name, entry);
    this.paths.set(entry.path, { type: 'cluster', entry });
  }

  removeCluster(name: string): void {
    const prev = this.clusters.get(name);
    if (!prev) return;
    this.clusters.delete(name);
    if ((this.paths.get(prev.path) as { entry: ClusterEntry } | undefined)?.entry === prev) this.paths.delete(prev.path);
  }

  setMount(entry: MountEntry): void {
    this.paths.set(entry.path, { type: 'mount', entry });
  }

  removeMount(path: string): void {
    if (this.paths.get(path)?.type === 'mount') this.paths.delete(path);
  }

  cluster(name: string): ClusterEntry | undefined {
    return this.clusters.get(name);
  }

  byPath(path: string): Resolved | undefined {
    return this.paths.get(path);
  }

  /**
   * kcp's rule: the first segment is a logical cluster name, every later one a workspace name under it.
   * `root:a:c`, `vnseogjmt1lykpu4` and `vnseogjmt1lykpu4:c` all work.
   */
  resolve(segment: string): Resolved | undefined {
    const direct = this.paths.get(segment);
    if (direct) return direct;
    const colon = segment.indexOf(':');
    const first = colon < 0 ? segment : segment.slice(0, colon);
    const base = this.clusters.get(first);
    if (!base) return undefined;
    if (colon < 0) return { type: 'cluster', entry: base };
    return this.paths.get(`${base.path}${segment.slice(colon)}`);
  }

  get size(): number {
    return this.clusters.size;
  }
}
