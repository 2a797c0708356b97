// WATCH: replay from a resourceVersion (or synthesise the current state), then follow live changes, filtered by
// the call's selectors with kube's cacher semantics (an object leaving the selection is DELETED, entering it is
// ADDED). Output is a sequence of events handed to a sink; HTTP framing is the server's business.
import { tooOldResourceVersion, type Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { CompactedError, type StoreEvent } from '../storage/store.js';
import type { ResourceCall } from './call.js';
import { apiVersionOf, storageResource } from './keys.js';
import { listOptionsOf, parseResourceVersion } from './options.js';
import type { Registry } from './registry.js';
import { compileSelectors, type Predicate } from './selectors.js';
import { convertingSink } from './converting-sink.js';
import { fromStorage } from './stored-as.js';

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
/** Without timeoutSeconds kube picks 30–60 minutes (minRequestTimeout × [1, 2)); so do we. */
const DEFAULT_TIMEOUT_S = 1800;

/** A watch whose options are read and checked: starting it cannot fail for anything the client sent. */
export interface PreparedWatch {
  start(sink: WatchSink): ActiveWatch;
}

export function startWatch(reg: Registry, call: ResourceCall, sink: WatchSink): ActiveWatch {
  return prepareWatch(reg, call).start(sink);
}

/** Reads and validates a watch's options, so a refusal is answered before the stream's 200 is written. */
export function prepareWatch(reg: Registry, call: ResourceCall): PreparedWatch {
  const { def, query } = call;
  const opts = listOptionsOf(query);
  let predicate = compileSelectors(def, opts);
  if (call.name) {
    const name = call.name;
    const base = predicate;
    predicate = (o) => o.metadata.name === name && (!base || base(o));
  }
  // A resource stored as another is selected, and sent, in its own form.
  if (predicate && def.storedAs) {
    const inStorage = predicate;
    predicate = (o) => inStorage(fromStorage(def, o));
  }
  const matches: Predicate = predicate ?? (() => true);
  const bookmarks = opts.allowWatchBookmarks;
  // Without timeoutSeconds (or with 0) kube picks 30–60 minutes; a negative timeout has already passed.
  const timeoutS = opts.timeoutSeconds
    ? Math.max(opts.timeoutSeconds, 0)
    : (reg.opts.minRequestTimeout ?? DEFAULT_TIMEOUT_S) * (1 + Math.random());
  // The watch cache parses the resourceVersion (and answers kube's 500 when it cannot).
  const from = parseResourceVersion(opts.resourceVersion);
  // A watch from "" or "0" starts with the current state unless told otherwise; sendInitialEvents=true always does.
  const initial = opts.sendInitialEvents ?? from === 0;
  return { start: run };

  function run(client: WatchSink): ActiveWatch {
    const { converter } = def.strategy;
    const sink = converter ? convertingSink(client, converter) : client;
    const scope = {
      cluster: call.cluster,
      resource: storageResource(def),
      ...(def.namespaced && call.namespace ? { namespace: call.namespace } : {}),
    };
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
      const object = fromStorage(def, ev.object);
      const now = matches(ev.object);
      // Without a selector every version matches: the previous one need not be looked at (or parsed).
      const before = predicate && ev.prev ? matches(ev.prev) : ev.type !== 'ADDED' && now;
      if (ev.type === 'ADDED') {
        if (now) sink.send('ADDED', object);
      } else if (ev.type === 'DELETED') {
        if (now || before) sink.send('DELETED', object);
      } else if (now && before) sink.send('MODIFIED', object);
      else if (now) sink.send('ADDED', object);
      else if (before) sink.send('DELETED', object);
    };

    let storeWatch: { stop(): void } | undefined;
    try {
      if (initial) {
        const page = reg.store.list(scope, predicate ? { filter: predicate } : {});
        lastRV = page.rv;
        for (const item of page.items) sink.send('ADDED', fromStorage(def, item));
        if (opts.sendInitialEvents && bookmarks) bookmark({ 'k8s.io/initial-events-end': 'true' });
        storeWatch = reg.store.watch(scope, undefined, onEvent, stop);
      } else {
        if (from > 0) lastRV = Math.min(from, reg.store.revision());
        storeWatch = reg.store.watch(scope, from > 0 ? from : undefined, onEvent, stop);
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
}
