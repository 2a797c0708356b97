// kcp's metadata is the system's: annotations and labels in the kcp.io domain (kcp.io/path, internal.tenancy.kcp.io/*,
// core.kcp.io/*, the owner and required-groups annotations, the tenancy.kcp.io/phase label…) are written by kcpx
// itself, and tenants — workspace admins included — may neither add, change nor remove them (kcp's
// apis.kcp.io/ReservedMetadata plugin, with its messages). This runs first in the chain, on what the client sent:
// the tenancy plugins after it add the owner and required-groups annotations on the system's behalf.
//
// `kcp.io/path` on other objects follows kcp's kcp.io/PathAnnotation plugin instead: it always names the canonical
// path of the object's workspace, whatever the client sent. On a LogicalCluster it is reserved like the rest.
import { forbidden } from '../apimachinery/status.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../registry/admission.js';
import { CLUSTER_ANNOTATION } from '../registry/meta.js';
import { groupResource, storageResource } from '../registry/keys.js';
import type { WorkspaceIndex } from './index.js';
import { isSystemPrivileged } from './privileged.js';
import { ANN_OWNER, ANN_PATH, ANN_REQUIRED_GROUPS, LOGICAL_CLUSTERS, WORKSPACE_TYPES, WORKSPACES } from '../apis/core-kcp/names.js';

/** kcp.io keys that are the client's to set (user-facing API, not bookkeeping). */
const USER_KEYS: ReadonlySet<string> = new Set([
  // The pre-2025 mount API (migrated to spec.mount on create) and the mount-object marker its docs ask for.
  'experimental.tenancy.kcp.io/mount',
  'experimental.tenancy.kcp.io/is-mount',
  // An APIExport's request to get no default endpoint slice.
  'apiexports.apis.kcp.io/skip-endpointslice',
]);

/** Resources whose objects always carry the path of their workspace (kcp's pathAnnotationResources). */
const PATH_ANNOTATED: ReadonlySet<string> = new Set([
  'apis.kcp.io/apiexports',
  'apis.kcp.io/apibindings',
  'cache.kcp.io/clustercachedresources',
  WORKSPACE_TYPES,
]);

/** A key in the kcp.io domain (`kcp.io/…`, `<sub>.kcp.io/…`), or kcp's literal rule: a bare key ending in kcp.io. */
export function isReservedKey(key: string): boolean {
  if (USER_KEYS.has(key)) return false;
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? key : key.slice(0, slash);
  return prefix === 'kcp.io' || prefix.endsWith('.kcp.io');
}

/** The first reserved key whose presence or value differs between two maps. */
export function reservedModification(
  next: Record<string, string> | undefined,
  old: Record<string, string> | undefined,
  skip: ReadonlySet<string>,
): string | undefined {
  const a = next ?? {};
  const b = old ?? {};
  for (const k of Object.keys(b)) if (!skip.has(k) && isReservedKey(k) && (!(k in a) || a[k] !== b[k])) return k;
  for (const k of Object.keys(a)) if (!skip.has(k) && isReservedKey(k) && (!(k in b) || a[k] !== b[k])) return k;
  return undefined;
}

// kcp.io/cluster is the registry's: set from the storage key on create, restored from the stored object on update.
const REGISTRY_OWNED = new Set([CLUSTER_ANNOTATION]);
const REGISTRY_OWNED_AND_PATH = new Set([CLUSTER_ANNOTATION, ANN_PATH]);
// A new Workspace's owner and required groups are overwritten by its admission whatever the client sent (kcp allows
// them through its reserved-metadata plugin for that reason); afterwards they are reserved like the rest.
const SET_BY_WORKSPACE_ADMISSION = new Set([CLUSTER_ANNOTATION, ANN_PATH, ANN_OWNER, ANN_REQUIRED_GROUPS]);

export class ReservedMetadataAdmission implements AdmissionPlugin {
  readonly name = 'apis.kcp.io/ReservedMetadata';

  constructor(private readonly index: WorkspaceIndex) {}

  admit(a: AdmissionAttributes): void {
    const obj = a.object;
    if (a.operation === 'DELETE' || !obj) return;
    const resource = storageResource(a.def);
    const isLogicalCluster = resource === LOGICAL_CLUSTERS;
    if (!isSystemPrivileged(a.ctx.user)) {
      const old = a.oldObject?.metadata;
      const skip = isLogicalCluster
        ? REGISTRY_OWNED
        : a.operation === 'CREATE' && resource === WORKSPACES
          ? SET_BY_WORKSPACE_ADMISSION
          : REGISTRY_OWNED_AND_PATH;
      const annotation = reservedModification(obj.metadata.annotations, old?.annotations, skip);
      if (annotation)
        throw forbidden(
          groupResource(a.def),
          a.name || obj.metadata.name,
          `modification of reserved annotation: ${JSON.stringify(annotation)}`,
        );
      const label = reservedModification(obj.metadata.labels, old?.labels, REGISTRY_OWNED);
      if (label)
        throw forbidden(groupResource(a.def), a.name || obj.metadata.name, `modification of reserved label: ${JSON.stringify(label)}`);
    }
    if (!isLogicalCluster) this.annotatePath(a, resource);
  }

  /** kcp's PathAnnotation: the workspace's canonical path, on the resources that carry it and wherever a client set it. */
  private annotatePath(a: AdmissionAttributes, resource: string): void {
    const meta = a.object!.metadata;
    if (!PATH_ANNOTATED.has(resource) && meta.annotations?.[ANN_PATH] === undefined) return;
    const path = this.index.cluster(a.ctx.cluster)?.path;
    if (path && meta.annotations?.[ANN_PATH] !== path) meta.annotations = { ...(meta.annotations ?? {}), [ANN_PATH]: path };
  }
}
