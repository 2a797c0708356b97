// The CustomResourceDefinition controllers' reconcilers, as kube-apiextensions' naming, establishing and finalizer
// controllers: a CRD's names are accepted unless a built-in or another CRD of its group holds them (NamesAccepted),
// and then it is Established and served; a deleted CRD first deletes every custom resource it served, then lets go
// of its cleanup finalizer. Custom resources that wait on finalizers keep the CRD Terminating; their deletion events
// bring it back, so nothing polls.
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import { CLEANUP_FINALIZER } from './custom-resources.js';

interface CRDNames {
  plural: string;
  singular?: string;
  kind: string;
  shortNames?: string[];
}

interface CRDSpec {
  group: string;
  names: CRDNames;
  versions: Array<{ name: string; storage: boolean }>;
}

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

/** A resource kind a CRD's names may collide with (a built-in of the same group). */
export interface ServedKind {
  group: string;
  plural: string;
  kind: string;
}

/** What the reconcilers need from the shard; injected so they can be tested without one. */
export interface CRDDeps {
  now(): Date;
  getCRD(cluster: string, name: string): KObject | undefined;
  listCRDs(cluster: string): KObject[];
  builtins: readonly ServedKind[];
  /** Replaces the CRD as read; false when it changed meanwhile (its event brings it back). */
  updateCRD(cluster: string, crd: KObject): boolean;
  /** Removes the CRD as read; false when it changed meanwhile. */
  deleteCRD(cluster: string, crd: KObject): boolean;
  /** The custom resources of `resource` (`<group>/<plural>`), and whether each is being deleted already. */
  listCustomResources(cluster: string, resource: string): Array<{ namespace: string; name: string; deleting: boolean }>;
  deleteCustomResource(cluster: string, resource: string, namespace: string, name: string): Promise<void>;
  countCustomResources(cluster: string, resource: string): number;
}

/** The storage resource a CRD serves: `<group>/<plural>`. */
export function servedResource(crd: KObject): string {
  const spec = crd['spec'] as CRDSpec;
  return `${spec.group}/${spec.names.plural}`;
}

/**
 * Whether the establishing reconciler has nothing to do for `crd`: its names accepted as they are, Established, its
 * storage version recorded. A start lists every CRD; the settled ones cost no reconcile (which reads the cluster's
 * other CRDs).
 */
export function isSettled(crd: KObject): boolean {
  const spec = crd['spec'] as CRDSpec;
  const status = (crd['status'] ?? {}) as { conditions?: Condition[]; acceptedNames?: CRDNames; storedVersions?: string[] };
  const isTrue = (type: string) => (status.conditions ?? []).some((c) => c.type === type && c.status === 'True');
  const storage = spec.versions.find((v) => v.storage)?.name;
  return (
    isTrue('NamesAccepted') &&
    isTrue('Established') &&
    JSON.stringify(status.acceptedNames) === JSON.stringify(spec.names) &&
    (storage === undefined || (status.storedVersions ?? []).includes(storage))
  );
}

export type EstablishOutcome = 'not-found' | 'deleting' | 'unchanged' | 'established' | 'names-not-accepted' | 'changed-meanwhile';

/** NamesAccepted (or the conflict) and Established, as the apiextensions controllers report them. */
export function establishCRD(deps: CRDDeps, cluster: string, name: string): EstablishOutcome {
  const crd = deps.getCRD(cluster, name);
  if (!crd) return 'not-found';
  if (crd.metadata.deletionTimestamp) return 'deleting';
  const spec = crd['spec'] as CRDSpec;
  const conflict = nameConflict(deps, cluster, crd);
  const now = timestamp(deps.now());
  const status = (crd['status'] ?? {}) as { conditions?: Condition[]; acceptedNames?: CRDNames; storedVersions?: string[] };
  const prev = new Map((status.conditions ?? []).map((c) => [c.type, c]));
  const cond = (c: Condition): Condition => {
    const old = prev.get(c.type);
    return { ...c, lastTransitionTime: old && old.status === c.status ? (old.lastTransitionTime ?? now) : now };
  };
  const conditions: Condition[] = conflict
    ? [
        cond({ type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message }),
        cond({ type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }),
      ]
    : [
        cond({ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }),
        cond({ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }),
      ];
  const storage = spec.versions.find((v) => v.storage)?.name;
  const stored = [...new Set([...(status.storedVersions ?? []), ...(storage ? [storage] : [])])];
  const next = structuredClone(crd);
  next['status'] = {
    conditions,
    acceptedNames: conflict ? (status.acceptedNames ?? { plural: '', kind: '' }) : spec.names,
    storedVersions: stored,
  };
  if (JSON.stringify(next['status']) === JSON.stringify(crd['status'])) return 'unchanged';
  if (!deps.updateCRD(cluster, next)) return 'changed-meanwhile';
  return conflict ? 'names-not-accepted' : 'established';
}

