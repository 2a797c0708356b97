// CustomResourceDefinitions per logical cluster: the controller that accepts names and establishes (NamesAccepted,
// Established) right after a write, the resources established CRDs serve (served-resources.ts) for the catalogs,
// refusing new custom resources while their CRD terminates, and cleanup of every custom resource when a CRD is
// deleted. The CRD kind's own defaulting and validation are its strategy's (apis/apiextensions).
import { methodNotAllowedMessage } from '../apimachinery/status.js';
import type { KObject, Schema } from '../apimachinery/types.js';
import type { AdmissionAttributes } from '../registry/admission.js';
import { deleteNamed } from '../registry/delete.js';
import { storageResource } from '../registry/keys.js';
import { timestamp } from '../registry/meta.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef, SchemaOps } from '../registry/types.js';
import type { StoreEvent } from '../storage/store.js';
import { servingCRD } from './custom-resource-strategy.js';
import type { PrinterColumn } from './printer-columns.js';
import { servedResources } from './served-resources.js';

export const CRDS = 'apiextensions.k8s.io/customresourcedefinitions';
export const CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const SYSTEM_USER = { username: 'system:kcpx:crd-controller', groups: ['system:masters'] };

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
}

type Condition = { type: string; status: string; reason: string; message: string; lastTransitionTime?: string };

export class CustomResources {
  /** Compiled schemas by CRD uid + generation + version: compiling is the expensive part. */
  private readonly compiled = new Map<string, SchemaOps>();

  constructor(private readonly registry: Registry) {
    registry.admission.register({ name: 'apiextensions.k8s.io/CustomResourceTerminating', validate: (a) => this.refuseWhileTerminating(a) });
    registry.store.subscribeAll((ev) => this.observe(ev));
  }

  start(): void {
    // Nothing to preload: definitions are read per cluster on first use.
  }

  private refuseWhileTerminating(a: AdmissionAttributes): void {
    const served = a.operation === 'CREATE' ? servingCRD(a.def) : undefined;
    if (!served) return;
    const crd = this.registry.store.get({ cluster: a.ctx.cluster, resource: CRDS, namespace: '', name: served.name });
    if (crd?.metadata.deletionTimestamp) {
      throw methodNotAllowedMessage({ group: a.def.group, resource: a.def.plural }, 'create not allowed while custom resource definition is terminating');
    }
  }

  private observe(ev: StoreEvent): void {
    if (ev.resource !== CRDS) return;
    this.registry.catalogs.invalidate(ev.cluster);
    if (ev.type === 'DELETED') return;
    if (ev.object.metadata.deletionTimestamp) setImmediate(() => void this.cleanup(ev.cluster, ev.name));
    else setImmediate(() => this.establish(ev.cluster, ev.name));
  }

