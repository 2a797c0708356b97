// The resources a logical cluster's APIBindings serve, for its catalog: each bound resource is served exactly as a
// CRD made from its APIResourceSchema would be (served-resources.ts, the custom resources' strategy: schema,
// validation, defaulting, CEL, subresources, printer columns), stored under its export's identity. kcp copies the
// schema into a bound CRD; an APIResourceSchema is immutable, so it is read where it lives instead.
import type { KObject } from '../apimachinery/types.js';
import { servedResources, type CompiledSchemas } from '../apiextensions/served-resources.js';
import { API_BINDINGS, API_RESOURCE_SCHEMAS, boundStorageKey, statusOf, type APIBindingStatus } from '../apis/apis-kcp/names.js';
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

  constructor(private readonly store: Store) {}

  /** What a cluster's bindings serve: the resources in their status.boundResources, until they are deleted. */
  defsFor(cluster: string): ResourceDef[] {
    if (cluster === '*') return [];
    const out: ResourceDef[] = [];
    for (const b of this.store.list({ cluster, resource: API_BINDINGS }).items) {
      if (b.metadata.deletionTimestamp) continue;
      const status = statusOf<APIBindingStatus>(b);
      if (!status.apiExportClusterName) continue;
      for (const r of status.boundResources ?? []) {
        const schema = this.schema(status.apiExportClusterName, r.schema.name);
        if (schema?.metadata.uid !== r.schema.UID) continue;
        out.push(...exportedResourceDefs(schema, r.schema.identityHash, this.compiled));
      }
    }
    return out;
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

  private schema(cluster: string, name: string): KObject | undefined {
    return this.store.get({ cluster, resource: API_RESOURCE_SCHEMAS, namespace: '', name });
  }
}
