// kube's clusterrole-aggregation controller, per logical cluster: a ClusterRole with an aggregationRule gets in
// `.rules` the union of the rules of the ClusterRoles its selectors pick (stored ones and the bootstrap roles every
// workspace sees), rewritten whenever any ClusterRole of its cluster changes, appears or goes away. The computation
// is the one the authorizer runs (auth/rbac/aggregation.ts), so the stored rules show what is enforced.
// Writes go through the registry's update path as the controller's own identity and field manager, so
// managedFields name it as the owner of `.rules` (a later apply of `.rules` by a user conflicts, as in kube).
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { aggregatedRulesUpdate, hasAggregationRule, RoleCatalog, type PolicyRuleObject } from '../auth/rbac/aggregation.js';
import { RBAC_RESOURCES } from '../auth/rbac/rbac.js';
import { storageResource } from '../registry/keys.js';
import { CLUSTER_ANNOTATION } from '../registry/meta.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef } from '../registry/types.js';
import { storeUpdate } from '../registry/write.js';
import type { StoreEvent, Watch } from '../storage/store.js';

const CLUSTER_ROLES = RBAC_RESOURCES.clusterRoles;
export const AGGREGATION_FIELD_MANAGER = 'clusterrole-aggregation-controller';
const CONTROLLER_USER = { username: 'system:serviceaccount:kube-system:clusterrole-aggregation-controller', groups: ['system:masters', 'system:authenticated'] };
const RESYNC_PAGE = 500;

export class ClusterRoleAggregationController {
  /** Clusters whose ClusterRoles changed since their last sync. */
  private readonly queue = new Set<string>();
  private draining = false;
  private stopped = false;
  private readonly def: ResourceDef | undefined;
  private readonly subscription: Watch | undefined;

  constructor(private readonly registry: Registry) {
    // Without the authorization battery there are no ClusterRoles to aggregate.
    this.def = registry.catalogs.builtins.find((d) => storageResource(d) === CLUSTER_ROLES);
    if (this.def) this.subscription = registry.store.subscribeAll((ev) => this.observe(ev));
  }

  /** Syncs the clusters that hold aggregated ClusterRoles (a page per tick), for changes made while stopped. */
  start(): void {
    if (this.def) setImmediate(() => this.resync());
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.stop();
  }

  private observe(ev: StoreEvent): void {
    if (ev.resource === CLUSTER_ROLES) this.enqueue(ev.cluster);
  }

  private resync(after?: { cluster: string; namespace: string; name: string }): void {
    if (this.stopped) return;
    const page = this.registry.store.list({ cluster: '*', resource: CLUSTER_ROLES }, { limit: RESYNC_PAGE, filter: hasAggregationRule, ...(after ? { after } : {}) });
    for (const role of page.items) {
      const cluster = role.metadata.annotations?.[CLUSTER_ANNOTATION];
      if (cluster) this.enqueue(cluster);
    }
    const next = page.next;
    if (next) setImmediate(() => this.resync(next));
  }

  private enqueue(cluster: string): void {
    this.queue.add(cluster);
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      for (const cluster of this.queue) {
        if (this.stopped) return;
        this.queue.delete(cluster);
        try {
          await this.sync(cluster);
        } catch (err) {
          process.emitWarning(`clusterrole aggregation in ${cluster}: ${(err as Error).message}`);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async sync(cluster: string): Promise<void> {
    const roles = this.registry.store.list({ cluster, resource: CLUSTER_ROLES }).items;
    if (!roles.some(hasAggregationRule)) return;
    const catalog = RoleCatalog.forCluster(roles);
    for (const role of roles) {
      const rules = aggregatedRulesUpdate(role, catalog);
      if (rules) await this.write(cluster, role, rules);
    }
  }

  private async write(cluster: string, role: KObject, rules: PolicyRuleObject[]): Promise<void> {
    const name = role.metadata.name!;
    const desired = structuredClone(role);
    desired['rules'] = rules;
    const ctx = { cluster, user: CONTROLLER_USER, now: this.registry.now(), dryRun: false };
    try {
      await storeUpdate(this.registry, { cluster, def: this.def!, namespace: '', name, query: new URLSearchParams(), ctx }, desired, role, {
        expectedRV: Number(role.metadata.resourceVersion),
        userPrecondition: true,
        manager: AGGREGATION_FIELD_MANAGER,
      });
    } catch (err) {
      // Changed or deleted since it was read: that change is an event of its own, which queues the cluster again.
      if (err instanceof StatusError && (err.code === 409 || err.code === 404)) return;
      throw err;
    }
  }
}
