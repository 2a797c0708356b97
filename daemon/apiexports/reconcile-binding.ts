// The apibinding controller's reconciler (kcp's pkg/reconciler/apis/apibinding and apibindingdeletion): a binding
// resolves its APIExport, checks that the export's resources clash with no local CRD and no other binding of the
// workspace, then lists them in status.boundResources and turns Bound — from then on the catalog serves them (see
// bound-resources.ts). A deleted binding first deletes the objects of its bound resources in its workspace — as
// any client deletes them: an object with finalizers stays until they are released, and holds the binding (kcp's
// apibindingdeletion controller; meanwhile its resources stay served, without `create`) — then lets go of its
// finalizer. Conditions, reasons and messages are kcp's.
import type { KObject } from '../apimachinery/types.js';
import {
  BINDING_FINALIZER,
  boundStorageKey,
  specOf,
  statusOf,
  type APIBindingSpec,
  type APIBindingStatus,
  type APIExportSpec,
  type BoundResource,
  type Condition,
} from '../apis/apis-kcp/names.js';
import { markFalse, markTrue, summarize } from './conditions.js';

export interface BindingDeps {
  now(): Date;
  /** The binding as v1alpha2, or undefined. */
  getBinding(cluster: string, name: string): KObject | undefined;
  /** Every binding of a cluster, as v1alpha2. */
  listBindings(cluster: string): KObject[];
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  /** The export as v1alpha2, or undefined. */
  getExport(cluster: string, name: string): KObject | undefined;
  getSchema(cluster: string, name: string): KObject | undefined;
  /** Keeps a copy of a schema a binding serves (kcp's bound CRD), so that it outlives the schema's deletion. */
  ensureBoundSchema(schema: KObject): void;
  listCRDs(cluster: string): KObject[];
  /** Writes the binding as given (optimistic: false when the version read is gone). */
  updateBinding(cluster: string, binding: KObject): boolean;
  /** Removes the binding for good (its last finalizer gone); false when the version read is gone. */
  removeBinding(cluster: string, binding: KObject): boolean;
  /**
   * Deletes the objects stored under a resource key in a cluster, as a client would (finalizers are honoured), and
   * returns the finalizers of each object still there.
   */
  deleteObjects(cluster: string, resource: string): Promise<string[][]>;
}

export type BindingOutcome = 'gone' | 'removed' | 'content-remaining' | 'bound' | 'export-invalid' | 'naming-conflict' | 'conflict';

interface ExportedSchema {
  group: string;
  plural: string;
  schema: KObject;
}

export async function reconcileBinding(deps: BindingDeps, cluster: string, name: string): Promise<BindingOutcome> {
  const binding = deps.getBinding(cluster, name);
  if (!binding) return 'gone';
  if (binding.metadata.deletionTimestamp) return finalize(deps, cluster, binding);
  const now = deps.now();
  const next = structuredClone(binding);
  const status = statusOf<APIBindingStatus>(next);
  next['status'] = status;
  const outcome = bind(deps, cluster, next, status, now);
  status.conditions = summarize(status.conditions ?? [], 'InitialBindingCompleted', now);
  if (JSON.stringify(next) !== JSON.stringify(binding) && !deps.updateBinding(cluster, next)) return 'conflict';
  return outcome;
}

function bind(deps: BindingDeps, cluster: string, binding: KObject, status: APIBindingStatus, now: Date): BindingOutcome {
  let conds = status.conditions ?? [];
  const done = (o: BindingOutcome) => {
    status.conditions = conds;
    return o;
  };
  if (!status.phase) {
    status.phase = 'Binding';
    conds = markFalse(conds, 'InitialBindingCompleted', 'WaitingForEstablished', 'Info', 'Waiting for API(s) to be established', now);
  }
  const ref = specOf<APIBindingSpec>(binding).reference?.export;
  if (!ref?.name) {
    conds = markFalse(conds, 'APIExportValid', 'APIExportInvalidReference', 'Error', 'Missing APIExport reference', now);
    return done('export-invalid');
  }
  const path = ref.path || cluster;
  const exportCluster = ref.path ? deps.resolveCluster(ref.path) : cluster;
  const exp = exportCluster === undefined ? undefined : deps.getExport(exportCluster, ref.name);
  if (!exp || exportCluster === undefined) {
    conds = markFalse(conds, 'APIExportValid', 'APIExportNotFound', 'Error', `APIExport ${path}|${ref.name} not found`, now);
    return done('export-invalid');
  }
  const spec = specOf<APIExportSpec>(exp);
  status.exportPermissionClaims = spec.permissionClaims ?? [];
  if (status.exportPermissionClaims.length === 0) delete status.exportPermissionClaims;
  const identity = statusOf<{ identityHash?: string }>(exp).identityHash;
  if (!identity) {
    conds = markFalse(
      conds,
      'APIExportValid',
      'MissingIdentityHash',
      'Warning',
      `APIExport ${path}|${ref.name} is missing status.identityHash`,
      now,
    );
    return done('export-invalid');
  }
  status.apiExportClusterName = exportCluster;

  const schemas: ExportedSchema[] = [];
  for (const r of spec.resources ?? []) {
    const schema = deps.getSchema(exportCluster, r.schema);
    if (!schema) {
      conds = markFalse(
        conds,
        'APIExportValid',
        'InternalError',
        'Error',
        `Invalid APIExport. Please contact the APIExport owner to resolve: APIResourceSchema "${r.schema}" not found`,
        now,
      );
      return done('export-invalid');
    }
    const s = specOf<{ group?: string; names?: { plural?: string } }>(schema);
    schemas.push({ group: s.group ?? '', plural: s.names?.plural ?? '', schema });
  }

  for (const s of schemas) {
    const conflict = namingConflict(deps, cluster, binding, s);
    if (conflict) {
      const message = `Unable to bind APIs: ${conflict}`;
      conds = markFalse(conds, 'BindingUpToDate', 'NamingConflicts', 'Error', message, now);
      if (!isTrue(conds, 'InitialBindingCompleted'))
        conds = markFalse(conds, 'InitialBindingCompleted', 'NamingConflicts', 'Error', message, now);
      conds = markTrue(conds, 'APIExportValid', now);
      return done('naming-conflict');
    }
  }

  const bound = status.boundResources ?? [];
  for (const s of schemas) {
    deps.ensureBoundSchema(s.schema);
    const storage = specOf<{ versions?: Array<{ name: string; storage?: boolean }> }>(s.schema).versions?.find((v) => v.storage)?.name;
    const existing = bound.find((b) => b.group === s.group && b.resource === s.plural);
    const versions = new Set(existing?.storageVersions ?? []);
    if (storage) versions.add(storage);
    const entry: BoundResource = {
      group: s.group,
      resource: s.plural,
      schema: { name: s.schema.metadata.name!, UID: s.schema.metadata.uid!, identityHash: identity },
      storageVersions: [...versions].sort(),
    };
    if (existing) bound[bound.indexOf(existing)] = entry;
    else bound.push(entry);
  }
  status.boundResources = bound;
  conds = markTrue(conds, 'APIExportValid', now);
  conds = markTrue(conds, 'InitialBindingCompleted', now);
  conds = markTrue(conds, 'BindingUpToDate', now);
  status.phase = 'Bound';
  return done('bound');
}

