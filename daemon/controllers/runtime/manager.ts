// Owns a shard's controllers and the informers they share: controllers register while the control plane is
// assembled, nothing subscribes to the store until start(), and stop() ends every subscription, queue and timer.
import type { Store, StoreEvent, Watch, WatchListener } from '../../storage/store.js';
import type { Controller, ControllerStats } from './controller.js';
import { Informers } from './informer.js';

/**
 * Something else started and stopped with the controllers: a pool of connections their reconcilers opened, a cache
 * fed by their events. stop() may wait for what it closes.
 */
export interface Runnable {
  start?(): void;
  stop?(): void | Promise<void>;
}

export class ControllerManager {
  readonly informers: Informers;
  private readonly controllers: Array<Controller<never>> = [];
  private readonly anyEventHandlers: Array<(ev: StoreEvent) => void> = [];
  private readonly writeHooks: WatchListener[] = [];
  private readonly runnables: Runnable[] = [];
  private readonly subscriptions: Watch[] = [];
  private started = false;

  constructor(private readonly store: Store) {
    this.informers = new Informers(store);
  }

  add<T>(controller: Controller<T>): Controller<T> {
    this.controllers.push(controller as Controller<never>);
    if (this.started) controller.start();
    return controller;
  }

  addRunnable(runnable: Runnable): void {
    this.runnables.push(runnable);
    if (this.started) runnable.start?.();
  }

  /**
   * Every committed event of every resource, for controllers that react to any kind (the garbage collector learns of
   * every deleted owner) and caches that any write may invalidate (the authorizer's). No list: what is stored already
   * is the business of the informers.
   */
  onAnyEvent(handler: (ev: StoreEvent) => void): void {
    this.anyEventHandlers.push(handler);
  }

  /**
   * Work that must commit in the transaction of the write that causes it (store.onWrite: a new Workspace and its
   * logical cluster), from start() until stop(). A hook that throws rolls the write back, so hooks are for what may
   * veto it; everything else belongs in a controller.
   */
  onWrite(hook: WatchListener): void {
    this.writeHooks.push(hook);
    if (this.started) this.subscriptions.push(this.store.onWrite(hook));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    // Hooks first: no write after start() may miss them.
    for (const hook of this.writeHooks) this.subscriptions.push(this.store.onWrite(hook));
    for (const r of this.runnables) r.start?.();
    for (const c of this.controllers) c.start();
    if (this.anyEventHandlers.length) {
      const handlers = this.anyEventHandlers;
      this.subscriptions.push(
        this.store.subscribeAll((ev) => {
          for (const h of handlers) h(ev);
        }),
      );
    }
    this.informers.start();
  }

  /**
   * Ends every subscription and queue (no timer is left), stops the runnables — which may cut short what a reconcile
   * waits on, a probe of a remote API — and settles once no reconcile is in flight: then the store may close.
   */
  async stop(): Promise<void> {
    for (const s of this.subscriptions.splice(0)) s.stop();
    this.informers.stop();
    const settled = this.controllers.map((c) => c.stop());
    await Promise.all(this.runnables.map(async (r) => r.stop?.()));
    await Promise.all(settled);
  }

  stats(): ControllerStats[] {
    return this.controllers.map((c) => c.stats());
  }

  /** Settles when every controller's queue is empty (tests). */
  async idle(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.idle()));
  }
}
