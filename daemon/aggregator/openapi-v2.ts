// /openapi/v2 of a logical cluster with aggregated APIServices, as kube-aggregator serves it: each available
// server's own /openapi/v2, downloaded as `system:aggregator` and kept (its last good copy, re-downloaded with its
// ETag once a minute, as kube's OpenAPI controller does), cut to its group/version and merged after the control
// plane's document (openapi-merge.ts). The merged document is cached per cluster until one of its parts changes.
import { createHash } from 'node:crypto';
import type { Answer } from '../endpoints/respond.js';
import { lazyImport } from '../support/lazy-import.js';
import { mergeSpecs, filterSpecByPaths, type Swagger } from './openapi-merge.js';
import type { Route } from './routes.js';
import { identityHeaders, type Upstream } from './upstream.js';

/** kube's OpenAPI controller downloads an available server's spec again after a minute. */
export const SPEC_REFRESH_MS = 60_000;
const DOWNLOAD_TIMEOUT_MS = 10_000;
const AGGREGATOR_USER = { username: 'system:aggregator', groups: [] };

const encoder = lazyImport(() => import('../openapi/v2-protobuf.js'));

interface RemoteSpec {
  /** The server's document cut to the APIService's group/version; undefined until a download succeeds. */
  spec?: Swagger;
  etag?: string;
  /** Bumped when `spec` changes: part of the merged document's cache key. */
  generation: number;
  fetchedAt: number;
  refreshing?: Promise<void>;
}

interface MergedDoc {
  key: string;
  doc: Swagger;
  bodies: Partial<Record<'json' | 'protobuf', { body: string | Buffer; etag: string }>>;
}

export class AggregatedOpenAPIv2 {
  /** Per connection (the same server for the same APIService settings), per group/version. */
  private readonly remote = new WeakMap<Upstream, Map<string, RemoteSpec>>();
  private readonly merged = new Map<string, MergedDoc>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * The merged document for `cluster`, from its own (`local`, a 200 JSON answer) and the available routes', in the
   * encoding asked for; 304 when `ifNoneMatch` names it.
   */
  async answer(
    cluster: string,
    local: Answer,
    routes: readonly Route[],
    rep: { encoding: 'json' | 'protobuf'; contentType: string },
    ifNoneMatch: string | undefined,
  ): Promise<Answer> {
    const sorted = [...routes].sort(byPriority);
    const remotes = await Promise.all(sorted.map((r) => this.remoteSpec(r)));
    const localEtag = String(local.headers?.['ETag'] ?? '');
    const key = [localEtag, ...sorted.map((r, i) => `${r.name}@${remotes[i]?.generation ?? 'none'}`)].join('|');
    let m = this.merged.get(cluster);
    if (!m || m.key !== key) {
      const doc = (local.raw ? JSON.parse(String(local.body)) : structuredClone(local.body)) as Swagger;
      for (const r of remotes) if (r?.spec) mergeSpecs(doc, r.spec);
      m = { key, doc, bodies: {} };
      this.merged.set(cluster, m);
    }
    let cached = m.bodies[rep.encoding];
    if (!cached) {
      const body = rep.encoding === 'json' ? JSON.stringify(m.doc) : (await encoder.load()).encodeOpenAPIv2(m.doc);
      cached = m.bodies[rep.encoding] = { body, etag: `"${createHash('sha512').update(body).digest('hex').toUpperCase()}"` };
    }
    const headers = { ETag: cached.etag, Vary: 'Accept' };
    if (ifNoneMatch?.split(',').some((t) => t.trim() === cached.etag || t.trim() === '*')) {
      return { status: 304, body: '', contentType: rep.contentType, headers, raw: true };
    }
    return { status: 200, body: cached.body, contentType: rep.contentType, headers, raw: true };
  }

  /** A cluster that no longer has aggregated APIServices keeps no merged document. */
  forget(cluster: string): void {
    this.merged.delete(cluster);
  }

  /**
   * The route's spec: downloaded on first need (awaited), then again in the background once it is a minute old
   * (requests meanwhile get the last good copy).
   */
  private async remoteSpec(route: Route): Promise<RemoteSpec | undefined> {
    const upstream = route.upstream;
    if (!upstream) return undefined;
    let byGV = this.remote.get(upstream);
    if (!byGV) this.remote.set(upstream, (byGV = new Map()));
    const gv = `${route.group}/${route.version}`;
    let r = byGV.get(gv);
    if (!r) {
      r = { generation: 0, fetchedAt: -Infinity };
      byGV.set(gv, r);
    }
    if (this.now() - r.fetchedAt >= SPEC_REFRESH_MS) {
      r.refreshing ??= this.download(upstream, gv, r).finally(() => (r.refreshing = undefined));
      if (!r.spec) await r.refreshing;
    }
    return r;
  }

  private async download(upstream: Upstream, gv: string, r: RemoteSpec): Promise<void> {
    try {
      const res = await upstream.get('/openapi/v2', DOWNLOAD_TIMEOUT_MS, {
        ...identityHeaders(AGGREGATOR_USER),
        ...(r.etag && r.spec ? { 'if-none-match': r.etag } : {}),
      });
      r.fetchedAt = this.now();
      if (res.status === 304) return;
      if (res.status !== 200) return; // kube keeps the last good copy; a server without OpenAPI adds nothing
      const spec = filterSpecByPaths(JSON.parse(res.body) as Swagger, [`/apis/${gv}/`]);
      r.spec = spec;
      r.generation++;
      if (res.etag) r.etag = res.etag;
      else delete r.etag;
    } catch {
      // Unreachable or not JSON: the last good copy stays, and the next request tries again.
      r.fetchedAt = -Infinity;
    }
  }
}

/** kube-aggregator's order for the merge: higher group priority first, then higher version priority, then name. */
function byPriority(a: Route, b: Route): number {
  return (
    b.groupPriorityMinimum - a.groupPriorityMinimum ||
    (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
    b.versionPriority - a.versionPriority ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}
