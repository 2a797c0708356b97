// Wires ClusterRole aggregation into the shard: any change of a cluster's ClusterRoles (its informer events) queues
// that cluster; the informer's initial list queues the clusters holding aggregated roles, for changes made while the
// daemon was stopped. Writes go through the registry's update path as the controller's own identity and field
// manager, so managedFields name it as the owner of `.rules` (a later apply of `.rules` by a user conflicts, as in
// kube).
import { StatusError } from '../../apimachinery/status.js';
import { hasAggregationRule } from '../../auth/rbac/aggregation.js';
import { RBAC_RESOURCES } from '../../auth/rbac/rbac.js';
import { storageResource } from '../../registry/keys.js';
import type { Registry } from '../../registry/registry.js';
import { storeUpdate } from '../../registry/write.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerManager } from '../runtime/manager.js';
import { aggregateClusterRoles, type AggregationDeps } from './reconcile.js';

const CLUSTER_ROLES = RBAC_RESOURCES.clusterRoles;
export const AGGREGATION_FIELD_MANAGER = 'clusterrole-aggregation-controller';
const CONTROLLER_USER = {
  username: 'system:serviceaccount:kube-system:clusterrole-aggregation-controller',
  groups: ['system:masters', 'system:authenticated'],
};

export function aggregationDeps(registry: Registry): AggregationDeps | undefined {
  // Without the authorization battery there are no ClusterRoles to aggregate.
  const def = registry.catalogs.builtins.find((d) => storageResource(d) === CLUSTER_ROLES);
  if (!def) return undefined;
  return {
    clusterRoles: (cluster) => registry.store.list({ cluster, resource: CLUSTER_ROLES }).items,
    writeRules: async (cluster, role, rules) => {
      const desired = structuredClone(role);
      desired['rules'] = rules;
      const ctx = { cluster, user: CONTROLLER_USER, now: registry.now(), dryRun: false };
      try {
        await storeUpdate(
          registry,
          { cluster, def, namespace: '', name: role.metadata.name!, query: new URLSearchParams(), ctx },
          desired,
          role,
          {
            expectedRV: Number(role.metadata.resourceVersion),
            userPrecondition: true,
            manager: AGGREGATION_FIELD_MANAGER,
          },
        );
      } catch (err) {
        // Changed or deleted since it was read: that change is an event of its own, which queues the cluster again.
        if (err instanceof StatusError && (err.code === 409 || err.code === 404)) return;
        throw err;
      }
    },
  };
}

export function clusterRoleAggregationController(manager: ControllerManager, registry: Registry): Controller<string> | undefined {
  const deps = aggregationDeps(registry);
  if (!deps) return undefined;
  const controller = manager.add(
    new Controller<string>({
      name: 'clusterrole-aggregation',
      key: (cluster) => cluster,
      reconcile: async (cluster) => void (await aggregateClusterRoles(deps, cluster)),
    }),
  );
  manager.informers.for(CLUSTER_ROLES).addHandler((ev) => {
    if (ev.type !== 'SYNC' || hasAggregationRule(ev.object)) controller.enqueue(ev.cluster);
  });
  return controller;
}
