// Workspace spec.URL and LogicalCluster status.URL name the daemon's address, which a persistent daemon restarted on
// another port no longer has (kube clients and `kubectl ws` follow them). After such a restart they are rewritten a
// page per tick — the first few hundred objects before the daemon serves, so a small shard is current at once, and a
// shard of 100,000 workspaces starts as fast as any. The Shard remembers the base address the stored URLs are known to use, so a
// start on the same address reads nothing, and a refresh cut short by a stop resumes at the next start.
import type { KObject } from '../apimachinery/types.js';
import { RevisionMismatchError, type ObjectKey, type Store } from '../storage/store.js';
import { LOGICAL_CLUSTERS, SHARD_NAME, SHARDS, ROOT, WORKSPACES } from '../apis/core-kcp/names.js';

/** Annotation on the Shard: the base URL every stored workspace URL uses (absent or different: refresh them). */
export const ANN_URL_BASE = 'kcpx.io/url-base';
const PAGE = 500;
/** Objects read before start() returns (a small shard's every URL). */
const BEFORE_SERVING = 200;
const SHARD_KEY: ObjectKey = { cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME };

/** Where each resource keeps its URL. */
const URL_FIELDS: ReadonlyArray<{ resource: string; field: 'spec' | 'status' }> = [
  { resource: WORKSPACES, field: 'spec' },
  { resource: LOGICAL_CLUSTERS, field: 'status' },
];

/** `url` moved onto `base` (same path), or undefined when it already is there or is not a workspace URL. */
export function rebased(url: unknown, base: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  const m = /^https?:\/\/[^/]+(\/clusters\/.*)$/.exec(url);
  if (!m || url.startsWith(`${base}/`)) return undefined;
  return `${base}${m[1]}`;
}

export class UrlRefresher {
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly base: () => string,
  ) {}

  /** Starts a refresh when the stored URLs may use another base; the first page runs before this returns. */
  start(): void {
    const shard = this.store.get(SHARD_KEY);
    if (!shard || shard.metadata.annotations?.[ANN_URL_BASE] === this.base()) return;
    this.page(0, undefined, BEFORE_SERVING);
  }

  stop(): void {
    this.stopped = true;
  }

  /** Reads a page of one resource; `budget` objects may still be read in this turn, the rest go to later ticks. */
  private page(which: number, after: { cluster: string; namespace: string; name: string } | undefined, budget = PAGE): void {
    if (this.stopped) return;
    const base = this.base();
    const { resource, field } = URL_FIELDS[which]!;
    const page = this.store.listRaw({ cluster: '*', resource }, { limit: Math.min(budget, PAGE), ...(after ? { after } : {}) });
    // Most rows of an interrupted refresh are already current: a substring test spares parsing them.
    const current = `"URL":"${base}/clusters/`;
    const stale = page.items.filter((raw) => raw.includes('"URL":"') && !raw.includes(current)).map((raw) => JSON.parse(raw) as KObject);
    if (stale.length) this.store.transaction(() => stale.forEach((obj) => this.rebase(resource, field, obj, base)));
    const left = budget - page.items.length;
    const next = page.next ? () => this.page(which, page.next, left > 0 ? left : PAGE) : which + 1 < URL_FIELDS.length ? () => this.page(which + 1, undefined, left > 0 ? left : PAGE) : undefined;
    if (!next) this.finish(base);
    else if (left > 0) next();
    else setImmediate(next);
  }

  private rebase(resource: string, field: 'spec' | 'status', obj: KObject, base: string): void {
    const key: ObjectKey = { cluster: obj.metadata.annotations?.['kcp.io/cluster'] ?? '', resource, namespace: '', name: obj.metadata.name! };
    for (let current: KObject | undefined = obj; current; current = this.store.get(key)) {
      const part = (current[field] ?? {}) as Record<string, unknown>;
      const url = rebased(part['URL'], base);
      if (!url) return;
      const next = structuredClone(current);
      next[field] = { ...part, URL: url };
      try {
        this.store.update(key, next, Number(current.metadata.resourceVersion));
        return;
      } catch (err) {
        if (!(err instanceof RevisionMismatchError)) throw err;
      }
    }
  }

  /** Every stored URL uses `base` now: the Shard says so, unless the daemon moved again meanwhile. */
  private finish(base: string): void {
    for (let shard = this.store.get(SHARD_KEY); shard && base === this.base(); shard = this.store.get(SHARD_KEY)) {
      if (shard.metadata.annotations?.[ANN_URL_BASE] === base) return;
      const next = structuredClone(shard);
      next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_URL_BASE]: base };
      try {
        this.store.update(SHARD_KEY, next, Number(shard.metadata.resourceVersion));
        return;
      } catch (err) {
        if (!(err instanceof RevisionMismatchError)) throw err;
      }
    }
  }
}
