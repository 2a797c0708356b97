// How one kind's objects behave, apart from what every object shares: kube-apiserver's split between the generic
// store (k8s.io/apiserver/pkg/registry/generic/registry/store.go) and each kind's strategy (rest.RESTCreateStrategy,
// RESTUpdateStrategy, RESTDeleteStrategy, the store's TableConvertor, PredicateFunc and ReturnDeletedObject, and the
// REST storages of its subresources). The generic verbs (write.ts, patch.ts, delete.ts, read.ts, watch.ts,
// table.ts, selectors.ts) and the API handler ask the strategy; they never branch on the kind they serve.
import type { StatusError } from '../apimachinery/status.js';
import type { FieldError, KObject } from '../apimachinery/types.js';
import type { CheckOptions } from '../typed/check.js';
import type { DecodeIssue } from '../typed/model.js';
import type { CallResult, ResourceCall } from './call.js';
import type { Registry } from './registry.js';
import type { NameRule, RequestContext, TableDef, Verb } from './types.js';

/** A field selector's value of an object (`status.phase`); undefined when the object has none. */
export type FieldGetter = (obj: KObject) => string | undefined;

/** What an update through one endpoint (the resource itself, or a subresource written as the object) may do. */
export interface UpdateStrategy {
  /**
   * kube's ResetFieldsStrategy: what a write through this endpoint may not change comes from the stored object — a
   * write to the resource keeps the stored status when status is a subresource, a write to `status` keeps everything
   * but the status. Returns the object to go on with (`desired` itself, changed in place, or a new one).
   */
  resetFields(desired: KObject, old: KObject): KObject;
  /** Server-owned fields on update (after metadata and generation are settled); `old` is the stored object. */
  prepareForUpdate(obj: KObject, old: KObject, ctx: RequestContext): void;
  /** The kind's validation of an update, after ObjectMeta's. */
  validateUpdate(obj: KObject, old: KObject, ctx: RequestContext): FieldError[];
}

/** One subresource (`status`, `scale`, `finalize`, `token`, …) as a handler of its own verbs; discovery lists it. */
export interface SubresourceHandler {
  /** The kind of its bodies and answers when it is not the resource's own (autoscaling/v1 Scale, TokenRequest). */
  readonly kind?: { group: string; version: string; kind: string };
  /** The verbs it serves; any other is answered 405. */
  readonly verbs: readonly Verb[];
  /** For subresources written as an update of the object itself (status, finalize): what such an update may do. */
  readonly updateStrategy?: UpdateStrategy;
  get?(reg: Registry, call: ResourceCall): CallResult | Promise<CallResult>;
  create?(reg: Registry, call: ResourceCall): Promise<CallResult>;
  update?(reg: Registry, call: ResourceCall): Promise<CallResult>;
  patch?(reg: Registry, call: ResourceCall): Promise<CallResult>;
}

export interface ResourceStrategy extends UpdateStrategy {
  /** How `metadata.name` is validated. */
  readonly nameRule: NameRule;
  /** metadata.generation starts at 1 and grows when anything but metadata (and a status subresource) changes. */
  readonly tracksGeneration: boolean;
  /** PATCH media types accepted; anything else is answered 415 listing these. */
  readonly patchTypes: readonly string[];
  /** Whether an update that names no resourceVersion is applied unconditionally (else 422). */
  readonly allowUnconditionalUpdate: boolean;
  /** kube's ReturnDeletedObject: a DELETE that removes the object answers with it instead of a success Status. */
  readonly returnDeletedObject: boolean;
  /**
   * Whether stored objects are exactly what this resource serves, so reads and writes may answer with the stored
   * JSON untouched (custom resources may be stored in another version; see `served`).
   */
  readonly storedIsServed: boolean;
  /**
   * For a kind whose stored objects are not all served as stored: whether this one, given as the store's JSON, is.
   * Reads answer those with the stored text and parse and serve (see `served`) only the others.
   */
  servesStoredText?(json: string): boolean;
  /** The subresources, by name, in the order discovery lists them. */
  readonly subresources: Readonly<Record<string, SubresourceHandler>>;
  /** Server-side printing: kube's TableConvertor (the Name column is always first and not listed). */
  readonly table: TableDef;
  /** Field selectors beyond metadata.name (and metadata.namespace for namespaced resources). */
  readonly fieldSelectors: Readonly<Record<string, FieldGetter>>;

