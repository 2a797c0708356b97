// Workspace spec.URL and LogicalCluster status.URL name the daemon's address, which a persistent daemon restarted on
// another port no longer has (kube clients and `kubectl ws` follow them). After such a restart they are rewritten a
// page at a time — the first few hundred objects before the daemon serves, so a small shard is current at once, the
// rest a page per turn by the url-refresh controller, so a shard of 100,000 workspaces starts as fast as any. The
// Shard remembers the base address the stored URLs are known to use, so a start on the same address reads nothing,
// and a refresh cut short by a stop resumes at the next start.
import type { KObject } from '../apimachinery/types.js';
import { RevisionMismatchError, type ObjectKey, type Store } from '../storage/store.js';
import { LOGICAL_CLUSTERS, SHARD_NAME, SHARDS, ROOT, WORKSPACES } from '../apis/core-kcp/names.js';

/** Annotation on the Shard: the base URL every stored workspace URL uses (absent or different: refresh them). */
export const ANN_URL_BASE = 'kcpx.io/url-base';
/** Objects read per step of the controller. */
export const URL_PAGE = 500;
/** Objects read before the daemon serves (a small shard's every URL). */
export const URL_BEFORE_SERVING = 200;
const SHARD_KEY: ObjectKey = { cluster: ROOT, resource: SHARDS, namespace: '', name: SHARD_NAME };

/** Where each resource keeps its URL. */
const URL_FIELDS: ReadonlyArray<{ resource: string; field: 'spec' | 'status' }> = [
  { resource: WORKSPACES, field: 'spec' },
  { resource: LOGICAL_CLUSTERS, field: 'status' },
];

export interface UrlRefreshDeps {
  store: Pick<Store, 'get' | 'update' | 'listRaw' | 'transaction'>;
  /** The daemon's address now. */
  base(): string;
}

/** Where a refresh goes on: the resource (an index into URL_FIELDS) and the key after which to read. */
export interface UrlCursor {
  which: number;
  after?: { cluster: string; namespace: string; name: string };
}

/** `url` moved onto `base` (same path), or undefined when it already is there or is not a workspace URL. */
export function rebased(url: unknown, base: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  const m = /^https?:\/\/[^/]+(\/clusters\/.*)$/.exec(url);
  if (!m || url.startsWith(`${base}/`)) return undefined;
  return `${base}${m[1]}`;
}

/** Where a refresh starts, or undefined when the Shard says every stored URL uses the daemon's address already. */
export function urlRefreshStart(deps: UrlRefreshDeps): UrlCursor | undefined {
  const shard = deps.store.get(SHARD_KEY);
  if (!shard || shard.metadata.annotations?.[ANN_URL_BASE] === deps.base()) return undefined;
  return { which: 0 };
}

/**
 * Rewrites the stale URLs among the next `budget` objects from `cursor` on; returns where to go on, or undefined
 * when every URL is current (and the Shard says so).
 */
export function refreshUrls(deps: UrlRefreshDeps, cursor: UrlCursor, budget: number): UrlCursor | undefined {
  const { store } = deps;
  const base = deps.base();
  // Most rows of an interrupted refresh are already current: a substring test spares parsing them.
  const current = `"URL":"${base}/clusters/`;
  let { which, after } = cursor;
  while (budget > 0) {
    const { resource, field } = URL_FIELDS[which]!;
    const page = store.listRaw({ cluster: '*', resource }, { limit: Math.min(budget, URL_PAGE), ...(after ? { after } : {}) });
    const stale = page.items.filter((raw) => raw.includes('"URL":"') && !raw.includes(current)).map((raw) => JSON.parse(raw) as KObject);
    if (stale.length) store.transaction(() => stale.forEach((obj) => rebaseUrl(deps, resource, field, obj)));
    budget -= page.items.length;
    if (page.next) after = page.next;
    else if (which + 1 < URL_FIELDS.length) {
      which++;
      after = undefined;
    } else {
      markCurrent(deps, base);
      return undefined;
    }
  }
  return { which, ...(after ? { after } : {}) };
}

/** Fixes one object's stale URL, keeping whatever a concurrent writer changed. */
export function rebaseUrl(deps: UrlRefreshDeps, resource: string, field: 'spec' | 'status', obj: KObject): void {
  const { store } = deps;
  const base = deps.base();
  const key: ObjectKey = { cluster: obj.metadata.annotations?.['kcp.io/cluster'] ?? '', resource, namespace: '', name: obj.metadata.name! };
  for (let current: KObject | undefined = obj; current; current = store.get(key)) {
    const part = (current[field] ?? {}) as Record<string, unknown>;
    const url = rebased(part['URL'], base);
    if (!url) return;
    const next = structuredClone(current);
    next[field] = { ...part, URL: url };
    try {
      store.update(key, next, Number(current.metadata.resourceVersion));
      return;
    } catch (err) {
      if (!(err instanceof RevisionMismatchError)) throw err;
    }
  }
}

/** Every stored URL uses `base` now: the Shard says so, unless the daemon moved again meanwhile. */
function markCurrent(deps: UrlRefreshDeps, base: string): void {
  const { store } = deps;
  for (let shard = store.get(SHARD_KEY); shard && base === deps.base(); shard = store.get(SHARD_KEY)) {
    if (shard.metadata.annotations?.[ANN_URL_BASE] === base) return;
    const next = structuredClone(shard);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [ANN_URL_BASE]: base };
    try {
      store.update(SHARD_KEY, next, Number(shard.metadata.resourceVersion));
      return;
    } catch (err) {
      if (!(err instanceof RevisionMismatchError)) throw err;
    }
  }
}
