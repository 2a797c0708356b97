// kcp's apibinder initializer (pkg/reconciler/tenancy/initialization): a new logical cluster whose WorkspaceType (or
// one it extends) lists defaultAPIBindings starts with the `system:apibindings` initializer; this creates a binding
// per export — accepting every claim of the export — and removes the initializer once all of them are Bound, which
// lets the workspace turn Ready (tenancy/initialization.ts follows the LogicalCluster's initializers).
import { createHash } from 'node:crypto';
import type { KObject } from '../apimachinery/types.js';
import { specOf, statusOf, type APIBindingStatus, type APIExportSpec } from '../apis/apis-kcp/names.js';

export const APIBINDINGS_INITIALIZER = 'system:apibindings';
const ANN_TYPE = 'internal.tenancy.kcp.io/type';
const MAX_EXPORT_NAME_PREFIX = 58;

export interface InitializerDeps {
  getLogicalCluster(cluster: string): KObject | undefined;
  /** The exports a workspace type (`path:name`) binds by default. */
  defaultAPIBindings(type: string): Array<{ path?: string; export: string }>;
  /** The logical cluster a workspace path names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  /** The export as v1alpha2, or undefined. */
  getExport(cluster: string, name: string): KObject | undefined;
  getBinding(cluster: string, name: string): KObject | undefined;
  createBinding(cluster: string, binding: KObject): void;
  /** Writes the LogicalCluster as given (optimistic: false when the version read is gone). */
  updateLogicalCluster(cluster: string, lc: KObject): boolean;
}

export type InitializerOutcome = 'not-initializing' | 'waiting' | 'initialized' | 'conflict';

/** kcp's binding name: the export's name, then five characters of a hash of where it binds what. */
export function defaultBindingName(cluster: string, path: string, exportName: string): string {
  const digest = createHash('sha224').update(`${cluster}|${path}|${exportName}`).digest();
  let n = BigInt(`0x${digest.toString('hex')}`);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  let hash = '';
  while (hash.length < 5) {
    hash += alphabet[Number(n % 36n)];
    n /= 36n;
  }
  return `${exportName.slice(0, MAX_EXPORT_NAME_PREFIX)}-${hash}`;
}

export function reconcileDefaultBindings(deps: InitializerDeps, cluster: string): InitializerOutcome {
  const lc = deps.getLogicalCluster(cluster);
  if (!lc) return 'not-initializing';
  const initializers = statusOf<{ initializers?: string[] }>(lc).initializers ?? [];
  if (!initializers.includes(APIBINDINGS_INITIALIZER)) return 'not-initializing';
  const type = lc.metadata.annotations?.[ANN_TYPE] ?? '';
  let pending = false;
  for (const ref of deps.defaultAPIBindings(type)) {
    const path = ref.path ?? '';
    const name = defaultBindingName(cluster, path, ref.export);
    const binding = deps.getBinding(cluster, name);
    if (binding) {
      if (statusOf<APIBindingStatus>(binding).phase !== 'Bound') pending = true;
      continue;
    }
    pending = true;
    const exportCluster = path ? deps.resolveCluster(path) : cluster;
    const exp = exportCluster === undefined ? undefined : deps.getExport(exportCluster, ref.export);
    if (!exp) continue;
    const claims = (specOf<APIExportSpec>(exp).permissionClaims ?? []).map((c) => ({
      ...c,
      selector: { matchAll: true },
      state: 'Accepted',
    }));
    deps.createBinding(cluster, {
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIBinding',
      metadata: { name },
      spec: {
        reference: { export: { ...(path ? { path } : {}), name: ref.export } },
        ...(claims.length ? { permissionClaims: claims } : {}),
      },
    });
  }
  if (pending) return 'waiting';
  const next = structuredClone(lc);
  (next['status'] as { initializers: string[] }).initializers = initializers.filter((i) => i !== APIBINDINGS_INITIALIZER);
  return deps.updateLogicalCluster(cluster, next) ? 'initialized' : 'conflict';
}
