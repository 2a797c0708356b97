// The one controller runtime: a reconcile function behind a keyed work queue, with retries on exponential backoff,
// requeues, a start/stop lifecycle and counters for /metrics. Reconcilers are level-based: they get a key's latest
// item and make the world match it, so running one twice is harmless and missing an intermediate event is too.
//
// Unlike client-go's worker goroutines, work runs on the event loop, one item at a time:
// - `schedule: 'sync'` drains in the call that enqueued, i.e. right after the triggering commit and before its request
//   is answered (workspace routing: a deleted workspace is unroutable by the very next request);
// - `schedule: 'tick'` drains on the next turn, so everything enqueued in one turn is handled together (and, with
//   `batch`, committed together).
// An asynchronous reconcile (one that waits on I/O: a remote API, the registry's verbs) holds one of `workers` slots
// while it waits; with one slot (the default) keys are handled strictly one after another.
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { WorkQueue } from './work-queue.js';

export interface ReconcileResult {
  /** Reconcile the key again after this long, even if nothing changes (polling an external system). */
  requeueAfterMs?: number;
}

export type ReconcileOutcome = ReconcileResult | void;

export interface ControllerOptions<T> {
  /** Names the controller in logs and metrics (`namespace`, `garbage-collector`). */
  name: string;
  key(item: T): string;
  /** Throwing (or rejecting) retries the key with backoff. */
  reconcile(item: T): ReconcileOutcome | Promise<ReconcileOutcome>;
  schedule?: 'sync' | 'tick';
  /**
   * How many asynchronous reconciles (of different keys) may wait at once, as client-go's worker count: a
   * reconciler that probes remote systems must not let one slow target hold up the others. Default 1.
   */
  workers?: number;
  /**
   * Wraps each drain pass, e.g. in a store transaction so a turn's work commits at once. Only synchronous reconciles
   * run inside it; an asynchronous one ends the pass and the rest follows in a new one.
   */
  batch?(pass: () => void): void;
  backoff?: BackoffOptions;
  /** Where failures are reported. Default: process warnings. */
  log?(message: string): void;
}

export interface ControllerStats {
  name: string;
  /** Keys waiting now. */
  depth: number;
  /** Keys waiting for a retry or requeue delay. */
  delayed: number;
  adds: number;
  retries: number;
}

export class Controller<T> {
  private readonly queue = new WorkQueue<T>();
  private readonly backoff: Backoff;
  private readonly schedule: 'sync' | 'tick';
  private readonly workers: number;
  private started = false;
  private stopped = false;
  private running = false;
  private scheduled = false;
  private retries = 0;
  /** Asynchronous reconciles not settled yet. */
  private readonly inflight = new Set<Promise<void>>();
  /** Settles when the queue is next empty and nothing runs (tests, orderly shutdown). */
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly opts: ControllerOptions<T>) {
    this.backoff = new Backoff(opts.backoff ?? DEFAULT_BACKOFF);
    this.schedule = opts.schedule ?? 'tick';
    this.workers = Math.max(1, opts.workers ?? 1);
    this.queue.onReady = () => this.wake();
  }

  get name(): string {
    return this.opts.name;
  }

  enqueue(item: T): void {
    this.queue.add(this.opts.key(item), item);
  }

  enqueueAfter(item: T, ms: number): void {
    this.queue.addAfter(this.opts.key(item), item, ms);
  }

  /** Begins processing (items enqueued before now were kept). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    if (this.queue.depth > 0) this.wake();
  }

  /**
   * Stops processing and drops what waits (pending retries and requeues included: no timer is left). Resolves once
   * the asynchronous reconciles in flight have settled, so that whoever owns what they use may close it.
   */
  stop(): Promise<void> {
    this.stopped = true;
    this.queue.shutdown();
    this.notifyIdle();
    return Promise.all(this.inflight).then(() => undefined);
  }

  /** Resolves once nothing is queued or running (delayed retries are not waited for). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stats(): ControllerStats {
    return {
      name: this.opts.name,
      depth: this.queue.depth,
      delayed: this.queue.delayedCount,
      adds: this.queue.adds,
      retries: this.retries,
    };
  }

  private isIdle(): boolean {
    return this.stopped || (!this.running && !this.scheduled && this.inflight.size === 0 && this.queue.depth === 0);
  }

  private wake(): void {
    if (!this.started || this.stopped || this.running) return;
    if (this.schedule === 'sync') {
      this.drain();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    if (this.running || this.stopped || this.inflight.size >= this.workers) return;
    this.running = true;
    const handled: Array<{ key: string; item: T }> = [];
    // A 'tick' pass takes the keys waiting when it begins; what its reconciles add waits for the next turn (a long
    // job proceeds a step per turn by enqueueing its next step). A 'sync' pass drains everything.
    let budget = this.schedule === 'tick' ? this.queue.depth : Infinity;
    const pass = () => {
      while (budget-- > 0) {
        const e = this.queue.next();
        if (!e) return;
        handled.push(e);
        const pending = this.process(e.key, e.item);
        if (!pending) continue;
        this.inflight.add(pending);
        void pending.then(() => {
          this.inflight.delete(pending);
          this.drain();
        });
        // Every slot waits: the rest follows when one settles (and, with a batch, in a pass of its own).
        if (this.inflight.size >= this.workers) return;
      }
    };
    try {
      if (this.opts.batch) this.opts.batch(pass);
      else pass();
    } catch (err) {
      // The batch itself failed (its commit, say): everything it held is retried.
      for (const e of handled) this.failed(e.key, e.item, err);
    }
    this.running = false;
    // Work added by a reconcile to a 'tick' queue waits for the next turn; a 'sync' queue drained it in the loop.
    if (this.queue.depth > 0 && this.inflight.size < this.workers) this.wake();
    if (this.isIdle()) this.notifyIdle();
  }

  /** Runs one reconcile; returns a promise only when the reconcile is asynchronous. */
  private process(key: string, item: T): Promise<void> | undefined {
    let outcome: ReconcileOutcome | Promise<ReconcileOutcome>;
    try {
      outcome = this.opts.reconcile(item);
    } catch (err) {
      this.failed(key, item, err);
      this.queue.done(key);
      return undefined;
    }
    if (outcome instanceof Promise) {
      return outcome
        .then(
          (result) => this.succeeded(key, item, result),
          (err: unknown) => this.failed(key, item, err),
        )
        .finally(() => this.queue.done(key));
    }
    this.succeeded(key, item, outcome);
    this.queue.done(key);
    return undefined;
  }

  private succeeded(key: string, item: T, result: ReconcileOutcome): void {
    this.backoff.forget(key);
    if (result?.requeueAfterMs !== undefined) this.queue.addAfter(key, item, result.requeueAfterMs);
  }

  private failed(key: string, item: T, err: unknown): void {
    if (this.stopped) return;
    this.retries++;
    const delay = this.backoff.next(key);
    const attempts = this.backoff.attempts(key);
    // The first failure and then every tenth: a key stuck on a persistent error must not flood the log.
    if (attempts === 1 || attempts % 10 === 0) {
      const message = `${this.opts.name} controller: ${key}: ${(err as Error)?.message ?? String(err)} (attempt ${attempts}, retrying in ${delay} ms)`;
      if (this.opts.log) this.opts.log(message);
      else process.emitWarning(message);
    }
    this.queue.addAfter(key, item, delay);
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
