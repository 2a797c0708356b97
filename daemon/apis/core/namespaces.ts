// core/v1 Namespace: the `kubernetes` spec finalizer and phase Active on create, the name label kept in place, the
// namespaces NamespaceLifecycle never lets go, graceful deletion while spec.finalizers remain (phase Terminating),
// and the finalize subresource through which alone spec.finalizers change (kube's namespace strategies).
import { forbidden } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { groupResource } from '../../registry/keys.js';
import { clone } from '../../registry/meta.js';
import { verbs } from '../../registry/lazy-verbs.js';
import { statusSubresource } from '../../registry/status-subresource.js';
import type { SubresourceHandler } from '../../registry/strategy.js';
import { age, AGE, col, get } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';

/** The namespaces NamespaceLifecycle admission keeps alive: no client may delete them. */
const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public']);

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** kube's Canonicalize: every namespace carries its own name as a label. */
function labelWithName(obj: KObject): void {
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [NAME_LABEL]: obj.metadata.name ?? '' };
}

const specFinalizers = (obj: KObject) => (get(obj, 'spec', 'finalizers') as string[] | undefined) ?? [];

/** PUT …/namespaces/<name>/finalize: changes spec.finalizers, and nothing else (kube's finalize strategy). */
const finalize: SubresourceHandler = {
  verbs: ['update'],
  updateStrategy: {
    resetFields(desired, old) {
      const next = clone(old);
      next['spec'] = { ...(old['spec'] ?? {}), finalizers: (desired['spec'] as { finalizers?: string[] } | undefined)?.finalizers ?? [] };
      return next;
    },
    prepareForUpdate: labelWithName,
    validateUpdate: () => [],
  },
  update: async (reg, call) => (await verbs.load()).update(reg, call),
};

export class NamespaceStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      nameRule: 'dns1123-label',
      fieldSelectors: { 'status.phase': (o) => get(o, 'status', 'phase') as string | undefined },
      table: {
        columns: [col('Status', 'The status of the namespace'), AGE],
        cells: (o, now) => [get(o, 'status', 'phase') ?? '', age(o, now)],
      },
    });
    this.subresources = { status: statusSubresource(this), finalize };
  }

  override prepareForCreate(obj: KObject): void {
    const spec = (obj['spec'] ?? {}) as { finalizers?: string[] };
    obj['spec'] = { ...spec, finalizers: [...new Set([...(spec.finalizers ?? []), 'kubernetes'])] };
    obj['status'] = { phase: 'Active' };
    labelWithName(obj);
  }

  /** spec.finalizers change only through /finalize. */
  override prepareForUpdate(obj: KObject, old: KObject): void {
    obj['spec'] = { ...(obj['spec'] ?? {}), finalizers: get(old, 'spec', 'finalizers') ?? [] };
    labelWithName(obj);
  }

  override checkDelete(name: string): void {
    if (IMMORTAL_NAMESPACES.has(name)) throw forbidden(groupResource(this.resource), name, 'this namespace may not be deleted');
  }

  /** A namespace is deleted once the namespace controller has emptied it and cleared spec.finalizers. */
  override hasPendingFinalizers(obj: KObject): boolean {
    return specFinalizers(obj).length > 0;
  }

  override prepareForDelete(obj: KObject): void {
    obj['status'] = { ...(obj['status'] ?? {}), phase: 'Terminating' };
  }
}

export const namespaces = define(
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
    schemaName: 'io.k8s.api.core.v1.Namespace',
  },
  (r) => new NamespaceStrategy(r),
);
