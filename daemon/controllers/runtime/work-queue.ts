// A keyed, de-duplicating work queue with client-go's guarantees: a key is queued at most once however often it is
// added, a key is never handed out while it is being processed, and a key added during its own processing is
// queued again once that processing is done. Items are the latest value added for their key.
export interface QueueEntry<T> {
  key: string;
  item: T;
}

export class WorkQueue<T> {
  /** Keys waiting, in the order they were first added (Map iteration order). */
  private readonly waiting = new Map<string, T>();
  private readonly processing = new Set<string>();
  /** Keys added again while being processed: queued when done() is called for them. */
  private readonly dirty = new Map<string, T>();
  private readonly delayed = new Map<string, { timer: NodeJS.Timeout; item: T; due: number }>();
  private closed = false;
  private addCount = 0;

  /** Called whenever a key becomes available to next() (the owner schedules processing). */
  onReady: () => void = () => undefined;

  add(key: string, item: T): void {
    if (this.closed) return;
    this.addCount++;
    const later = this.delayed.get(key);
    if (later) {
      clearTimeout(later.timer);
      this.delayed.delete(key);
    }
    if (this.processing.has(key)) {
      this.dirty.set(key, item);
      return;
    }
    const fresh = !this.waiting.has(key);
    this.waiting.set(key, item);
    if (fresh) this.onReady();
  }

  /**
   * Adds `key` after `ms`. An earlier pending delay for the key is kept when it fires sooner (a retry never postpones
   * work already due), and an immediate add() supersedes any delay.
   */
  addAfter(key: string, item: T, ms: number): void {
    if (this.closed) return;
    if (ms <= 0) return this.add(key, item);
    if (this.waiting.has(key)) {
      this.waiting.set(key, item);
      return;
    }
    const due = Date.now() + ms;
    const prev = this.delayed.get(key);
    if (prev && prev.due <= due) {
      prev.item = item;
      return;
    }
    if (prev) clearTimeout(prev.timer);
    const timer = setTimeout(() => {
      const entry = this.delayed.get(key);
      if (entry?.timer !== timer) return;
      this.delayed.delete(key);
      this.add(key, entry.item);
    }, ms);
    // A pending retry must not keep the process alive on its own.
    timer.unref();
    this.delayed.set(key, { timer, item, due });
  }

  /** The next key to process, now marked as processing; undefined when nothing waits. */
  next(): QueueEntry<T> | undefined {
    for (const [key, item] of this.waiting) {
      this.waiting.delete(key);
      this.processing.add(key);
      return { key, item };
    }
    return undefined;
  }

  /** Ends the processing of `key`; if it was added meanwhile, it waits again. */
  done(key: string): void {
    this.processing.delete(key);
    const again = this.dirty.get(key);
    if (again === undefined && !this.dirty.has(key)) return;
    this.dirty.delete(key);
    if (!this.closed) {
      this.waiting.set(key, again as T);
      this.onReady();
    }
  }

  /** Drops everything and accepts nothing more. */
  shutdown(): void {
    this.closed = true;
    for (const { timer } of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.waiting.clear();
    this.dirty.clear();
  }

  /** Keys waiting to be processed (not counting delayed ones). */
  get depth(): number {
    return this.waiting.size;
  }

  /** Keys waiting for a delay to pass (retries, requeues). */
  get delayedCount(): number {
    return this.delayed.size;
  }

  get adds(): number {
    return this.addCount;
  }

  get isShutDown(): boolean {
    return this.closed;
  }
}
