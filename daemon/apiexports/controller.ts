// Wires the controllers of APIs as a service into the shard: the apiexport controller (identity, default endpoint
// slice), the apibinding controller (bind, conflicts, deletion; `sync`, so a binding is Bound before the request
// that created it is answered) and the endpoint slice controller (virtual workspace URLs). Binding changes drop the
// cluster's cached catalog, so what a binding serves appears and disappears at once.
import { randomBytes } from 'node:crypto';
import type { KObject } from '../apimachinery/types.js';
import { CRDS } from '../apiextensions/custom-resources.js';
import { bindingToV1alpha2, exportToV1alpha2 } from '../apis/apis-kcp/conversion.js';
import {
  API_BINDINGS,
  API_EXPORT_ENDPOINT_SLICES,
  API_EXPORTS,
  API_RESOURCE_SCHEMAS,
  BOUND_SCHEMAS_CLUSTER,
  boundStorageKey,
  specOf,
  statusOf,
  type APIBindingSpec,
  type APIBindingStatus,
} from '../apis/apis-kcp/names.js';
import { LOGICAL_CLUSTERS, logicalClusterKey } from '../apis/core-kcp/names.js';
import { Controller } from '../controllers/runtime/controller.js';
import type { ControllerManager } from '../controllers/runtime/manager.js';
import type { Registry } from '../registry/registry.js';
import { systemCreate } from '../registry/system-create.js';
import { storageResource } from '../registry/keys.js';
import { systemClient } from '../controllers/system-client.js';
import { KeyExistsError, KeyNotFoundError, RevisionMismatchError, type ObjectKey } from '../storage/store.js';
import { reconcileBinding, type BindingDeps } from './reconcile-binding.js';
import { reconcileClaimLabels, type ClaimLabelDeps } from './reconcile-claim-labels.js';
import { withClaimLabels, type ClaimLabeler } from './claim-labels.js';
import { reconcileEndpointSlice, type EndpointSliceDeps } from './reconcile-endpoint-slice.js';
import { reconcileExport, type ExportDeps } from './reconcile-export.js';
import { APIBINDINGS_INITIALIZER, reconcileDefaultBindings, type InitializerDeps } from './initializer.js';

export interface ApisControllerDeps {
  /** The exports a workspace type (`path:name`) binds by default (its WorkspaceType's defaultAPIBindings). */
  defaultAPIBindings(type: string): Array<{ path?: string; export: string }>;
  /** The logical cluster a workspace path (or cluster name) names; undefined when none. */
  resolveCluster(path: string): string | undefined;
  /** The base URL of this shard's virtual workspaces. */
  virtualWorkspaceBase(): string;
}

/** On a bound schema copy: the name of the schema it copies (kcp's bound CRD annotation). */
const BOUND_SCHEMA_NAME = 'apis.kcp.io/schema-name';

/** Who deletes the objects of a deleted binding. */
const DELETION_USER = 'system:serviceaccount:kube-system:apibinding-deletion';
const BACKGROUND = { propagationPolicy: 'Background' as const };

interface Key {
  cluster: string;
  name: string;
}

const id = (k: Key) => `${k.cluster}\u0000${k.name}`;
const clusterScoped = (cluster: string, resource: string, name: string): ObjectKey => ({ cluster, resource, namespace: '', name });
const rv = (o: KObject) => Number(o.metadata.resourceVersion);

/** Runs a write of an object read before; false when that version is gone. */
function optimistic(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (err) {
    if (err instanceof RevisionMismatchError || err instanceof KeyNotFoundError) return false;
    throw err;
  }
}

export type ApisDeps = ExportDeps & BindingDeps & EndpointSliceDeps & InitializerDeps & ClaimLabelDeps;

