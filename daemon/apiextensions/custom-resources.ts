// CustomResourceDefinitions per logical cluster: the resources established CRDs serve (served-resources.ts) for the
// catalogs, and refusing new custom resources while their CRD terminates. The CRD kind's own defaulting and validation
// are its strategy's (apis/apiextensions); the controllers that establish CRDs and clean up after deleted ones are in
// controller.ts and reconcile.ts.
import { methodNotAllowedMessage } from '../apimachinery/status.js';
import type { KObject, Schema } from '../apimachinery/types.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef, SchemaOps } from '../registry/types.js';
import { servingCRD } from './custom-resource-strategy.js';
import type { PrinterColumn } from './printer-columns.js';
import type { ConversionWebhook } from './conversion/webhook-converter.js';
import { servedResources, type ConversionDeps } from './served-resources.js';

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

export interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: Schema };
  subresources?: { status?: object; scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

export interface CRDSpec {
  group: string;
  scope: 'Namespaced' | 'Cluster';
  names: CRDNames;
  versions: CRDVersion[];
  conversion?: { strategy?: string; webhook?: ConversionWebhook };
}

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

export class CustomResources {
  /** Compiled schemas by CRD uid + generation + version: compiling is the expensive part. */
  private readonly compiled = new Map<string, SchemaOps>();

  constructor(
    private readonly registry: Registry,
    private readonly conversion?: ConversionDeps,
  ) {
    registry.admission.register({
      name: 'apiextensions.k8s.io/CustomResourceTerminating',
      validate: (a) => this.refuseWhileTerminating(a),
    });
  }

  private refuseWhileTerminating(a: AdmissionAttributes): void {
    const served = a.operation === 'CREATE' ? servingCRD(a.def) : undefined;
    if (!served) return;
    const crd = this.registry.store.get({ cluster: a.ctx.cluster, resource: CRDS, namespace: '', name: served.name });
    if (crd?.metadata.deletionTimestamp) {
      throw methodNotAllowedMessage(
        { group: a.def.group, resource: a.def.plural },
        'create not allowed while custom resource definition is terminating',
      );
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
    return servedResources(crd, this.compiled, this.conversion);
  }
}