  /** NamesAccepted (or the conflict) and Established, as the apiextensions controllers report them. */
  private establish(cluster: string, name: string): void {
    const store = this.registry.store;
    const key = { cluster, resource: CRDS, namespace: '', name };
    const crd = store.get(key);
    if (!crd || crd.metadata.deletionTimestamp) return;
    const spec = crd['spec'] as CRDSpec;
    const conflict = this.nameConflict(cluster, crd);
    const now = timestamp(this.registry.now());
    const status = (crd['status'] ?? {}) as { conditions?: Condition[]; acceptedNames?: CRDNames; storedVersions?: string[] };
    const prev = new Map((status.conditions ?? []).map((c) => [c.type, c]));
    const cond = (c: Condition): Condition => {
      const old = prev.get(c.type);
      return { ...c, lastTransitionTime: old && old.status === c.status ? (old.lastTransitionTime ?? now) : now };
    };
    const conditions: Condition[] = conflict
      ? [
          cond({ type: 'NamesAccepted', status: 'False', reason: conflict.reason, message: conflict.message }),
          cond({ type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' }),
        ]
      : [
          cond({ type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' }),
          cond({ type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' }),
        ];
    const storage = spec.versions.find((v) => v.storage)?.name;
    const stored = [...new Set([...(status.storedVersions ?? []), ...(storage ? [storage] : [])])];
    const next = structuredClone(crd);
    next['status'] = { conditions, acceptedNames: conflict ? (status.acceptedNames ?? { plural: '', kind: '' }) : spec.names, storedVersions: stored };
    if (JSON.stringify(next['status']) === JSON.stringify(crd['status'])) return;
    try {
      store.update(key, next, Number(crd.metadata.resourceVersion));
    } catch {
      setImmediate(() => this.establish(cluster, name));
    }
  }

  private nameConflict(cluster: string, crd: KObject): { reason: string; message: string } | undefined {
    const spec = crd['spec'] as CRDSpec;
    const mine = new Set([spec.names.plural, spec.names.singular ?? '', ...(spec.names.shortNames ?? [])].filter(Boolean));
    for (const d of this.registry.catalogs.builtins) {
      if (d.group !== spec.group) continue;
      if (d.plural === spec.names.plural) return { reason: 'PluralConflict', message: `"${spec.names.plural}" is already in use` };
      if (d.kind === spec.names.kind) return { reason: 'KindConflict', message: `"${spec.names.kind}" is already in use` };
    }
    for (const other of this.registry.store.list({ cluster, resource: CRDS }).items) {
      if (other.metadata.name === crd.metadata.name) continue;
      const os = other['spec'] as CRDSpec;
      if (os.group !== spec.group) continue;
      const accepted = (other['status'] as { acceptedNames?: CRDNames } | undefined)?.acceptedNames;
      if (!accepted?.plural) continue;
      if (accepted.plural === spec.names.plural) return { reason: 'PluralConflict', message: `"${spec.names.plural}" is already in use` };
      if (accepted.kind === spec.names.kind) return { reason: 'KindConflict', message: `"${spec.names.kind}" is already in use` };
      for (const s of accepted.shortNames ?? []) if (mine.has(s)) return { reason: 'ShortNamesConflict', message: `"${s}" is already in use` };
    }
    return undefined;
  }

  /** Deleting a CRD deletes every custom resource it served, then the CRD. */
  private async cleanup(cluster: string, name: string): Promise<void> {
    const store = this.registry.store;
    const key = { cluster, resource: CRDS, namespace: '', name };
    const crd = store.get(key);
    if (!crd || !crd.metadata.deletionTimestamp) return;
    const spec = crd['spec'] as CRDSpec;
    const resource = `${spec.group}/${spec.names.plural}`;
    const status = (crd['status'] ?? {}) as { conditions?: Condition[] };
    if (!(status.conditions ?? []).some((c) => c.type === 'Terminating')) {
      const next = structuredClone(crd);
      next['status'] = {
        ...status,
        conditions: [
          ...(status.conditions ?? []).filter((c) => c.type !== 'Established'),
          { type: 'Established', status: 'False', reason: 'Terminating', message: 'the CRD is being deleted', lastTransitionTime: timestamp(this.registry.now()) },
          { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress', lastTransitionTime: timestamp(this.registry.now()) },
        ],
      };
      try {
        store.update(key, next, Number(crd.metadata.resourceVersion));
      } catch {
        setImmediate(() => void this.cleanup(cluster, name));
        return;
      }
    }
    const def = this.defsFor(cluster, true).find((d) => storageResource(d) === resource);
    const items = store.list({ cluster, resource }).items;
    for (const item of items) {
      if (item.metadata.deletionTimestamp || !def) continue;
      try {
        await deleteNamed(
          this.registry,
          { cluster, def, namespace: item.metadata.namespace ?? '', query: new URLSearchParams(), ctx: { cluster, user: SYSTEM_USER, now: this.registry.now(), dryRun: false } },
          item.metadata.name!,
          { propagationPolicy: 'Background' },
          false,
        );
      } catch (err) {
        if ((err as { code?: number }).code !== 404) process.emitWarning(`crd cleanup: ${(err as Error).message}`);
      }
    }
    if (store.count({ cluster, resource }) > 0) {
      setTimeout(() => void this.cleanup(cluster, name), 200).unref();
      return;
    }
    const cur = store.get(key);
    if (!cur) return;
    const finalizers = (cur.metadata.finalizers ?? []).filter((f) => f !== CLEANUP_FINALIZER);
    try {
      if (finalizers.length === 0) store.delete(key, Number(cur.metadata.resourceVersion));
      else {
        const next = structuredClone(cur);
        next.metadata.finalizers = finalizers;
        store.update(key, next, Number(cur.metadata.resourceVersion));
      }
    } catch {
      setImmediate(() => void this.cleanup(cluster, name));
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
    return servedResources(crd, this.compiled);
  }
}
