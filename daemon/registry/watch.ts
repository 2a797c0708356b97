// WATCH: replay from a resourceVersion (or synthesise the current state), then follow live changes, filtered by
// the call's selectors with kube's cacher semantics (an object leaving the selection is DELETED, entering it is
// ADDED). Output is a sequence of events handed to a sink; HTTP framing is the server's business.
import { badRequest, invalid, fieldErr, tooOldResourceVersion, type Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { CompactedError, type StoreEvent } from '../storage/store.js';
import type { ResourceCall } from './call.js';
import { apiVersionOf, storageResource } from './keys.js';
import type { Registry } from './registry.js';
import { compileSelectors, type Predicate } from './selectors.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchSink {
  send(type: WatchEventType, object: KObject | Status): void;
  /** Ends the stream (idempotent). */
  end(): void;
}

export interface ActiveWatch {
  stop(): void;
}

const BOOKMARK_INTERVAL_MS = 60_000;
/** Without timeoutSeconds kube picks 30–60 minutes; so do we. */
const DEFAULT_TIMEOUT_S = 1800;

export function startWatch(reg: Registry, call: ResourceCall, sink: WatchSink): ActiveWatch {
  const { def, query } = call;
  let predicate = compileSelectors(def, query);
  if (call.name) {
    const name = call.name;
    const base = predicate;
    predicate = (o) => o.metadata.name === name && (!base || base(o));
  }
  const matches: Predicate = predicate ?? (() => true);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const sendInitial = query.get('sendInitialEvents');
  const rvText = query.get('resourceVersion') ?? '';
  const rvMatch = query.get('resourceVersionMatch');
  if (sendInitial !== null) {
    if (rvMatch !== 'NotOlderThan') {
      throw invalid('ListOptions.meta.k8s.io', '', [
        fieldErr.forbidden('resourceVersionMatch', "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"),
      ]);
    }
  } else if (rvMatch) {
    throw badRequest('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
  }
  const timeoutText = query.get('timeoutSeconds');
  const timeoutS = timeoutText ? Number(timeoutText) : (reg.opts.minRequestTimeout ?? DEFAULT_TIMEOUT_S) * (1 + Math.random());
  if (!Number.isFinite(timeoutS) || timeoutS < 0) throw badRequest(`invalid timeoutSeconds: ${timeoutText}`);

  const scope = { cluster: call.cluster, resource: storageResource(def), ...(def.namespaced && call.namespace ? { namespace: call.namespace } : {}) };
  let lastRV = reg.store.revision();
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const bookmark = (extra?: Record<string, string>) => {
    const meta: KObject['metadata'] = { resourceVersion: String(lastRV), creationTimestamp: null };
    if (extra) meta.annotations = extra;
    sink.send('BOOKMARK', { kind: def.kind, apiVersion: apiVersionOf(def), metadata: meta });
  };
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    storeWatch?.stop();
    sink.end();
  };

  const onEvent = (ev: StoreEvent) => {
    if (stopped) return;
    lastRV = ev.rv;
    const now = matches(ev.object);
    // Without a selector every version matches: the previous one need not be looked at (or parsed).
    const before = predicate && ev.prev ? matches(ev.prev) : ev.type !== 'ADDED' && now;
    if (ev.type === 'ADDED') {
      if (now) sink.send('ADDED', ev.object);
    } else if (ev.type === 'DELETED') {
      if (now || before) sink.send('DELETED', ev.object);
    } else if (now && before) sink.send('MODIFIED', ev.object);
    else if (now) sink.send('ADDED', ev.object);
    else if (before) sink.send('DELETED', ev.object);
  };

  let storeWatch: { stop(): void } | undefined;
  const initial = rvText === '' || rvText === '0' || sendInitial === 'true';
  try {
    if (initial && sendInitial !== 'false') {
      const page = reg.store.list(scope, predicate ? { filter: predicate } : {});
      lastRV = page.rv;
      for (const item of page.items) sink.send('ADDED', item);
      if (sendInitial === 'true' && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
      storeWatch = reg.store.watch(scope, undefined, onEvent, stop);
    } else {
      const from = rvText === '' || rvText === '0' ? undefined : Number(rvText);
      if (from !== undefined && (!Number.isInteger(from) || from < 0)) throw badRequest(`invalid resource version: ${rvText}`);
      if (from !== undefined) lastRV = Math.min(from, reg.store.revision());
      storeWatch = reg.store.watch(scope, from, onEvent, stop);
    }
  } catch (err) {
    if (err instanceof CompactedError) {
      // The cacher reports an expired resourceVersion as an ERROR event on a 200 stream.
      sink.send('ERROR', tooOldResourceVersion(err.requested, err.oldest).status);
      sink.end();
      return { stop: () => undefined };
    }
    throw err;
  }

  if (bookmarks) {
    const tick = () => {
      if (stopped) return;
      bookmark();
      timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS).unref());
    };
    timers.push(setTimeout(tick, BOOKMARK_INTERVAL_MS).unref());
  }
  timers.push(
    setTimeout(() => {
      if (bookmarks) bookmark();
      stop();
    }, timeoutS * 1000).unref(),
  );
  return { stop };
}