export function storeDeps(registry: Registry, deps: ApisControllerDeps, labeler: ClaimLabeler): ApisDeps {
  const store = registry.store;
  const client = systemClient(registry, DELETION_USER);
  const get = (cluster: string, resource: string, name: string) => store.get(clusterScoped(cluster, resource, name));
  const create = (cluster: string, resource: string, obj: KObject): boolean => {
    try {
      systemCreate(registry, cluster, resource, obj, registry.now());
      return true;
    } catch (err) {
      if (err instanceof KeyExistsError) return false;
      throw err;
    }
  };
  return {
    now: () => registry.now(),
    resolveCluster: (path) => deps.resolveCluster(path),
    defaultAPIBindings: (type) => deps.defaultAPIBindings(type),
    getLogicalCluster: (cluster) => store.get(logicalClusterKey(cluster)),
    updateLogicalCluster: (cluster, lc) => optimistic(() => store.update(logicalClusterKey(cluster), lc, rv(lc))),
    createBinding: (cluster, b) => void create(cluster, API_BINDINGS, b),
    virtualWorkspaceBase: () => deps.virtualWorkspaceBase(),
    getExport: (cluster, name) => {
      const e = get(cluster, API_EXPORTS, name);
      return e && exportToV1alpha2(e);
    },
    exportExists: (cluster, name) => get(cluster, API_EXPORTS, name) !== undefined,
    updateExport: (cluster, exp) => optimistic(() => store.update(clusterScoped(cluster, API_EXPORTS, exp.metadata.name!), exp, rv(exp))),
    getSecret: (cluster, namespace, name) => store.get({ cluster, resource: '/secrets', namespace, name }),
    createSecret: (cluster, secret) => {
      const ns = secret.metadata.namespace!;
      if (!store.get(clusterScoped(cluster, '/namespaces', ns))) {
        create(cluster, '/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      }
      return create(cluster, '/secrets', secret);
    },
    getEndpointSlice: (cluster, name) => get(cluster, API_EXPORT_ENDPOINT_SLICES, name),
    createEndpointSlice: (cluster, slice) => void create(cluster, API_EXPORT_ENDPOINT_SLICES, slice),
    updateEndpointSlice: (cluster, slice) =>
      optimistic(() => store.update(clusterScoped(cluster, API_EXPORT_ENDPOINT_SLICES, slice.metadata.name!), slice, rv(slice))),
    randomKey: () => randomBytes(32),
    getBinding: (cluster, name) => {
      const b = get(cluster, API_BINDINGS, name);
      return b && bindingToV1alpha2(b);
    },
    listBindings: (cluster) => store.list({ cluster, resource: API_BINDINGS }).items.map(bindingToV1alpha2),
    getSchema: (cluster, name) => get(cluster, API_RESOURCE_SCHEMAS, name),
    ensureBoundSchema: (schema) => {
      const key = clusterScoped(BOUND_SCHEMAS_CLUSTER, API_RESOURCE_SCHEMAS, schema.metadata.uid!);
      if (store.get(key)) return;
      const copy: KObject = {
        apiVersion: schema.apiVersion,
        kind: schema.kind,
        metadata: {
          name: schema.metadata.uid!,
          uid: schema.metadata.uid!,
          generation: schema.metadata.generation ?? 1,
          annotations: { [BOUND_SCHEMA_NAME]: schema.metadata.name! },
        },
        spec: structuredClone(schema['spec']),
      };
      try {
        store.create(key, copy);
      } catch (err) {
        if (!(err instanceof KeyExistsError)) throw err;
      }
    },
    listCRDs: (cluster) => store.list({ cluster, resource: CRDS }).items,
    updateBinding: (cluster, b) => optimistic(() => store.update(clusterScoped(cluster, API_BINDINGS, b.metadata.name!), b, rv(b))),
    removeBinding: (cluster, b) => optimistic(() => store.delete(clusterScoped(cluster, API_BINDINGS, b.metadata.name!), rv(b))),
    deleteObjects: async (cluster, resource) => {
      // Through the registry's delete, as kcp's controller deletes them: their own finalizers and propagation apply.
      const def = registry.catalogs.for(cluster).defs.find((d) => storageResource(d) === resource);
      const items = () => store.list({ cluster, resource }).items;
      if (def) {
        for (const o of items()) {
          if (!o.metadata.deletionTimestamp) await client.delete(cluster, def, o.metadata.namespace ?? '', o.metadata.name!, BACKGROUND);
        }
      }
      return items().map((o) => o.metadata.finalizers ?? []);
    },
    relabel: (cluster, group, resource) => {
      const def = registry.catalogs.for(cluster).defs.find((d) => d.group === group && d.plural === resource);
      if (!def) return true;
      const key = storageResource(def);
      for (const o of store.list({ cluster, resource: key }).items) {
        const labels = withClaimLabels(o.metadata.labels, labeler.labelsFor(cluster, group, resource, o.metadata.labels));
        if (JSON.stringify(labels) === JSON.stringify(o.metadata.labels ?? {})) continue;
        const next: KObject = { ...o, metadata: { ...o.metadata } };
        if (Object.keys(labels).length > 0) next.metadata.labels = labels;
        else delete next.metadata.labels;
        const at = { cluster, resource: key, namespace: o.metadata.namespace ?? '', name: o.metadata.name! };
        if (!optimistic(() => store.update(at, next, rv(o)))) return false;
      }
      return true;
    },
    hasBinding: (exportCluster, exportName) =>
      store.list(
        { cluster: '*', resource: API_BINDINGS },
        {
          limit: 1,
          filter: (b) =>
            !b.metadata.deletionTimestamp &&
            statusOf<APIBindingStatus>(b).apiExportClusterName === exportCluster &&
            specOf<APIBindingSpec>(b).reference?.export?.name === exportName,
        },
      ).items.length > 0,
  };
}

export function apisControllers(manager: ControllerManager, registry: Registry, deps: ApisDeps, labeler: ClaimLabeler): void {
  const store = registry.store;
  const claimLabels = manager.add(
    new Controller<Key>({
      name: 'permissionclaimlabel',
      key: id,
      schedule: 'sync',
      reconcile: (k) => {
        if (reconcileClaimLabels(deps, k.cluster, k.name) === 'conflict') claimLabels.enqueueAfter(k, 100);
      },
    }),
  );
  const exports = manager.add(
    new Controller<Key>({ name: 'apiexport', key: id, schedule: 'sync', reconcile: (k) => void reconcileExport(deps, k.cluster, k.name) }),
  );
  // Deleted bindings whose objects wait on their finalizers, by the cluster and storage key of those objects: the
  // deletion of one of them brings the binding back.
  const awaited = new Map<string, Key>();
  const content = (cluster: string, resource: string) => `${cluster}\u0000${resource}`;
  const bindings = manager.add(
    new Controller<Key>({
      name: 'apibinding',
      key: id,
      schedule: 'sync',
      reconcile: async (k) => {
        const held = (statusOf<APIBindingStatus>(deps.getBinding(k.cluster, k.name) ?? { metadata: {} }).boundResources ?? []).map((b) =>
          content(k.cluster, boundStorageKey(b.group, b.resource, b.schema.identityHash)),
        );
        const outcome = await reconcileBinding(deps, k.cluster, k.name);
        for (const c of held) {
          if (outcome === 'content-remaining') awaited.set(c, k);
          else if (awaited.get(c)?.name === k.name) awaited.delete(c);
        }
      },
    }),
  );
  manager.onAnyEvent((ev) => {
    if (ev.type !== 'DELETED' || awaited.size === 0) return;
    const k = awaited.get(content(ev.cluster, ev.resource));
    if (k) bindings.enqueue(k);
  });
  const slices = manager.add(
    new Controller<Key>({
      name: 'apiexportendpointslice',
      key: id,
      reconcile: (k) => void reconcileEndpointSlice(deps, k.cluster, k.name),
    }),
  );
  const initializing = manager.add(
    new Controller<string>({
      name: 'apibinder',
      key: (c) => c,
      schedule: 'sync',
      reconcile: (c) => void reconcileDefaultBindings(deps, c),
    }),
  );
  manager.informers.for(LOGICAL_CLUSTERS).addHandler((ev) => {
    const initializers = statusOf<{ initializers?: string[] }>(ev.object).initializers;
    if (ev.type !== 'DELETED' && initializers?.includes(APIBINDINGS_INITIALIZER)) initializing.enqueue(ev.cluster);
  });
  const bindingsOf = (cluster: string) => {
    for (const b of store.list({ cluster, resource: API_BINDINGS }).items) bindings.enqueue({ cluster, name: b.metadata.name! });
  };
  const slicesOf = (cluster: string) => {
    for (const s of store.list({ cluster, resource: API_EXPORT_ENDPOINT_SLICES }).items)
      slices.enqueue({ cluster, name: s.metadata.name! });
  };

  manager.informers.for(API_EXPORTS).addHandler((ev) => {
    if (ev.type === 'DELETED') return;
    exports.enqueue({ cluster: ev.cluster, name: ev.name });
    if (ev.type === 'SYNC') return;
    // Bindings waiting for this export (its identity, its resources) try again when it gets them.
    const hash = statusOf<{ identityHash?: string }>(ev.object).identityHash;
    const prev = ev.type === 'MODIFIED' ? ev.prev : undefined;
    if (
      !hash ||
      (prev &&
        statusOf<{ identityHash?: string }>(prev).identityHash === hash &&
        prev.metadata.generation === ev.object.metadata.generation)
    )
      return;
    const waiting = store.list(
      { cluster: '*', resource: API_BINDINGS },
      {
        filter: (b) => {
          const ref = specOf<APIBindingSpec>(b).reference?.export;
          return (
            ref?.name === ev.name &&
            (statusOf<APIBindingStatus>(b).phase !== 'Bound' || statusOf<APIBindingStatus>(b).apiExportClusterName === ev.cluster)
          );
        },
      },
    );
    for (const b of waiting.items) bindings.enqueue({ cluster: b.metadata.annotations?.['kcp.io/cluster'] ?? '', name: b.metadata.name! });
  });

  manager.informers.for(API_BINDINGS).addHandler((ev) => {
    if (ev.type !== 'SYNC') registry.catalogs.invalidate(ev.cluster);
    // Admission labels claimed objects from what the bindings accept now; what they covered before is relabelled.
    const current = ev.type === 'DELETED' || ev.object.metadata.deletionTimestamp ? undefined : bindingToV1alpha2(ev.object);
    labeler.onBinding(ev.cluster, ev.name, current);
    if (current) claimLabels.enqueue({ cluster: ev.cluster, name: ev.name });
    if (ev.type === 'DELETED') {
      // What it held may now be free for the others of its workspace.
      bindingsOf(ev.cluster);
      releaseBoundSchemas(ev.object);
    } else bindings.enqueue({ cluster: ev.cluster, name: ev.name });
    const exportCluster = statusOf<APIBindingStatus>(ev.object).apiExportClusterName;
    const before = ev.type === 'MODIFIED' ? ev.prev : undefined;
    // A workspace waiting for its default bindings may be done.
    if (
      ev.type === 'MODIFIED' &&
      statusOf<APIBindingStatus>(ev.object).phase === 'Bound' &&
      statusOf<APIBindingStatus>(before ?? ev.object).phase !== 'Bound'
    ) {
      initializing.enqueue(ev.cluster);
    }
    const changed = !before || statusOf<APIBindingStatus>(before).apiExportClusterName !== exportCluster || ev.type === 'DELETED';
    if (exportCluster && changed) slicesOf(exportCluster);
  });

  // A schema created or deleted in an export's workspace changes what its bindings are told (APIExportValid); what
  // they serve does not change, as they serve a copy.
  manager.informers.for(API_RESOURCE_SCHEMAS).addHandler(
    (ev) => {
      if (ev.type !== 'ADDED' && ev.type !== 'DELETED') return;
      const of = store.list(
        { cluster: '*', resource: API_BINDINGS },
        { filter: (b) => statusOf<APIBindingStatus>(b).apiExportClusterName === ev.cluster },
      );
      for (const b of of.items) bindings.enqueue({ cluster: b.metadata.annotations?.['kcp.io/cluster'] ?? '', name: b.metadata.name! });
    },
    { list: false },
  );

  // kcp's bound CRD cleanup: a schema copy no binding serves any more goes.
  const releaseBoundSchemas = (gone: KObject) => {
    for (const r of statusOf<APIBindingStatus>(gone).boundResources ?? []) {
      const uid = r.schema.UID;
      const used = store.list(
        { cluster: '*', resource: API_BINDINGS },
        { limit: 1, filter: (b) => statusOf<APIBindingStatus>(b).boundResources?.some((x) => x.schema.UID === uid) ?? false },
      ).items.length;
      if (!used) optimistic(() => store.delete(clusterScoped(BOUND_SCHEMAS_CLUSTER, API_RESOURCE_SCHEMAS, uid)));
    }
  };

  manager.informers.for(API_EXPORT_ENDPOINT_SLICES).addHandler((ev) => {
    if (ev.type !== 'DELETED') slices.enqueue({ cluster: ev.cluster, name: ev.name });
  });

  // A deleted CRD may free the names a binding of its workspace waits for.
  manager.informers.for(CRDS).addHandler(
    (ev) => {
      if (ev.type === 'DELETED') bindingsOf(ev.cluster);
    },
    { list: false },
  );
}
