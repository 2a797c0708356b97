// CustomResourceDefinitions per logical cluster: admission (validation, defaults, cleanup finalizer) and the CRD →
// ResourceDef translation the catalogs serve. The controllers that establish CRDs and clean up after deleted ones
// are in controller.ts and reconcile.ts.
import { crdDefaults, validateCRD, validateCRDUpdate } from './validate-crd.js';
import { crdValidator, loadCrdValidator } from './load.js';
import { invalid, methodNotAllowedMessage } from '../apimachinery/status.js';
import type { KObject, Schema } from '../apimachinery/types.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { Registry } from '../registry/registry.js';
import { ALL_VERBS, type ResourceDef, type SchemaOps } from '../registry/types.js';

export const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

interface CRDNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: Array<{ name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }>;
}

interface CRDSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: CRDNames;
  versions: CRDVersion[];
}

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

export class CustomResources {
  /** Compiled schemas by CRD uid + generation + version: compiling is the expensive part. */
  private readonly compiled = new Map<string, SchemaOps>();

  constructor(private readonly registry: Registry) {
    registry.admission.register({
      name: 'apiextensions.k8s.io/CustomResourceDefinition',
      resources: new Set([CRDS]),
      admit: (a) => this.admit(a),
    });
    registry.admission.register({ name: 'apiextensions.k8s.io/CustomResourceTerminating', validate: (a) => this.refuseWhileTerminating(a) });
  }

  private async admit(a: AdmissionAttributes): Promise<void> {
    if (a.operation === 'DELETE' || !a.object) return;
    await loadCrdValidator();
    const crd = a.object;
    crdDefaults(crd);
    const errs = validateCRD(crd);
    if (a.operation === 'UPDATE' && a.oldObject) errs.push(...validateCRDUpdate(crd, a.oldObject));
    if (errs.length) throw invalid('CustomResourceDefinition.apiextensions.k8s.io', crd.metadata.name ?? '', errs, 'apiextensions.k8s.io');
    if (a.operation === 'CREATE') {
      crd.metadata.finalizers = [...new Set([...(crd.metadata.finalizers ?? []), CLEANUP_FINALIZER])];
      crd['status'] = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
    }
  }

  private refuseWhileTerminating(a: AdmissionAttributes): void {
    if (a.operation !== 'CREATE' || !a.def.crd) return;
    const crd = this.registry.store.get({ cluster: a.ctx.cluster, resource: CRDS, namespace: '', name: a.def.crd.name });
    if (crd?.metadata.deletionTimestamp) {
      throw methodNotAllowedMessage({ group: a.def.group, resource: a.def.plural }, 'create not allowed while custom resource definition is terminating');
    }
  }

  /** The resources a cluster's established CRDs serve (`includeTerminating` for cleanup). */
  defsFor(cluster: string, includeTerminating = false): ResourceDef[] {
    if (cluster === '*') return [];
    const out: ResourceDef[] = [];
    for (const crd of this.registry.store.list({ cluster, resource: CRDS }).items) {
      const established = ((crd['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? []).some(
        (c) => c.type === 'Established' && c.status === 'True',
      );
      if (!established && !(includeTerminating && crd.metadata.deletionTimestamp)) continue;
      out.push(...this.toDefs(crd));
    }
    return out;
  }

  private toDefs(crd: KObject): ResourceDef[] {
    const spec = crd['spec'] as CRDSpec;
    const n = spec.names;
    // Served versions in preference order: kube sorts by version priority; the storage version first is close enough.
    const versions = [...spec.versions.filter((v) => v.served)].sort((a, b) => Number(b.storage) - Number(a.storage));
    return versions.map((v) => {
      const schema = v.schema?.openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      const key = `${crd.metadata.uid}/${crd.metadata.generation}/${v.name}`;
      let ops = this.compiled.get(key);
      if (!ops) {
        ops = compiledOnFirstUse(() => crdValidator().compileCustomResourceSchema(schema, { kind: n.kind, group: spec.group }));
        this.compiled.set(key, ops);
      }
      const def: ResourceDef = {
        group: spec.group,
        version: v.name,
        kind: n.kind,
        listKind: n.listKind ?? `${n.kind}List`,
        plural: n.plural,
        singular: n.singular ?? n.kind.toLowerCase(),
        namespaced: spec.scope === 'Namespaced',
        shortNames: n.shortNames ?? [],
        categories: n.categories ?? [],
        verbs: ALL_VERBS,
        subresources: {
          ...(v.subresources?.status ? { status: true } : {}),
          ...(v.subresources?.scale ? { scale: v.subresources.scale } : {}),
        },
        nameRule: 'dns1123-subdomain',
        generation: true,
        strategicMergePatch: false,
        crd: { uid: crd.metadata.uid!, name: crd.metadata.name! },
        schemaOps: ops,
        openAPISchema: schema,
      };
      if (v.additionalPrinterColumns?.length) def.printerColumns = v.additionalPrinterColumns;
      if (v.deprecated) {
        def.deprecated = true;
        def.deprecationWarning = v.deprecationWarning ?? `${spec.group}/${v.name} ${n.kind} is deprecated`;
      }
      return def;
    });
  }
}

/**
 * Schema operations compiled when first used: listing a cluster's APIs (discovery) builds definitions for every
 * CRD, but only writes to a resource need its validator (which api-handler has loaded by then).
 */
function compiledOnFirstUse(compile: () => SchemaOps): SchemaOps {
  let ops: SchemaOps | undefined;
  const get = () => (ops ??= compile());
  return {
    coerce: (obj) => get().coerce(obj),
    prune: (obj) => get().prune(obj),
    applyDefaults: (obj) => get().applyDefaults(obj),
    validate: (obj, old) => get().validate(obj, old),
  };
}
