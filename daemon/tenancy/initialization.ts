// Workspace initialization as kcp does it: a WorkspaceType with `initializer: true` (or one it extends) gives every
// new logical cluster of that type an initializer id, `<path of the type's workspace>:<type name>`. The cluster and
// its Workspace stay Initializing until controllers have removed every id from the LogicalCluster's
// status.initializers; then both turn Ready. kcpx's own initialization (the default namespaces, the owner's binding)
// runs inside the scheduling transaction, so built-in types have no initializer to wait for.
import { ownerTrimmedOnceReady } from './owner.js';
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import { LABEL_PHASE } from '../apis/core-kcp/names.js';
import type { TenancyStore } from './tenancy-store.js';

export interface Lifecycle {
  initializers: string[];
  terminators: string[];
}

export const NO_LIFECYCLE: Lifecycle = { initializers: [], terminators: [] };

export interface InitializedCondition {
  type: 'WorkspaceInitialized';
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** The phase and WorkspaceInitialized condition for the initializers still pending. */
export function initializationState(
  pending: readonly string[],
  now: Date,
): { phase: 'Initializing' | 'Ready'; condition: InitializedCondition } {
  const lastTransitionTime = timestamp(now);
  if (!pending.length) return { phase: 'Ready', condition: { type: 'WorkspaceInitialized', status: 'True', lastTransitionTime } };
  return {
    phase: 'Initializing',
    condition: {
      type: 'WorkspaceInitialized',
      status: 'False',
      lastTransitionTime,
      reason: 'InitializerExists',
      // Go's %v of a []string, as kcp's message prints it.
      message: `Initializers still exist: [${pending.join(' ')}]`,
    },
  };
}

/** Replaces the condition of the same type in a list (kept in order), or appends it. */
export function withCondition<T extends { type: string }>(conditions: readonly T[] | undefined, c: T): T[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) list[i] = c;
  else list.push(c);
  return list;
}

type LifecycleStatus = { phase?: string; initializers?: string[]; conditions?: InitializedCondition[] };

/**
 * Inside the transaction of a LogicalCluster update (a write hook): an initializing controller removed its id from
 * status.initializers, so the owning Workspace mirrors what is left, and once nothing is, both turn Ready.
 */
export function followInitializers(store: TenancyStore, cluster: string, lc: KObject): void {
  const status = (lc['status'] ?? {}) as LifecycleStatus;
  if (status.phase !== 'Initializing' && status.phase !== 'Ready') return;
  const owner = (lc['spec'] as { owner?: { cluster?: string; name?: string } } | undefined)?.owner;
  if (!owner?.cluster || !owner.name) return;
  const ws = store.getWorkspace(owner.cluster, owner.name);
  const wsStatus = (ws?.['status'] ?? {}) as LifecycleStatus;
  if (!ws || wsStatus.phase !== 'Initializing') return;
  const pending = status.initializers ?? [];
  const state = initializationState(pending, store.now());
  if (state.phase === 'Ready' && status.phase !== 'Ready') {
    const nextLC = structuredClone(lc);
    nextLC.metadata.labels = { ...(nextLC.metadata.labels ?? {}), [LABEL_PHASE]: 'Ready' };
    nextLC['status'] = { ...status, phase: 'Ready', conditions: withCondition(status.conditions, state.condition) };
    store.updateLogicalCluster(cluster, nextLC);
  }
  if (state.phase === 'Initializing' && JSON.stringify(wsStatus.initializers ?? []) === JSON.stringify(pending)) return;
  const nextWS = structuredClone(ws);
  nextWS.metadata.labels = { ...(nextWS.metadata.labels ?? {}), [LABEL_PHASE]: state.phase };
  if (state.phase === 'Ready') {
    const annotations = ownerTrimmedOnceReady(nextWS.metadata.annotations);
    if (annotations) nextWS.metadata.annotations = annotations;
  }
  const { initializers: _previous, ...rest } = wsStatus;
  nextWS['status'] = {
    ...rest,
    phase: state.phase,
    conditions: withCondition(wsStatus.conditions, state.condition),
    ...(pending.length ? { initializers: pending } : {}),
  };
  store.updateWorkspace(owner.cluster, nextWS);
}
