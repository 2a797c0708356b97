// ResourceQuota's admission, enforced inside the write transaction: a create in a namespace with quotas reads each
// quota's status, refuses the object when one more would exceed a hard limit, and otherwise counts it into
// `status.used` in the same transaction — kube's quota admission does the same with a compare-and-swap on the
// quota and retries; here the check, the create and the count commit together or not at all, so concurrent
// creators never overshoot. Dry runs, which store nothing, are judged by the same rule in the validating phase.
import { forbidden } from '../../apimachinery/status.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import { storageResource } from '../../registry/keys.js';
import type { Store, StoreEvent } from '../../storage/store.js';
import { admitOne, countKeys } from './usage.js';

export const QUOTAS = '/resourcequotas';

const nsKey = (cluster: string, namespace: string) => `${cluster}\u0000${namespace}`;

function groupResourceOf(resource: string): { group: string; resource: string } {
  const slash = resource.indexOf('/');
  return { group: resource.slice(0, slash), resource: resource.slice(slash + 1) };
}

export class QuotaEnforcement implements AdmissionPlugin {
  readonly name = 'ResourceQuota';
  /** Namespaces (`cluster\0namespace`) holding quotas: a write elsewhere costs one set lookup. */
  private readonly namespaces = new Set<string>();

  constructor(private readonly store: Store) {}

  scan(): void {
    for (const row of this.store.project({ cluster: '*', resource: QUOTAS }, [])) this.namespaces.add(nsKey(row.cluster, row.namespace));
  }

  hasQuotas(cluster: string, namespace: string): boolean {
    return this.namespaces.has(nsKey(cluster, namespace));
  }

  /** The write hook. */
  onWrite(ev: StoreEvent): void {
    if (ev.resource === QUOTAS) {
      const k = nsKey(ev.cluster, ev.namespace);
      if (ev.type === 'ADDED') this.namespaces.add(k);
      else if (ev.type === 'DELETED' && this.store.count({ cluster: ev.cluster, resource: QUOTAS, namespace: ev.namespace }) === 0) {
        this.namespaces.delete(k);
      }
      // A quota counts toward `resourcequotas` too; its own status limits nothing yet.
      if (ev.type !== 'ADDED') return;
    }
    if (ev.type !== 'ADDED' || !ev.namespace || !this.namespaces.has(nsKey(ev.cluster, ev.namespace))) return;
    this.charge(ev.cluster, ev.namespace, ev.resource, ev.name, true);
  }

  /** Dry-run creates: judged, not counted. */
  validate(a: AdmissionAttributes): void {
    if (a.operation !== 'CREATE' || !a.ctx.dryRun || !a.def.namespaced || a.subresource) return;
    if (!this.namespaces.has(nsKey(a.ctx.cluster, a.namespace))) return;
    const o = a.object!;
    this.charge(a.ctx.cluster, a.namespace, storageResource(a.def), o.metadata.name || o.metadata.generateName || '', false);
  }

  private charge(cluster: string, namespace: string, resource: string, name: string, record: boolean): void {
    const keys = countKeys(resource);
    const quotas = this.store.list({ cluster, resource: QUOTAS, namespace }).items;
    // gone with their logical cluster (deleted wholesale, without events): forget the namespace
    if (quotas.length === 0) this.namespaces.delete(nsKey(cluster, namespace));
    for (const quota of quotas) {
      const outcome = admitOne(quota, keys);
      if (!outcome) continue;
      if ('message' in outcome) throw forbidden(groupResourceOf(resource), name, outcome.message);
      if (!record) continue;
      const next = { ...quota, status: { ...(quota['status'] as object), used: outcome.used } };
      this.store.update({ cluster, resource: QUOTAS, namespace, name: quota.metadata.name! }, next, Number(quota.metadata.resourceVersion));
    }
  }
}
