// The resources a logical cluster's APIBindings serve, for its catalog: each bound resource is served exactly as a
// CRD made from its APIResourceSchema would be (served-resources.ts, the custom resources' strategy: schema,
// validation, defaulting, CEL, subresources, printer columns), stored under its export's identity. kcp copies the
// schema into a bound CRD; kcpx keeps a copy of the (immutable) schema by UID in system:bound-crds, so that, as in
// kcp, what a binding serves outlives the deletion of the schema in the provider's workspace.
import type { KObject } from '../apimachinery/types.js';
import { servedResources, type CompiledSchemas } from '../apiextensions/served-resources.js';
import {
  API_BINDINGS,
  API_RESOURCE_SCHEMAS,
  BOUND_SCHEMAS_CLUSTER,
  boundStorageKey,
  statusOf,
  type APIBindingStatus,
} from '../apis/apis-kcp/names.js';
import type { ResourceDef } from '../registry/types.js';
import type { Store } from '../storage/store.js';

interface SchemaVersion {
  name: string;
  schema?: unknown;
  [field: string]: unknown;
}

/** The CRD an APIResourceSchema stands for (kcp's generateCRD): its spec, with each version's schema wrapped. */
export function schemaAsCRD(schema: KObject): KObject {
  const spec = (schema['spec'] ?? {}) as { group?: string; names?: { plural?: string }; versions?: SchemaVersion[] };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${spec.names?.plural}.${spec.group}`, uid: schema.metadata.uid!, generation: schema.metadata.generation ?? 1 },
    spec: {
      ...spec,
      versions: (spec.versions ?? []).map(({ schema: s, ...v }) => (s === undefined ? v : { ...v, schema: { openAPIV3Schema: s } })),
    },
  };
}

/** The definitions of a schema's served versions, stored under the export's identity. */
export function exportedResourceDefs(schema: KObject, identityHash: string, compiled: CompiledSchemas): ResourceDef[] {
  return servedResources(schemaAsCRD(schema), compiled).map((def) => {
    def.storageKey = boundStorageKey(def.group, def.plural, identityHash);
    return def;
  });
}

export class BoundResources {
  private readonly compiled: CompiledSchemas = new Map();
  /** The definitions served for bindings being deleted (kcp serves their resources as a terminating CRD). */
  private readonly terminating = new WeakSet<ResourceDef>();

  constructor(private readonly store: Store) {}

  /**
   * What a cluster's bindings serve: the resources in their status.boundResources, until the bindings are gone — a
   * binding being deleted still serves them, so that the objects its deletion waits for can release their finalizers.
   */
  defsFor(cluster: string): ResourceDef[] {
    if (cluster === '*') return [];
    const out: ResourceDef[] = [];
    for (const b of this.store.list({ cluster, resource: API_BINDINGS }).items) {
      const status = statusOf<APIBindingStatus>(b);
      if (!status.apiExportClusterName) continue;
      for (const r of status.boundResources ?? []) {
        const schema = this.boundSchema(r.schema.UID) ?? this.schema(status.apiExportClusterName, r.schema.name);
        if (schema?.metadata.uid !== r.schema.UID) continue;
        const defs = exportedResourceDefs(schema, r.schema.identityHash, this.compiled);
        if (b.metadata.deletionTimestamp) for (const d of defs) this.terminating.add(d);
        out.push(...defs);
      }
    }
    return out;
  }

  /** Whether a definition is served for a binding being deleted: no new objects then. */
  isTerminating(def: ResourceDef): boolean {
    return this.terminating.has(def);
  }

  /** The definitions of an export's resources (its virtual workspace). */
  exportDefs(exportCluster: string, schemaNames: readonly string[], identityHash: string): ResourceDef[] {
    const out: ResourceDef[] = [];
    for (const name of schemaNames) {
      const schema = this.schema(exportCluster, name);
      if (schema) out.push(...exportedResourceDefs(schema, identityHash, this.compiled));
    }
    return out;
  }

  /** The copy of a schema kept for the bindings that serve it (by UID). */
  private boundSchema(uid: string): KObject | undefined {
    return this.store.get({ cluster: BOUND_SCHEMAS_CLUSTER, resource: API_RESOURCE_SCHEMAS, namespace: '', name: uid });
  }

  private schema(cluster: string, name: string): KObject | undefined {
    return this.store.get({ cluster, resource: API_RESOURCE_SCHEMAS, namespace: '', name });
  }
}