/** Whether the names of `crd` are held by a built-in of its group or accepted for another CRD of it. */
export function nameConflict(deps: CRDDeps, cluster: string, crd: KObject): { reason: string; message: string } | undefined {
  const spec = crd['spec'] as CRDSpec;
  const mine = new Set([spec.names.plural, spec.names.singular ?? '', ...(spec.names.shortNames ?? [])].filter(Boolean));
  for (const d of deps.builtins) {
    if (d.group !== spec.group) continue;
    if (d.plural === spec.names.plural) return { reason: 'PluralConflict', message: `"${spec.names.plural}" is already in use` };
    if (d.kind === spec.names.kind) return { reason: 'KindConflict', message: `"${spec.names.kind}" is already in use` };
  }
  for (const other of deps.listCRDs(cluster)) {
    if (other.metadata.name === crd.metadata.name) continue;
    const os = other['spec'] as CRDSpec;
    if (os.group !== spec.group) continue;
    const accepted = (other['status'] as { acceptedNames?: CRDNames } | undefined)?.acceptedNames;
    if (!accepted?.plural) continue;
    if (accepted.plural === spec.names.plural) return { reason: 'PluralConflict', message: `"${spec.names.plural}" is already in use` };
    if (accepted.kind === spec.names.kind) return { reason: 'KindConflict', message: `"${spec.names.kind}" is already in use` };
    for (const s of accepted.shortNames ?? [])
      if (mine.has(s)) return { reason: 'ShortNamesConflict', message: `"${s}" is already in use` };
  }
  return undefined;
}

/** The CRDs of `group` in `cluster` whose names are not accepted: a change of another CRD of the group may free them. */
export function waitingForNames(deps: CRDDeps, cluster: string, group: string): string[] {
  return deps
    .listCRDs(cluster)
    .filter((c) => (c['spec'] as CRDSpec).group === group && !c.metadata.deletionTimestamp)
    .filter(
      (c) =>
        !((c['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []).some(
          (x) => x.type === 'NamesAccepted' && x.status === 'True',
        ),
    )
    .map((c) => c.metadata.name!);
}

export type FinalizeOutcome = 'not-deleting' | 'changed-meanwhile' | 'grace' | 'content-remaining' | 'finished';

/**
 * Deleting a CRD deletes every custom resource it served, then lets the CRD go, as kube's CRD finalizer: Terminating
 * while that runs — the resources stay served meanwhile (only creates are refused), so that their own finalizers can
 * be released — and the cleanup finalizer dropped with the outcome in the Terminating condition.
 */
export async function finalizeCRD(
  deps: CRDDeps,
  cluster: string,
  name: string,
  /** false while the deletion's grace lasts: the CRD is marked Terminating, its resources are left alone ('grace'). */
  deleteInstances = true,
): Promise<FinalizeOutcome> {
  const crd = deps.getCRD(cluster, name);
  if (!crd?.metadata.deletionTimestamp || !(crd.metadata.finalizers ?? []).includes(CLEANUP_FINALIZER)) return 'not-deleting';
  const resource = servedResource(crd);
  const inProgress = {
    type: 'Terminating',
    status: 'True',
    reason: 'InstanceDeletionInProgress',
    message: 'CustomResource deletion is in progress',
  };
  if (!hasCondition(crd, inProgress)) {
    if (!deps.updateCRD(cluster, withCondition(crd, inProgress, deps.now()))) return 'changed-meanwhile';
  }
  // Kube deletes nothing of a CRD that was never served.
  const established = hasCondition(crd, { type: 'Established', status: 'True' });
  if (established && !deleteInstances) return 'grace';
  if (established) {
    for (const item of deps.listCustomResources(cluster, resource)) {
      if (!item.deleting) await deps.deleteCustomResource(cluster, resource, item.namespace, item.name);
    }
    // What was deleted outright is gone; what waits on its finalizers is not, and its deletion brings the CRD back.
    if (deps.countCustomResources(cluster, resource) > 0) return 'content-remaining';
  }
  // Read again: the deletes above took turns of the event loop.
  const current = deps.getCRD(cluster, name);
  if (!current) return 'finished';
  const outcome = established
    ? { type: 'Terminating', status: 'False', reason: 'InstanceDeletionCompleted', message: 'removed all instances' }
    : { type: 'Terminating', status: 'False', reason: 'NeverEstablished', message: 'resource was never established' };
  const next = withCondition(current, outcome, deps.now());
  next.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
  const done = next.metadata.finalizers.length === 0 ? deps.deleteCRD(cluster, current) : deps.updateCRD(cluster, next);
  return done ? 'finished' : 'changed-meanwhile';
}

function hasCondition(crd: KObject, c: { type: string; status: string; reason?: string }): boolean {
  return ((crd['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []).some(
    (x) => x.type === c.type && x.status === c.status && (c.reason === undefined || x.reason === c.reason),
  );
}

/** A copy of `crd` with condition `c` set (in place of one of its type), its transition time now if its status changed. */
function withCondition(crd: KObject, c: Omit<Condition, 'lastTransitionTime'>, now: Date): KObject {
  const next = structuredClone(crd);
  const status = (next['status'] ?? {}) as { conditions?: Condition[] };
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((x) => x.type === c.type);
  const lastTransitionTime =
    i >= 0 && conditions[i]!.status === c.status ? (conditions[i]!.lastTransitionTime ?? timestamp(now)) : timestamp(now);
  if (i >= 0) conditions[i] = { ...c, lastTransitionTime };
  else conditions.push({ ...c, lastTransitionTime });
  next['status'] = { ...status, conditions };
  return next;
}
