// Wires workspaces into a shard: admission, the lifecycle controller, bootstrap and the routing index.
import type { Registry } from '../registry/registry.js';
import { bootstrapRoot, rebuildIndex } from './bootstrap.js';
import { WorkspaceController } from './controller.js';
import { resolveHome } from './home.js';
import { WorkspaceIndex, type Resolved } from './index.js';
import { LogicalClusterAdmission } from './logical-cluster-admission.js';
import { ReservedMetadataAdmission } from './reserved-metadata.js';
import { UrlRefresher } from './url-refresh.js';
import { WorkspaceAdmission, type UseAuthorizer } from './workspace-admission.js';
import type { KObject } from '../apimachinery/types.js';
import type { TypeRef } from '../apis/core-kcp/names.js';

export interface TenancyOptions {
  externalURL(): string;
  /** May a user `use` a WorkspaceType (RBAC in the type's workspace)? Asked when a Workspace is created. */
  authorizeUse: UseAuthorizer;
  onMountWorkspace?(cluster: string, ws: KObject): void;
}

export class Tenancy {
  readonly index = new WorkspaceIndex();
  readonly controller: WorkspaceController;
  readonly admission: WorkspaceAdmission;
  private readonly urls: UrlRefresher;

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
    this.admission = new WorkspaceAdmission(registry.store, this.index, opts.authorizeUse);
    this.urls = new UrlRefresher(registry.store, opts.externalURL);
    // Reserved metadata first: it judges what the client sent, before the plugins below add the system's metadata.
    registry.admission.register(new ReservedMetadataAdmission(this.index));
    registry.admission.register(this.admission);
    registry.admission.register(new LogicalClusterAdmission());
    registry.store.onWrite((ev) => this.controller.onWrite(ev));
    registry.store.subscribeAll((ev) => {
      this.admission.observe(ev);
      this.controller.observe(ev);
    });
  }

  /**
   * Creates root on first start, then loads the index (mounted workspaces are the mount controller's to find) and
   * starts refreshing stored URLs if the address changed. Throws InconsistentRoutesError on a store in which two
   * logical clusters claim one path.
   */
  start(): void {
    bootstrapRoot(this.registry, this.controller, this.opts.externalURL());
    rebuildIndex(this.registry, this.index);
    this.urls.start();
  }

  stop(): void {
    this.urls.stop();
  }

  /** A path or logical cluster name → where it routes, loading a home workspace on first use. */
  resolve(segment: string): Resolved | undefined {
    return this.index.resolve(segment) ?? resolveHome(this.registry.store, this.index, segment);
  }
}
