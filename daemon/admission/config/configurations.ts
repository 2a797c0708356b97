// Which admission configurations each logical cluster holds (webhook configurations, Validating- and
// MutatingAdmissionPolicies and their bindings), read from the store when a write in that cluster needs them. kcp
// scopes every configuration to its own workspace, so the question is asked per cluster, on every write: a cluster
// without any is answered from a set of cluster names (no storage read), and what was read for the others is kept in
// a small LRU with what the plugins derived from it (compiled rules, selectors, CEL), dropped inside the transaction
// of any write that changes it — so the write after a `kubectl apply` of a configuration always sees it.
import type { KObject } from '../../apimachinery/types.js';
import type { Store, StoreEvent } from '../../storage/store.js';

export const VALIDATING_WEBHOOKS = 'admissionregistration.k8s.io/validatingwebhookconfigurations';
export const MUTATING_WEBHOOKS = 'admissionregistration.k8s.io/mutatingwebhookconfigurations';
export const POLICIES = 'admissionregistration.k8s.io/validatingadmissionpolicies';
export const POLICY_BINDINGS = 'admissionregistration.k8s.io/validatingadmissionpolicybindings';
export const MUTATING_POLICIES = 'admissionregistration.k8s.io/mutatingadmissionpolicies';
export const MUTATING_POLICY_BINDINGS = 'admissionregistration.k8s.io/mutatingadmissionpolicybindings';
const RESOURCES = [VALIDATING_WEBHOOKS, MUTATING_WEBHOOKS, POLICIES, POLICY_BINDINGS, MUTATING_POLICIES, MUTATING_POLICY_BINDINGS] as const;
const CONFIG_RESOURCES: ReadonlySet<string> = new Set(RESOURCES);

/** The admission configurations of one logical cluster, and what plugins derived from them. */
export class ClusterConfigurations {
  private readonly derived = new Map<string, unknown>();

  constructor(
    readonly validatingWebhooks: readonly KObject[],
    readonly mutatingWebhooks: readonly KObject[],
    readonly policies: readonly KObject[],
    readonly bindings: readonly KObject[],
    readonly mutatingPolicies: readonly KObject[] = [],
    readonly mutatingBindings: readonly KObject[] = [],
  ) {}

  /** Nothing configured. */
  get empty(): boolean {
    return [
      this.validatingWebhooks,
      this.mutatingWebhooks,
      this.policies,
      this.bindings,
      this.mutatingPolicies,
      this.mutatingBindings,
    ].every((l) => l.length === 0);
  }

  /** What `key`'s plugin computed from these configurations, computed once. */
  memo<T>(key: string, compute: () => T): T {
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const v = compute();
    this.derived.set(key, v);
    return v;
  }
}

export class AdmissionConfigurations {
  /** Clusters holding at least one configuration (a superset: emptied clusters leave on their next read). */
  private readonly clusters = new Set<string>();
  private readonly loaded = new Map<string, ClusterConfigurations>();

  constructor(
    private readonly store: Store,
    private readonly maxCached = 256,
  ) {}

  /** Finds the clusters that hold configurations (a projection of names, no object parsed). */
  scan(): void {
    for (const resource of RESOURCES) {
      for (const row of this.store.project({ cluster: '*', resource }, [])) this.clusters.add(row.cluster);
    }
  }

  /** A write hook: a changed configuration is seen by the very next write of its cluster. */
  onWrite(ev: StoreEvent): void {
    if (!CONFIG_RESOURCES.has(ev.resource)) return;
    this.clusters.add(ev.cluster);
    this.loaded.delete(ev.cluster);
  }

  /** The cluster's configurations; undefined when it has none. */
  of(cluster: string): ClusterConfigurations | undefined {
    if (!this.clusters.has(cluster)) return undefined;
    let c = this.loaded.get(cluster);
    if (c) {
      this.loaded.delete(cluster);
      this.loaded.set(cluster, c);
      return c;
    }
    const read = (resource: string) => this.store.list({ cluster, resource }).items;
    c = new ClusterConfigurations(
      read(VALIDATING_WEBHOOKS),
      read(MUTATING_WEBHOOKS),
      read(POLICIES),
      read(POLICY_BINDINGS),
      read(MUTATING_POLICIES),
      read(MUTATING_POLICY_BINDINGS),
    );
    if (c.empty) {
      this.clusters.delete(cluster);
      return undefined;
    }
    this.loaded.set(cluster, c);
    if (this.loaded.size > this.maxCached) this.loaded.delete(this.loaded.keys().next().value!);
    return c;
  }
}
