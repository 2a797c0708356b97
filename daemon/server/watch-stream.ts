// Watch framing: 200 with headers flushed at once (kubectl wait hangs otherwise), then one JSON event per line.
import type { ServerResponse } from 'node:http';
import type { Status } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { WatchEventType, WatchSink } from '../registry/watch.js';

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
      const payload = type === 'ERROR' || type === 'BOOKMARK' ? object : transform(type, object, first);
      if (type !== 'ERROR' && type !== 'BOOKMARK') first = false;
      res.write(`${JSON.stringify({ type, object: payload })}\n`);
    },
    end() {
      if (!res.writableEnded) res.end();
      finish();
    },
  };
}
