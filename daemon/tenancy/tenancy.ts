// Wires workspaces into a shard: admission, the lifecycle controllers, bootstrap and the routing index.
import type { KObject } from '../apimachinery/types.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import type { UserInfo } from '../registry/types.js';
import { WORKSPACE_TYPES, type TypeRef } from '../apis/core-kcp/names.js';
import { bootstrapRoot, rebuildIndex } from './bootstrap.js';
import { workspaceControllers, type WorkspaceControllers } from './controller.js';
import { ensureHome, resolveHome } from './home.js';
import { WorkspaceIndex, type Resolved } from './index.js';
import { LogicalClusterAdmission } from './logical-cluster-admission.js';
import { ReservedMetadataAdmission } from './reserved-metadata.js';
import { tenancyStore, type TenancyStore } from './tenancy-store.js';
import { refreshUrls, URL_BEFORE_SERVING, urlRefreshStart } from './url-refresh.js';
import { WorkspaceAdmission, type UseAuthorizer } from './workspace-admission.js';

export interface TenancyOptions {
  externalURL(): string;
  /** May a user `use` a WorkspaceType (RBAC in the type's workspace)? Asked when a Workspace is created. */
  authorizeUse: UseAuthorizer;
}

export class Tenancy {
  readonly index = new WorkspaceIndex();
  readonly admission: WorkspaceAdmission;
  private readonly store: TenancyStore;
  private readonly controllers: WorkspaceControllers;

  constructor(
    private readonly registry: Registry,
    manager: ControllerManager,
    private readonly opts: TenancyOptions,
  ) {
    this.store = tenancyStore(registry);
    this.admission = new WorkspaceAdmission(registry.store, this.index, opts.authorizeUse);
    // Reserved metadata first: it judges what the client sent, before the plugins below add the system's metadata.
    registry.admission.register(new ReservedMetadataAdmission(this.index));
    registry.admission.register(this.admission);
    registry.admission.register(new LogicalClusterAdmission());
    this.controllers = workspaceControllers(manager, {
      registry,
      store: this.store,
      index: this.index,
      externalURL: () => opts.externalURL(),
      // Resolved through admission's WorkspaceType cache, which the WorkspaceType informer keeps exact.
      typeLifecycle: (type: TypeRef) => this.admission.lifecycle(type),
    });
    manager.informers.for(WORKSPACE_TYPES).addHandler((ev) => this.admission.observe(ev), { list: false });
  }

  /**
   * Creates root on first start, then loads the index (workspaces and mounts) and, if the address changed, moves
   * the first stored URLs to it (the url-refresh controller does the rest). Throws InconsistentRoutesError on a store
   * in which two logical clusters claim one path. Runs before the controllers start.
   */
  start(): void {
    bootstrapRoot(this.registry, this.store, this.opts.externalURL());
    rebuildIndex(this.registry, this.index);
    const urls = { store: this.registry.store, base: () => this.opts.externalURL() };
    const from = urlRefreshStart(urls);
    const next = from && refreshUrls(urls, from, URL_BEFORE_SERVING);
    if (next) this.controllers.refreshUrls(next);
  }

  /** A path or logical cluster name → where it routes, loading a home workspace on first use. */
  resolve(segment: string): Resolved | undefined {
    return this.index.resolve(segment) ?? resolveHome(this.registry.store, this.index, segment);
  }

  /** The home workspace of `user`, created on first use (GET …/workspaces/~ in root). */
  home(user: UserInfo): KObject {
    return ensureHome(this.store, this.index, this.opts.externalURL(), user);
  }
}