  /**
   * Modules this kind needs before it can decode or validate a write (custom resources' schema validator is kept
   * off the cold-start path); the write verbs await what this returns. Undefined once they are loaded.
   */
  prepare?(): Promise<unknown> | undefined;
  /**
   * Create-only kinds whose answer is computed, never stored (access reviews, TokenReview, SelfSubjectReview): a
   * create answers 201 with what this returns.
   */
  compute?(obj: KObject, ctx: RequestContext): KObject | Promise<KObject>;

  /** The 400 answered for a field selector this kind does not support (its words differ between built-ins and CRs). */
  unsupportedFieldSelector(field: string): StatusError;
  /** What kube's decoding finds wrong in an object of this kind (see typecheck.ts); empty when nothing. */
  decodeIssues(obj: KObject, opts: CheckOptions): DecodeIssue[];
  /** What decoding does beyond typing (custom resources' schema coercion); returns the failure's words, if any. */
  coerce(obj: KObject): string | undefined;
  /**
   * What decoding against the kind's schema does with the fields it does not declare: custom resources drop them
   * (structural pruning) and apply the schema's defaults; built-ins keep them. Returns their paths
   * (`spec.junk`) for fieldValidation, when `report` is set.
   */
  decodeFields(obj: KObject, report: boolean): string[];
  /** resetFields of a create (`old` undefined): custom resources with a status subresource start without status. */
  resetFields(desired: KObject, old?: KObject): KObject;
  /** Defaults and server-owned fields on create (after metadata is settled). */
  prepareForCreate(obj: KObject, ctx: RequestContext): void;
  /** The kind's validation of a create, after ObjectMeta's. */
  validate(obj: KObject, ctx: RequestContext): FieldError[];
  /** Refuses deleting an object the kind never lets go, before anything is read (kube's NamespaceLifecycle). */
  checkDelete(name: string): void;
  /** Whether DELETE must only mark the object because something outside metadata.finalizers still has to run. */
  hasPendingFinalizers(obj: KObject): boolean;
  /** Server-owned changes when graceful deletion starts (a Namespace turns Terminating). */
  prepareForDelete(obj: KObject, ctx: RequestContext): void;
  /** A stored object as this resource serves it (a custom resource stored through another version gets this one's apiVersion). */
  served(obj: KObject): KObject;
  /** `served`'s inverse for a resource stored as another (`storedAs`): the object as it is stored. */
  toStorage(obj: KObject): KObject;
  /** Set when serving and storing need a round trip (see ObjectConverter); `served` then only sees converted objects. */
  readonly converter?: ObjectConverter;
}

/**
 * Conversion that takes a round trip (a CRD's conversion webhook): the verbs ask it, and wait, only for kinds that
 * have one, so every other kind's reads stay synchronous.
 */
export interface ObjectConverter {
  /**
   * Stored objects (in whatever version they were stored) as this resource serves them, in their order: one round
   * trip for all of them, none when all are in the served version already. `asList`: they are a list's items (its
   * failure speaks of the list), not one object's.
   */
  toServed(objs: readonly KObject[], asList?: boolean): Promise<KObject[]>;
  /** An object as this resource received it, converted to the version it is stored in. */
  toStorage(obj: KObject): Promise<KObject>;
}

/** Whether status is a subresource of the kind (then the resource's own writes leave it alone). */
export function hasStatusSubresource(strategy: ResourceStrategy): boolean {
  return strategy.subresources['status'] !== undefined;
}
