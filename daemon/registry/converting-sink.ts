// A watch of a kind that converts through a round trip (a CRD's conversion webhook, see ObjectConverter): its events
// reach the client converted and in order. The events one turn of the event loop produces (a watch's initial
// list, a burst of writes) are converted together, as one round trip; a conversion that fails ends the stream, as
// kube's watch ends when it cannot encode an event (the client then watches again from where it was).
import type { KObject } from '../apimachinery/types.js';
import type { ObjectConverter } from './strategy.js';
import type { WatchEventType, WatchSink } from './watch.js';
import type { Status } from '../apimachinery/status.js';

interface Pending {
  type: WatchEventType;
  object: KObject | Status;
}

/** Whether an event carries an object of the watched kind (bookmarks and errors carry none to convert). */
function carriesObject(type: WatchEventType): boolean {
  return type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED';
}

export function convertingSink(sink: WatchSink, converter: ObjectConverter): WatchSink {
  let batch: Pending[] = [];
  /** Sends of earlier batches: a batch's events go out once every earlier one's have. */
  let sent: Promise<void> = Promise.resolve();
  let ended = false;

  const flush = () => {
    const events = batch;
    batch = [];
    const objects = events.filter((e) => carriesObject(e.type)).map((e) => e.object as KObject);
    // Converting starts at once; only sending waits for the batches before.
    const converted = objects.length ? converter.toServed(objects, false) : Promise.resolve([]);
    converted.catch(() => undefined);
    sent = sent.then(() =>
      converted.then(
        (objs) => {
          if (ended) return;
          let i = 0;
          for (const e of events) sink.send(e.type, carriesObject(e.type) ? objs[i++]! : e.object);
        },
        () => end(),
      ),
    );
  };
  const end = () => {
    ended = true;
    sink.end();
  };
  return {
    send(type, object) {
      if (ended) return;
      if (batch.length === 0) queueMicrotask(flush);
      batch.push({ type, object });
    },
    end() {
      if (ended) return;
      // What was sent before the end still goes out first.
      if (batch.length) flush();
      sent = sent.then(end);
    },
  };
}
