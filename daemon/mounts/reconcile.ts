// The mounts reconcilers. Per KubeCluster (mounts.contrib.kcp.io/v1alpha1): open a link to the target from the
// kubeconfig in the Secret it names, probe the target's /readyz, write the KubeCluster's status and mirror it onto the
// Workspaces that mount it (phase, URL and kcp's WorkspaceMountReady condition). The controller requeues every
// KubeCluster after PROBE_INTERVAL_MS: that is checking a remote system's health, which no event announces.
import { timestamp } from '../apimachinery/time.js';
import type { KObject } from '../apimachinery/types.js';
import type { MountLink, MountPhase, MountState, MountTable } from './mount-table.js';

export const PROBE_INTERVAL_MS = 1000;
export const PROBE_TIMEOUT_MS = 2000;

export interface MountRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

/** What the reconcilers need from the shard; injected so they can be tested without one. */
export interface MountDeps<L extends MountLink = MountLink> {
  table: MountTable<L>;
  now(): Date;
  getKubeCluster(cluster: string, name: string): KObject | undefined;
  /** Replaces the KubeCluster as read but for its status; false when it changed meanwhile. */
  writeKubeClusterStatus(cluster: string, kc: KObject, status: Record<string, unknown>): boolean;
  getSecret(cluster: string, namespace: string, name: string): KObject | undefined;
  /** Opens a link from a kubeconfig and, optionally, one of its contexts. */
  open(kubeconfig: string, context: string | undefined): Promise<L>;
  getWorkspace(cluster: string, name: string): KObject | undefined;
  /** The Workspaces of `cluster` mounting KubeCluster `name`. */
  mountingWorkspaces(cluster: string, name: string): KObject[];
  /** Writes a Workspace as read; false when it changed meanwhile. */
  updateWorkspace(cluster: string, ws: KObject): boolean;
  /** Where logical cluster `cluster` routes (its path), undefined when it does not. */
  pathOf(cluster: string): string | undefined;
  /** The address logical cluster `cluster`'s URLs use. */
  externalBase(cluster: string): string;
}

export function mountRef(ws: KObject | undefined): MountRef | undefined {
  return (ws?.['spec'] as { mount?: { ref?: MountRef } } | undefined)?.mount?.ref ?? undefined;
}

/** Probes one KubeCluster and brings its status and its Workspaces up to date; 'gone' once it is deleted. */
export async function reconcileKubeCluster<L extends MountLink>(
  deps: MountDeps<L>,
  cluster: string,
  name: string,
): Promise<'probed' | 'gone'> {
  const kc = deps.getKubeCluster(cluster, name);
  if (!kc) {
    if (deps.table.get(cluster, name)) {
      deps.table.drop(cluster, name);
      syncMountingWorkspaces(deps, cluster, name);
    }
    return 'gone';
  }
  const state = deps.table.ensure(cluster, name);
  let phase: MountPhase;
  let reason: string;
  try {
    const link = await connect(deps, state, cluster, kc);
    const code = await link.probe(PROBE_TIMEOUT_MS);
    if (code === 401 || code === 403) [phase, reason] = ['Unavailable', `the target refused the mount's credentials (HTTP ${code})`];
    else if (code >= 500) [phase, reason] = ['Unavailable', `the target is not ready (HTTP ${code})`];
    else [phase, reason] = ['Ready', 'the target answers'];
  } catch (err) {
    [phase, reason] = ['Unavailable', (err as Error)?.message || String(err)];
  }
  // The probe took time: what is stored now is what gets a status.
  const current = deps.getKubeCluster(cluster, name);
  if (!current || deps.table.get(cluster, name) !== state) return 'gone';
  const changed = state.phase !== phase || state.reason !== reason;
  state.phase = phase;
  state.reason = reason;
  const stored = (current['status'] ?? {}) as { phase?: string; URL?: string };
  if (!changed && stored.phase === phase && stored.URL === state.link?.server) return 'probed';
  const status = {
    phase,
    ...(state.link ? { URL: state.link.server } : {}),
    conditions: [
      {
        type: 'Ready',
        status: phase === 'Ready' ? 'True' : 'False',
        reason: phase === 'Ready' ? 'Reachable' : 'Unreachable',
        message: reason,
        lastTransitionTime: timestamp(deps.now()),
      },
    ],
  };
  // Changed meanwhile: the next probe writes it.
  if (deps.writeKubeClusterStatus(cluster, current, status)) syncMountingWorkspaces(deps, cluster, name);
  return 'probed';
}

