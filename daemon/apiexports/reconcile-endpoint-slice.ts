// The endpoint slice reconcilers (kcp's apiexportendpointslice and apiexportendpointsliceurls): a slice names the
// virtual workspace URL of its APIExport — `<shard>/services/apiexport/<export cluster>/<export name>` — once some
// workspace binds the export (kcp publishes a shard's URL only where a binding lives), and says whether its export
// exists.
import type { KObject } from '../apimachinery/types.js';
import { specOf, statusOf, type Condition, type ExportReference } from '../apis/apis-kcp/names.js';
import { markFalse, markTrue } from './conditions.js';

export interface EndpointSliceDeps {
  now(): Date;
  getEndpointSlice(cluster: string, name: string): KObject | undefined;
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  exportExists(cluster: string, name: string): boolean;
  /** Whether any workspace has a binding to the export. */
  hasBinding(exportCluster: string, exportName: string): boolean;
  /** The base URL of the shard's virtual workspaces. */
  virtualWorkspaceBase(): string;
  updateEndpointSlice(cluster: string, slice: KObject): boolean;
}

export type EndpointSliceOutcome = 'gone' | 'export-missing' | 'no-binding' | 'published' | 'conflict';

export function apiExportURL(base: string, exportCluster: string, exportName: string): string {
  return `${base}/services/apiexport/${exportCluster}/${exportName}`;
}

export function reconcileEndpointSlice(deps: EndpointSliceDeps, cluster: string, name: string): EndpointSliceOutcome {
  const slice = deps.getEndpointSlice(cluster, name);
  if (!slice) return 'gone';
  const now = deps.now();
  const ref = specOf<{ export?: ExportReference }>(slice).export;
  const exportCluster = ref?.path ? deps.resolveCluster(ref.path) : cluster;
  const next = structuredClone(slice);
  const status = statusOf<{ conditions?: Condition[]; endpoints?: Array<{ url: string }> }>(next);
  next['status'] = status;
  let outcome: EndpointSliceOutcome;
  if (!ref?.name || exportCluster === undefined || !deps.exportExists(exportCluster, ref.name)) {
    const path = ref?.path || cluster;
    status.conditions = markFalse(
      status.conditions ?? [],
      'APIExportValid',
      'APIExportNotFound',
      'Error',
      `APIExport ${path}|${ref?.name ?? ''} not found`,
      now,
    );
    status.endpoints = [];
    outcome = 'export-missing';
  } else {
    status.conditions = markTrue(status.conditions ?? [], 'APIExportValid', now);
    const bound = deps.hasBinding(exportCluster, ref.name);
    status.endpoints = bound ? [{ url: apiExportURL(deps.virtualWorkspaceBase(), exportCluster, ref.name) }] : [];
    outcome = bound ? 'published' : 'no-binding';
  }
  if (status.endpoints.length === 0) delete status.endpoints;
  if (JSON.stringify(next) !== JSON.stringify(slice) && !deps.updateEndpointSlice(cluster, next)) return 'conflict';
  return outcome;
}
