// The strategy of custom resources, as apiextensions-apiserver's (pkg/registry/customresource/strategy.go and its
// status strategy): the CRD's structural schema coerces, prunes, defaults and validates; generation is tracked; a
// create starts without status when status is a subresource; updates must name a resourceVersion; strategic merge
// patch is refused; a DELETE answers with the deleted object; field selectors are metadata.name and
// metadata.namespace only; objects stored through another served version are served with this one's apiVersion.
import { badRequest, type StatusError } from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import { BaseStrategy } from '../registry/builtin-strategy.js';
import { apiVersionOf } from '../registry/keys.js';
import { patchTypesFor } from '../registry/patch-types.js';
import { scaleSubresource } from '../registry/scale.js';
import { statusSubresource } from '../registry/status-subresource.js';
import type { ObjectConverter, SubresourceHandler } from '../registry/strategy.js';
import type { ResourceDef, ScaleSpec, SchemaOps } from '../registry/types.js';
import { checkTyped, type CheckOptions } from '../typed/check.js';
import { objectMetaType } from '../typed/compile.js';
import type { DecodeIssue, TypeNode } from '../typed/model.js';
import { loadCrdValidator, loadedCrdValidator, type CrdValidator } from './load.js';
import { printerColumnsTable, type PrinterColumn } from './printer-columns.js';

/**
 * What kube reads of a custom resource before its metadata: apiVersion and kind, as strings, into the anonymous
 * struct of its SimpleMetaFactory (hence "Go struct field .apiVersion").
 */
const TYPE_META: TypeNode = (() => {
  const string: TypeNode = { kind: 'string', goType: 'string' };
  const fields: Record<string, TypeNode> = Object.create(null) as Record<string, TypeNode>;
  fields['apiVersion'] = string;
  fields['kind'] = string;
  return { kind: 'struct', goType: 'struct', struct: '', fields };
})();

/** What a served version of a CRD gives its resource's strategy. */
export interface CustomResourceVersion {
  /** The CRD the resource is served from. */
  crd: { uid: string; name: string };
  /** Compiles the version's schema operations with the CRD validator (memoized by the caller). */
  schema: (validator: CrdValidator) => SchemaOps;
  status: boolean;
  scale?: ScaleSpec;
  printerColumns?: PrinterColumn[];
  /** How objects stored in another version are served, when that takes a round trip (a conversion webhook). */
  converter?: ObjectConverter;
}

export class CustomResourceStrategy extends BaseStrategy {
  override tracksGeneration = true;
  override patchTypes: readonly string[] = patchTypesFor(false);
  override allowUnconditionalUpdate = false;
  override returnDeletedObject = true;
  override storedIsServed = false;
  readonly crd: { uid: string; name: string };
  private readonly compileSchema: (validator: CrdValidator) => SchemaOps;
  /** Compiled by prepare(): listing a cluster's APIs builds strategies for every CRD, only writes compile. */
  private schema: SchemaOps | undefined;
  private readonly apiVersion: string;
  /** How the store's JSON of an object in this version begins when apiVersion is its first key (see servesStoredText). */
  private readonly storedPrefix: string;
  private readonly statusSubresource: boolean;
  readonly converter?: ObjectConverter;

  constructor(resource: ResourceDef, version: CustomResourceVersion) {
    super(resource);
    this.crd = version.crd;
    this.compileSchema = version.schema;
    this.apiVersion = apiVersionOf(resource);
    this.storedPrefix = `{"apiVersion":${JSON.stringify(this.apiVersion)}`;
    this.statusSubresource = version.status;
    this.table = printerColumnsTable(version.printerColumns);
    const subresources: Record<string, SubresourceHandler> = {};
    if (version.status) subresources['status'] = statusSubresource(this);
    if (version.scale) subresources['scale'] = scaleSubresource(version.scale);
    this.subresources = subresources;
    if (version.converter) this.converter = version.converter;
  }

  /** Writes need the schema compiled by the CRD validator, which a cold start does not load. */
  prepare(): Promise<unknown> | undefined {
    if (this.schema) return undefined;
    const validator = loadedCrdValidator();
    if (validator) {
      this.schema = this.compileSchema(validator);
      return undefined;
    }
    return loadCrdValidator().then((v) => (this.schema = this.compileSchema(v)));
  }

  /** The registry awaits prepare() before decoding or validating: no schema here is a bug in the caller. */
  private ops(): SchemaOps {
    if (!this.schema) throw new Error(`${this.resource.plural}.${this.resource.group} was written before its strategy was prepared`);
    return this.schema;
  }

  unsupportedFieldSelector(field: string): StatusError {
    const known = this.resource.namespaced ? '"metadata.name", "metadata.namespace"' : '"metadata.name"';
    return badRequest(`"${field}" is not a known field selector: only ${known}`);
  }

  /** Typed as kube types it while decoding: its TypeMeta, then its metadata decoded on its own (GetObjectMeta). */
  decodeIssues(obj: KObject, opts: CheckOptions): DecodeIssue[] {
    const issues = checkTyped(obj, TYPE_META, opts);
    if (issues.length && opts.stopAtImmediate) return issues;
    if ('metadata' in obj && obj.metadata !== null) {
      // Go's context starts at ObjectMeta; the path still starts at the object.
      for (const i of checkTyped(obj.metadata, objectMetaType(), opts)) issues.push({ ...i, path: ['metadata', ...i.path] });
    }
    return issues;
  }

  override coerce(obj: KObject): string | undefined {
    return this.ops().coerce(obj);
  }

  /** Structural pruning (whatever fieldValidation says), then the schema's defaults. */
  decodeFields(obj: KObject): string[] {
    const schema = this.ops();
    const pruned = schema.prune(obj);
    schema.applyDefaults(obj);
    return pruned;
  }

  /** A create starts without status when status is a subresource; updates keep the stored one (see BaseStrategy). */
  override resetFields(desired: KObject, old?: KObject): KObject {
    if (!old) {
      if (this.statusSubresource) delete desired['status'];
      return desired;
    }
    return super.resetFields(desired, old);
  }

  override validate(obj: KObject): FieldError[] {
    return this.ops().validate(obj);
  }

  override validateUpdate(obj: KObject, old: KObject): FieldError[] {
    return this.ops().validate(obj, old);
  }

  /** With conversion `None`, serving an object stored through another version is only a matter of its apiVersion. */
  override served(obj: KObject): KObject {
    return obj.apiVersion === this.apiVersion ? obj : { ...obj, apiVersion: this.apiVersion };
  }

  /**
   * Whether the stored JSON already names this version, read from its first key only: the store's text is
   * JSON.stringify output (no whitespace, no repeated keys), so at its very start `{"apiVersion":` can only be the
   * object's own key, and the served apiVersion (a group and a version, nothing to escape) ends its string at the
   * quote. An `"apiVersion"` anywhere else (in spec, in an older version's object that names it later) cannot match;
   * an object whose apiVersion is not its first key is only served the slow way.
   */
  servesStoredText(json: string): boolean {
    return json.startsWith(this.storedPrefix);
  }
}

/** The CRD a resource is served from, when it is a custom resource. */
export function servingCRD(def: ResourceDef): { uid: string; name: string } | undefined {
  return def.strategy instanceof CustomResourceStrategy ? def.strategy.crd : undefined;
}