/** The link to a KubeCluster's target, opened again when its Secret (or chosen context) changed. */
async function connect<L extends MountLink>(deps: MountDeps<L>, state: MountState<L>, cluster: string, kc: KObject): Promise<L> {
  const spec = (kc['spec'] ?? {}) as { secretRef?: { name?: string; namespace?: string }; context?: string };
  const ref = spec.secretRef;
  if (!ref?.name) throw new Error('spec.secretRef.name is required');
  const ns = ref.namespace || 'default';
  state.secret = `${ns}/${ref.name}`;
  const secret = deps.getSecret(cluster, ns, ref.name);
  if (!secret) throw new Error(`secret ${ns}/${ref.name} not found`);
  const source = `${ns}/${ref.name}@${secret.metadata.resourceVersion}/${spec.context ?? ''}`;
  if (state.source === source && state.link) return state.link;
  const encoded = ((secret['data'] ?? {}) as Record<string, string>)['kubeconfig'];
  if (!encoded) throw new Error(`secret ${ns}/${ref.name} has no "kubeconfig" key`);
  const link = await deps.open(Buffer.from(encoded, 'base64').toString('utf8'), spec.context);
  deps.table.setLink(state, link, source);
  return link;
}

function syncMountingWorkspaces(deps: MountDeps, cluster: string, name: string): void {
  for (const ws of deps.mountingWorkspaces(cluster, name)) syncMountedWorkspace(deps, cluster, ws);
}

export type WorkspaceSyncOutcome = 'not-mounted' | 'in-sync' | 'synced' | 'changed-meanwhile' | 'mount-not-probed';

/**
 * A mounted Workspace's phase and URL follow its mount (kcp's WorkspaceMountReady condition). 'mount-not-probed': the
 * KubeCluster exists but has not been reconciled yet; its reconcile brings this Workspace up to date.
 */
export function syncMountedWorkspace(deps: MountDeps, cluster: string, ws: KObject | undefined): WorkspaceSyncOutcome {
  const ref = mountRef(ws);
  if (!ws || !ref || ws.metadata.deletionTimestamp) return 'not-mounted';
  const name = ws.metadata.name!;
  const state = ref.kind === 'KubeCluster' && ref.name ? deps.table.get(cluster, ref.name) : undefined;
  if (!state && ref.kind === 'KubeCluster' && ref.name && deps.getKubeCluster(cluster, ref.name)) return 'mount-not-probed';
  const phase = state?.phase ?? 'Unavailable';
  const reason = !state ? 'MountObjectNotFound' : phase === 'Ready' ? 'MountReady' : 'MountObjectNotReady';
  const message = state ? state.reason : `${ref.kind} ${ref.name} not found`;
  const status = (ws['status'] ?? {}) as { phase?: string; conditions?: Array<{ type: string; reason?: string; message?: string }> };
  const path = deps.pathOf(cluster);
  const url = path ? `${deps.externalBase(cluster)}/clusters/${path}:${name}` : undefined;
  const spec = (ws['spec'] ?? {}) as Record<string, unknown>;
  const cond = status.conditions?.find((c) => c.type === 'WorkspaceMountReady');
  if (status.phase === phase && cond?.reason === reason && cond.message === message && (!url || spec['URL'] === url)) return 'in-sync';
  const next = structuredClone(ws);
  if (url) next['spec'] = { ...spec, URL: url };
  next['status'] = {
    ...status,
    phase,
    conditions: [
      {
        type: 'WorkspaceMountReady',
        status: phase === 'Ready' ? 'True' : 'False',
        reason,
        message,
        lastTransitionTime: timestamp(deps.now()),
      },
    ],
  };
  next.metadata.labels = { ...(next.metadata.labels ?? {}), 'tenancy.kcp.io/phase': phase };
  // Changed meanwhile: that change is an event of its own, which brings the Workspace back here.
  return deps.updateWorkspace(cluster, next) ? 'synced' : 'changed-meanwhile';
}
