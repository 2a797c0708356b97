// apiextensions.k8s.io/v1 CustomResourceDefinition (kcp's `crds` battery), as apiextensions-apiserver's strategy
// treats it: defaulted and validated on every write (validate-crd.ts, which needs the lazily loaded schema
// validator), given the cleanup finalizer and an empty status on create. Which resources a CRD serves, and its
// conditions, are daemon/apiextensions' business.
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { CLEANUP_FINALIZER } from '../../apiextensions/custom-resources.js';
import { loadCrdValidator, loadedCrdValidator, type CrdValidator } from '../../apiextensions/load.js';
import { crdDefaults, validateCRD, validateCRDUpdate } from '../../apiextensions/validate-crd.js';
import { BuiltinStrategy } from '../../registry/builtin-strategy.js';
import { define } from '../../registry/define.js';
import { col } from '../../registry/table-cells.js';
import type { ResourceDef } from '../../registry/types.js';

function crdName(name: string): string[] {
  return name.includes('.') ? [] : ['must be spec.names.plural+"."+spec.group'];
}

/** validateCRD's errors, but for a name the name rule has already refused (ObjectMeta's errors come first). */
function specErrors(crd: KObject, errs: FieldError[]): FieldError[] {
  return crdName(crd.metadata.name ?? '').length ? errs.filter((e) => e.field !== 'metadata.name') : errs;
}

export class CustomResourceDefinitionStrategy extends BuiltinStrategy {
  constructor(resource: ResourceDef) {
    super(resource, {
      status: true,
      generation: true,
      nameRule: crdName,
      table: {
        columns: [col('Created At', 'CreationTimestamp of the definition', 'date')],
        cells: (o) => [o.metadata.creationTimestamp ?? null],
      },
    });
  }

  /** Validating a CRD compiles its schemas and CEL rules: the validator, loaded by prepare(). */
  private validator: CrdValidator | undefined;

  prepare(): Promise<unknown> | undefined {
    this.validator ??= loadedCrdValidator();
    return this.validator ? undefined : loadCrdValidator().then((v) => (this.validator = v));
  }

  /** The registry awaits prepare() before validating: a missing validator is a bug in the caller, not bad input. */
  private loaded(): CrdValidator {
    if (!this.validator) throw new Error('a CustomResourceDefinition was validated before its strategy was prepared');
    return this.validator;
  }

  override prepareForCreate(crd: KObject): void {
    crdDefaults(crd);
    crd.metadata.finalizers = [...new Set([...(crd.metadata.finalizers ?? []), CLEANUP_FINALIZER])];
    crd['status'] = { conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] };
  }

  override prepareForUpdate(crd: KObject): void {
    crdDefaults(crd);
  }

  override validate(crd: KObject): FieldError[] {
    return specErrors(crd, validateCRD(crd, this.loaded()));
  }

  override validateUpdate(crd: KObject, old: KObject): FieldError[] {
    return [...specErrors(crd, validateCRD(crd, this.loaded())), ...validateCRDUpdate(crd, old)];
  }
}

export const customresourcedefinitions = define(
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    battery: 'crds',
    schemaName: 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  },
  (r) => new CustomResourceDefinitionStrategy(r),
);
