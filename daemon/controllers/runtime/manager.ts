// Owns a shard's controllers and the informers they share: controllers register while the control plane is
// assembled, nothing subscribes to the store until start(), and stop() ends every subscription, queue and timer.
import type { Store, StoreEvent, Watch } from '../../storage/store.js';
import type { Controller, ControllerStats } from './controller.js';
import { Informers } from './informer.js';

export class ControllerManager {
  readonly informers: Informers;
  private readonly controllers: Array<Controller<never>> = [];
  private readonly anyEventHandlers: Array<(ev: StoreEvent) => void> = [];
  private subscription?: Watch;
  private started = false;

  constructor(private readonly store: Store) {
    this.informers = new Informers(store);
  }

  add<T>(controller: Controller<T>): Controller<T> {
    this.controllers.push(controller as Controller<never>);
    if (this.started) controller.start();
    return controller;
  }

  /**
   * Every committed event of every resource, for controllers that react to any kind (the garbage collector learns of
   * every deleted owner). No list: what is stored already is the business of the informers.
   */
  onAnyEvent(handler: (ev: StoreEvent) => void): void {
    this.anyEventHandlers.push(handler);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const c of this.controllers) c.start();
    if (this.anyEventHandlers.length) {
      const handlers = this.anyEventHandlers;
      this.subscription = this.store.subscribeAll((ev) => {
        for (const h of handlers) h(ev);
      });
    }
    this.informers.start();
  }

  stop(): void {
    this.subscription?.stop();
    this.informers.stop();
    for (const c of this.controllers) c.stop();
  }

  stats(): ControllerStats[] {
    return this.controllers.map((c) => c.stats());
  }

  /** Settles when every controller's queue is empty (tests). */
  async idle(): Promise<void> {
    await Promise.all(this.controllers.map((c) => c.idle()));
  }
}
