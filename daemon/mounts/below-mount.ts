// Workspaces below a mount. A mounted workspace is served elsewhere; when that elsewhere is itself a kcp workspace
// (the mount's URL is `…/clusters/<path>`), the workspaces nested in it are reached through the mount as well, as a
// mounted directory shows what lies below it: `/clusters/root:b:inner/…`, under mount `root:b` of
// `https://t/clusters/root`, goes to `https://t/clusters/root:inner/…`. kcp's index answers any path below a mount
// with the mount's own URL, dropping the segments after it (pkg/index Lookup), so that `kubectl ws inner` inside a
// mount appears to enter `inner` while every request still reaches the mount; kcpx follows the segments instead.

/** How a path prefix routes: to a logical cluster, to a mount, or nowhere. */
export type PrefixRoute<M> = { type: 'cluster' } | { type: 'mount'; mount: M } | undefined;

/**
 * The mount a path lies below, and the segments after it: found from the longest prefix down, stopping at the first
 * prefix that routes (below a logical cluster, a missing workspace is just missing). Only paths that route nowhere
 * themselves are looked up, so this costs nothing on the way of a request that routes.
 */
export function mountAbove<M>(path: string, route: (prefix: string) => PrefixRoute<M>): { mount: M; below: string[] } | undefined {
  const segments = path.split(':');
  for (let i = segments.length - 1; i >= 1; i--) {
    const r = route(segments.slice(0, i).join(':'));
    if (!r) continue;
    return r.type === 'mount' ? { mount: r.mount, below: segments.slice(i) } : undefined;
  }
  return undefined;
}

/** The URL of the workspace `below` nested in a target served at `server`; undefined when `server` is no workspace URL. */
export function nestedServer(server: string, below: readonly string[]): string | undefined {
  const m = /^(.*\/clusters\/)([^/?#]+)\/?$/.exec(server);
  return m && below.length ? `${m[1]}${m[2]}:${below.join(':')}` : undefined;
}
