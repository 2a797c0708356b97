// Mounts: a workspace whose requests are served by another Kubernetes API. A KubeCluster object
// (mounts.contrib.kcp.io/v1alpha1) names a Secret holding the target's kubeconfig; the mounts controller
// (controller.ts, reconcile.ts) probes the target and keeps the KubeCluster's and the Workspaces' status honest; the
// front proxy forwards requests to a mounted workspace over the link the controller opened, with the target's
// credentials — never the caller's.
import type { Registry } from '../registry/registry.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { MountEntry, Resolved, WorkspaceIndex } from '../tenancy/index.js';
import { WORKSPACES } from '../apis/core-kcp/names.js';
import { mountDeps, mountsController } from './controller.js';
import { mountAbove, nestedServer } from './below-mount.js';
import { MountTable } from './mount-table.js';
import { mountRef } from './reconcile.js';
import type { MountTarget } from './target.js';
import type { TargetLink } from './target-link.js';

export class Mounts {
  private readonly table = new MountTable<TargetLink>();

  constructor(
    private readonly registry: Registry,
    manager: ControllerManager,
    index: WorkspaceIndex,
  ) {
    mountsController(manager, mountDeps(registry, index, this.table));
  }

  /**
   * Where a request to a mounted workspace goes, or why it cannot go anywhere now; with `below`, to the workspace
   * nested that deep in the mount's target (below-mount.ts).
   */
  target(entry: MountEntry, below: readonly string[] = []): MountTarget | undefined {
    const ws = this.registry.store.get({ cluster: entry.parentCluster, resource: WORKSPACES, namespace: '', name: entry.workspace });
    const ref = mountRef(ws);
    const state = ref?.kind === 'KubeCluster' && ref.name ? this.table.get(entry.parentCluster, ref.name) : undefined;
    const mount = { parentCluster: entry.parentCluster, workspace: entry.workspace };
    if (!ws || !ref || !state) return { type: 'unavailable', message: `mount ${entry.path}: the mount object is missing`, mount };
    const link = state.link;
    const server = link && (below.length ? nestedServer(link.server, below) : link.server);
    // Nothing lies below a target that is no workspace (a Kubernetes cluster): such a path is missing like any other.
    if (link && !server) return undefined;
    if (state.phase !== 'Ready' || !link || !server)
      return { type: 'unavailable', message: `mount ${entry.path} is not available: ${state.reason}`, mount };
    const path = [entry.path, ...below].join(':');
    return { type: 'mount', path, ...mount, forward: (req, res, rest, body) => link.forward(path, req, res, rest, body, server) };
  }

  /** Where a path below a mounted workspace goes (`root:b:inner` under mount `root:b`); undefined when it is below none. */
  below(path: string, resolve: (path: string) => Resolved | undefined): MountTarget | undefined {
    const found = mountAbove<MountEntry>(path, (prefix) => {
      const r = resolve(prefix);
      return r && (r.type === 'mount' ? { type: 'mount', mount: r.entry } : { type: 'cluster' });
    });
    return found && this.target(found.mount, found.below);
  }
}
