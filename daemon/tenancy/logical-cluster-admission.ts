// kcp's core.kcp.io/LogicalCluster admission: LogicalClusters are the system's. Clients cannot create them, cannot
// re-point what ties one to its workspace (spec.owner, spec.createdBy), and cannot delete one unless it says
// `spec.directlyDeletable: true` — the way to delete a workspace is to delete its Workspace in the parent. (The
// initializer/terminator rules every update obeys are the resource's validateUpdate hook, tenancy/initialization.ts.)
import { fieldErrorString, fieldErr, forbidden } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/admission.js';
import { deepEqual } from '../registry/meta.js';
import { isSystemPrivileged } from './privileged.js';
import { LOGICAL_CLUSTERS } from '../apis/core-kcp/names.js';

const GR = { group: 'core.kcp.io', resource: 'logicalclusters' };

/** Besides the system privileged groups, kcp lets its logical-cluster controllers change LogicalClusters. */
const LOGICAL_CLUSTER_WRITERS: ReadonlySet<string> = new Set([
  'system:kcp:logical-cluster-admin',
  'system:kcp:external-logical-cluster-admin',
  'system:kcp:tenancy:workspace-bootstrapper',
]);

/** Spec fields naming the workspace and creator a logical cluster belongs to; immutable for clients. */
const IMMUTABLE_SPEC = ['createdBy', 'owner'] as const;

export class LogicalClusterAdmission implements AdmissionPlugin {
  readonly name = 'core.kcp.io/LogicalCluster';
  readonly resources = new Set([LOGICAL_CLUSTERS]);

  validate(a: AdmissionAttributes): void {
    // Deletion is refused to everyone: kcpx deletes logical clusters itself, with their Workspace, and a direct
    // deletion would leave the Workspace pointing at nothing (kcp lets its privileged controllers through; kcpx has
    // no such client).
    if (a.operation === 'DELETE') {
      if (!(a.oldObject?.['spec'] as { directlyDeletable?: boolean } | undefined)?.directlyDeletable)
        throw forbidden(GR, a.name, 'LogicalCluster cannot be deleted');
      return;
    }
    const user = a.ctx.user;
    if (isSystemPrivileged(user) || user.groups.some((g) => LOGICAL_CLUSTER_WRITERS.has(g))) return;
    if (a.operation === 'CREATE') throw forbidden(GR, a.name || a.object?.metadata.name, 'LogicalCluster cannot be created');
    const next = specOf(a.object);
    const old = specOf(a.oldObject);
    for (const field of IMMUTABLE_SPEC) {
      if (!deepEqual(next[field] ?? null, old[field] ?? null)) {
        throw forbidden(GR, a.name, fieldErrorString(fieldErr.invalid(`spec.${field}`, next[field] ?? null, 'field is immutable')));
      }
    }
  }
}

function specOf(obj: KObject | undefined): Record<string, unknown> {
  return (obj?.['spec'] as Record<string, unknown> | undefined) ?? {};
}
