// The strategies' shared defaults, and the strategy of built-in kinds: typed by their Go type's schema component,
// strategic merge patch, unconditional updates, a success Status for deletes, "Created At" tables and kube's
// "field label not supported". A built-in kind is a definition plus a subclass (or options) of BuiltinStrategy.
// Defining a kind loads none of what typing its objects takes (the Go types compiled from the schemas): that loads
// with the verbs (loadBuiltinTyping), off the cold start.
import { badRequest, type StatusError } from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import type { CheckOptions } from '../typed/check.js';
import type { DecodeIssue, TypeNode } from '../typed/model.js';
import { lazyImport } from '../support/lazy-import.js';
import { clone } from './meta.js';
import { patchTypesFor } from './patch-types.js';
import { statusSubresource } from './status-subresource.js';
import type { FieldGetter, ResourceStrategy, SubresourceHandler } from './strategy.js';
import { CREATED_AT_TABLE } from './table-cells.js';
import type { NameRule, RequestContext, ResourceDef, TableDef } from './types.js';

const typing = lazyImport(async () => {
  const [check, compile, lookup, unknown] = await Promise.all([
    import('../typed/check.js'),
    import('../typed/compile.js'),
    import('./schema-lookup.js'),
    import('./unknown-fields.js'),
  ]);
  return {
    checkTyped: check.checkTyped,
    componentType: compile.componentType,
    schemaOf: lookup.schemaOf,
    unknownFields: unknown.unknownFields,
  };
});

/**
 * Loads what typing built-in kinds' objects takes. typecheck.ts, through which the verbs decode, awaits it when it
 * loads: no request decodes before it is done.
 */
export async function loadBuiltinTyping(): Promise<void> {
  await typing.load();
}

const NO_SUBRESOURCES: Readonly<Record<string, SubresourceHandler>> = Object.freeze({});
const NO_FIELD_SELECTORS: Readonly<Record<string, FieldGetter>> = Object.freeze({});

/** What every strategy does unless it says otherwise (kube's generic store with a strategy that adds nothing). */
export abstract class BaseStrategy implements ResourceStrategy {
  nameRule: NameRule = 'dns1123-subdomain';
  tracksGeneration = false;
  patchTypes: readonly string[] = patchTypesFor(true);
  allowUnconditionalUpdate = true;
  returnDeletedObject = false;
  storedIsServed = true;
  subresources: Readonly<Record<string, SubresourceHandler>> = NO_SUBRESOURCES;
  table: TableDef = CREATED_AT_TABLE;
  fieldSelectors: Readonly<Record<string, FieldGetter>> = NO_FIELD_SELECTORS;

  /** The resource this strategy serves (its names appear in messages). */
  constructor(readonly resource: ResourceDef) {}

  abstract unsupportedFieldSelector(field: string): StatusError;
  abstract decodeIssues(obj: KObject, opts: CheckOptions): DecodeIssue[];
  abstract decodeFields(obj: KObject, report: boolean): string[];

  coerce(_obj: KObject): string | undefined {
    return undefined;
  }

  /** With a status subresource, the resource's own updates keep the stored status. */
  resetFields(desired: KObject, old?: KObject): KObject {
    if (old && this.subresources['status']) {
      if (old['status'] === undefined) delete desired['status'];
      else desired['status'] = clone(old['status']);
    }
    return desired;
  }

  prepareForCreate(_obj: KObject, _ctx: RequestContext): void {}

  prepareForUpdate(_obj: KObject, _old: KObject, _ctx: RequestContext): void {}

  validate(_obj: KObject, _ctx: RequestContext): FieldError[] {
    return [];
  }

  /** Unless the kind says otherwise, an update is validated as a create. */
  validateUpdate(obj: KObject, _old: KObject, ctx: RequestContext): FieldError[] {
    return this.validate(obj, ctx);
  }

  checkDelete(_name: string): void {}

  hasPendingFinalizers(_obj: KObject): boolean {
    return false;
  }

  prepareForDelete(_obj: KObject, _ctx: RequestContext): void {}

  served(obj: KObject): KObject {
    return obj;
  }

  toStorage(obj: KObject): KObject {
    return obj;
  }
}

/** What a built-in kind may set without writing a subclass. */
export interface BuiltinOptions {
  nameRule?: NameRule;
  /** Whether metadata.generation is maintained (CRDs, FlowSchemas, Workspaces; not ConfigMaps). */
  generation?: boolean;
  /** Whether status is a subresource (`<plural>/status`). */
  status?: boolean;
  /**
   * Strategic merge patch is accepted (kube's built-ins) or answered 415 (kcp's own kinds, which kcp serves from
   * CRDs). Default true.
   */
  strategicMergePatch?: boolean;
  table?: TableDef;
  fieldSelectors?: Record<string, FieldGetter>;
}

export class BuiltinStrategy extends BaseStrategy {
  /** The Go type of the kind's objects, compiled from its schema component on first use. */
  private type: TypeNode | null | undefined;

  constructor(resource: ResourceDef, opts: BuiltinOptions = {}) {
    super(resource);
    if (opts.nameRule) this.nameRule = opts.nameRule;
    if (opts.generation) this.tracksGeneration = true;
    if (opts.strategicMergePatch === false) this.patchTypes = patchTypesFor(false);
    if (opts.status) this.subresources = { status: statusSubresource(this) };
    if (opts.table) this.table = opts.table;
    if (opts.fieldSelectors) this.fieldSelectors = opts.fieldSelectors;
  }

  unsupportedFieldSelector(field: string): StatusError {
    return badRequest(`field label not supported: ${field}`);
  }

  /** typecheck.ts loads the types before it decodes anything: none here is a bug in the caller, not bad input. */
  private typing(): Awaited<ReturnType<typeof typing.load>> {
    const loaded = typing.loaded();
    if (!loaded) throw new Error(`${this.resource.plural}.${this.resource.group} was decoded before loadBuiltinTyping()`);
    return loaded;
  }

  decodeIssues(obj: KObject, opts: CheckOptions): DecodeIssue[] {
    const { componentType, checkTyped } = this.typing();
    if (this.type === undefined) this.type = (this.resource.schemaName && componentType(this.resource.schemaName)) || null;
    return this.type ? checkTyped(obj, this.type, opts) : [];
  }

  /** Typed decoding keeps what it does not know: it is only reported (fieldValidation Warn or Strict). */
  decodeFields(obj: KObject, report: boolean): string[] {
    if (!report) return [];
    const { schemaOf, unknownFields } = this.typing();
    const schema = schemaOf(this.resource);
    return schema ? unknownFields(obj, schema) : [];
  }
}