function isTrue(conds: Condition[], type: string): boolean {
  return conds.some((c) => c.type === type && c.status === 'True');
}

/** kcp's conflict checker: another binding of the workspace, or a local CRD, already serves the group and resource. */
function namingConflict(deps: BindingDeps, cluster: string, binding: KObject, s: ExportedSchema): string | undefined {
  const plural = `spec.names.plural=${s.plural} is forbidden`;
  for (const other of deps.listBindings(cluster)) {
    if (other.metadata.name === binding.metadata.name) continue;
    const taken = statusOf<APIBindingStatus>(other).boundResources?.some((b) => b.group === s.group && b.resource === s.plural);
    if (!taken) continue;
    const ref = specOf<APIBindingSpec>(other).reference?.export;
    const boundTo = ref?.path ? `APIExport ${ref.path}:${ref.name}` : `local APIExport "${ref?.name ?? ''}"`;
    return `naming conflict with APIBinding "${other.metadata.name}" bound to ${boundTo}: ${plural}`;
  }
  for (const crd of deps.listCRDs(cluster)) {
    const spec = specOf<{ group?: string; names?: { plural?: string } }>(crd);
    if ((spec.group ?? '') === s.group && spec.names?.plural === s.plural) {
      return `naming conflict with CustomResourceDefinition "${crd.metadata.name}": ${plural}`;
    }
  }
  return undefined;
}

/** A deleted binding: its bound resources' objects go first, then its finalizer (and so the binding). */
async function finalize(deps: BindingDeps, cluster: string, binding: KObject): Promise<BindingOutcome> {
  const finalizers = binding.metadata.finalizers ?? [];
  if (!finalizers.includes(BINDING_FINALIZER)) return 'gone';
  const remaining = new Map<string, number>();
  const byFinalizer = new Map<string, number>();
  for (const b of statusOf<APIBindingStatus>(binding).boundResources ?? []) {
    const left = await deps.deleteObjects(cluster, boundStorageKey(b.group, b.resource, b.schema.identityHash));
    if (left.length) remaining.set(`${b.resource}.${b.group}`, left.length);
    for (const f of left.flat()) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + 1);
  }
  // Read again: the deletes above took turns of the event loop.
  const current = deps.getBinding(cluster, binding.metadata.name!);
  if (!current?.metadata.deletionTimestamp) return 'conflict';
  if (remaining.size > 0) {
    const next = structuredClone(current);
    const status = statusOf<APIBindingStatus>(next);
    next['status'] = status;
    const [reason, message] =
      byFinalizer.size > 0
        ? [
            'SomeFinalizersRemain',
            `Some content in the workspace has finalizers remaining: ${[...byFinalizer]
              .map(([f, n]) => `${f} in ${n} resource instances`)
              .sort()
              .join(', ')}`,
          ]
        : [
            'SomeResourcesRemain',
            `Some resources are remaining: ${[...remaining]
              .map(([r, n]) => `${r} has ${n} resource instances`)
              .sort()
              .join(', ')}`,
          ];
    const now = deps.now();
    status.conditions = markFalse(status.conditions ?? [], 'BindingResourceDeleteSuccess', reason, 'Error', message, now);
    if (JSON.stringify(next) !== JSON.stringify(current) && !deps.updateBinding(cluster, next)) return 'conflict';
    return 'content-remaining';
  }
  const next = structuredClone(current);
  next.metadata.finalizers = (current.metadata.finalizers ?? []).filter((f) => f !== BINDING_FINALIZER);
  if (next.metadata.finalizers.length > 0) {
    const status = statusOf<APIBindingStatus>(next);
    next['status'] = status;
    status.conditions = markTrue(status.conditions ?? [], 'BindingResourceDeleteSuccess', deps.now());
  }
  const ok = next.metadata.finalizers.length === 0 ? deps.removeBinding(cluster, next) : deps.updateBinding(cluster, next);
  return ok ? 'removed' : 'conflict';
}
