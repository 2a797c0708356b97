// kcp's workspacetype controller: every WorkspaceType publishes, per shard, the URLs of its initializing and
// terminating virtual workspaces in status.virtualWorkspaces, with the condition VirtualWorkspaceURLsReady and the
// Ready summary. kcpx has one shard, whose virtual workspaces are served at its external URL.
import type { KObject } from '../apimachinery/types.js';
import { timestamp } from '../apimachinery/time.js';
import { INITIALIZING, lifecycleIdOf, TERMINATING } from './lifecycle-kinds.js';

export interface WorkspaceTypeURLDeps {
  now(): Date;
  getWorkspaceType(cluster: string, name: string): KObject | undefined;
  /** The workspace path of a logical cluster; undefined when it is not routed. */
  pathOf(cluster: string): string | undefined;
  /** The shard's virtual workspace base URL (`https://host:port`). */
  virtualWorkspaceBase(): string;
  /** Writes the status optimistically; false when the type changed (or went) meanwhile. */
  updateWorkspaceType(cluster: string, wt: KObject): boolean;
}

export type WorkspaceTypeURLOutcome = 'gone' | 'unrouted' | 'unchanged' | 'updated' | 'conflict';

/** The virtual workspace URLs of a WorkspaceType named `id` (`<path>:<name>`), in kcp's order. */
export function virtualWorkspaceURLs(base: string, id: string): Array<{ url: string; type: 'initializing' | 'terminating' }> {
  const service = (prefix: string) => `${base}${prefix}${id}`;
  return [
    { url: service(INITIALIZING.prefix), type: 'initializing' },
    { url: service(TERMINATING.prefix), type: 'terminating' },
  ];
}

interface Condition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
  severity?: string;
}

/**
 * Sets a condition True as kcp's conditions helpers do: it keeps its lastTransitionTime if it was True already, and
 * the list stays sorted by type with Ready first.
 */
function markTrue(conds: Condition[], type: string, now: Date): Condition[] {
  const prev = conds.find((c) => c.type === type);
  const next: Condition = {
    type,
    status: 'True',
    lastTransitionTime: prev?.status === 'True' && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now),
  };
  const out = [...conds.filter((c) => c.type !== type), next];
  return out.sort((a, b) => (a.type === 'Ready' ? -1 : b.type === 'Ready' ? 1 : a.type.localeCompare(b.type)));
}

export function reconcileWorkspaceTypeURLs(deps: WorkspaceTypeURLDeps, cluster: string, name: string): WorkspaceTypeURLOutcome {
  const wt = deps.getWorkspaceType(cluster, name);
  if (!wt) return 'gone';
  const path = deps.pathOf(cluster);
  if (path === undefined) return 'unrouted';
  const next = structuredClone(wt);
  const status = (next['status'] ?? {}) as { conditions?: Condition[]; virtualWorkspaces?: unknown };
  next['status'] = status;
  status.virtualWorkspaces = virtualWorkspaceURLs(deps.virtualWorkspaceBase(), lifecycleIdOf(path, name));
  const now = deps.now();
  // kcp's summary: Ready is True when every other condition is (here, the only one it sets).
  status.conditions = markTrue(markTrue(status.conditions ?? [], 'VirtualWorkspaceURLsReady', now), 'Ready', now);
  if (JSON.stringify(next['status']) === JSON.stringify(wt['status'])) return 'unchanged';
  return deps.updateWorkspaceType(cluster, next) ? 'updated' : 'conflict';
}
