// Watch framing: 200 with headers flushed at once (kubectl wait hangs otherwise), then one JSON event per line.
import type { ServerResponse } from 'node:http';
import type { Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { WatchEventType, WatchSink } from '../registry/watch.js';

/**
 * One committed event reaches every watcher as the same object: serialise it once per event type, not once
 * per watcher (the cacher's CachingObject idea).
 */
const lines = new WeakMap<object, Partial<Record<WatchEventType, string>>>();

function eventLine(type: WatchEventType, payload: object, shared: boolean): string {
  if (!shared) return `${JSON.stringify({ type, object: payload })}\n`;
  let byType = lines.get(payload);
  if (!byType) lines.set(payload, (byType = {}));
  return (byType[type] ??= `${JSON.stringify({ type, object: payload })}\n`);
}

export function openWatchStream(
  res: ServerResponse,
  transform: (type: WatchEventType, obj: KObject | Status, first: boolean) => unknown,
  onClose: () => void,
): WatchSink {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  let ended = false;
  let first = true;
  const finish = () => {
    if (ended) return;
    ended = true;
    onClose();
  };
  res.on('close', finish);
  return {
    send(type, object) {
      if (ended) return;
      const payload = (type === 'ERROR' || type === 'BOOKMARK' ? object : transform(type, object, first)) as object;
      if (type !== 'ERROR' && type !== 'BOOKMARK') first = false;
      res.write(eventLine(type, payload, payload === object && type !== 'ERROR' && type !== 'BOOKMARK'));
    },
    end() {
      if (!res.writableEnded) res.end();
      finish();
    },
  };
}
