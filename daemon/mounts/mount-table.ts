// What the mounts controller knows of each KubeCluster between probes: its target's health and the open link to it
// (which requests to mounted workspaces are forwarded over). One entry per mount object, not per logical cluster.
export interface MountLink {
  readonly server: string;
  /** GET /readyz on the target: its HTTP status; rejects when the target does not answer in time. */
  probe(timeoutMs: number): Promise<number>;
  /** Closes once what is in flight has ended. */
  close(): Promise<void>;
  /** Closes at once, cutting short what is in flight. */
  destroy(): Promise<void>;
}

export type MountPhase = 'Initializing' | 'Ready' | 'Unavailable';

export interface MountState<L extends MountLink = MountLink> {
  cluster: string;
  name: string;
  phase: MountPhase;
  /** Why, in words (the Ready condition's message). */
  reason: string;
  /** `namespace/name` of the Secret the KubeCluster names, so that its changes reach the mount at once. */
  secret?: string;
  /** The Secret's version (and context) the link was opened from: a change opens a new one. */
  source?: string;
  link?: L;
}

export const mountKey = (cluster: string, name: string) => `${cluster}\u0000${name}`;

export class MountTable<L extends MountLink = MountLink> {
  private readonly states = new Map<string, MountState<L>>();
  private closed = false;

  get(cluster: string, name: string): MountState<L> | undefined {
    return this.states.get(mountKey(cluster, name));
  }

  /** The entry of a mount, made (Initializing, not probed) if it has none. */
  ensure(cluster: string, name: string): MountState<L> {
    const key = mountKey(cluster, name);
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { cluster, name, phase: 'Initializing', reason: 'not probed yet' }));
    return s;
  }

  /** Sets a mount's link, closing the one it replaces; a table closed meanwhile closes the new one instead. */
  setLink(state: MountState<L>, link: L, source: string): void {
    if (this.closed || this.states.get(mountKey(state.cluster, state.name)) !== state) {
      void link.destroy();
      throw new Error('the mount was closed while its link opened');
    }
    const old = state.link;
    state.link = link;
    state.source = source;
    if (old) void old.close();
  }

  /** Forgets a deleted mount, closing its link once what is in flight has ended. */
  drop(cluster: string, name: string): void {
    const key = mountKey(cluster, name);
    const s = this.states.get(key);
    this.states.delete(key);
    if (s?.link) void s.link.close();
  }

  /** The mounts of `cluster` whose KubeCluster names this Secret. */
  usingSecret(cluster: string, namespace: string, name: string): Array<MountState<L>> {
    const secret = `${namespace}/${name}`;
    return [...this.states.values()].filter((s) => s.cluster === cluster && s.secret === secret);
  }

  /** Closes every link at once (the daemon stops); nothing is opened afterwards. */
  async closeAll(): Promise<void> {
    this.closed = true;
    const links = [...this.states.values()].flatMap((s) => (s.link ? [s.link] : []));
    this.states.clear();
    await Promise.all(links.map((l) => l.destroy()));
  }
}
