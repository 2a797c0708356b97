// Wires workspaces into a shard: admission, the lifecycle controller, bootstrap and the routing index.
import type { Registry } from '../registry/registry.js';
import { bootstrapRoot, rebuildIndex } from './bootstrap.js';
import { WorkspaceController } from './controller.js';
import { WorkspaceIndex } from './index.js';
import { WorkspaceAdmission } from './workspace-admission.js';
import type { KObject } from '../apimachinery/types.js';
import type { TypeRef } from './resources.js';

export interface TenancyOptions {
  externalURL(): string;
  onMountWorkspace?(cluster: string, ws: KObject): void;
}

export class Tenancy {
  readonly index = new WorkspaceIndex();
  readonly controller: WorkspaceController;
  readonly admission: WorkspaceAdmission;

  constructor(
    private readonly registry: Registry,
    private readonly opts: TenancyOptions,
  ) {
    const deps = {
      registry,
      index: this.index,
      externalURL: opts.externalURL,
      // Resolved through admission's WorkspaceType cache (admission is built below; this runs only later).
      typeLifecycle: (type: TypeRef) => this.admission.lifecycle(type),
      ...(opts.onMountWorkspace ? { onMountWorkspace: opts.onMountWorkspace } : {}),
    };
    this.controller = new WorkspaceController(deps);
    this.admission = new WorkspaceAdmission(registry.store, this.index);
    registry.admission.register(this.admission);
    registry.store.onWrite((ev) => this.controller.onWrite(ev));
    registry.store.subscribeAll((ev) => {
      this.admission.observe(ev);
      this.controller.observe(ev);
    });
  }

  /** Creates root on first start, then loads the index (mounted workspaces are the mount controller's to find). */
  start(): void {
    bootstrapRoot(this.registry, this.controller, this.opts.externalURL());
    rebuildIndex(this.registry, this.index);
  }
}
