// What a served resource is: built-ins and CRDs are both described by a ResourceDef and served by the same
// generic REST handlers, so every feature (watch, patch, apply, selectors, tables) works for both.
import type { Verb } from '../apimachinery/request-info.js';
import type { FieldError, KObject, Schema } from '../apimachinery/types.js';

export type { Verb };

export const ALL_VERBS: readonly Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export interface TableColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  /** 0 = always shown, 1 = only with `-o wide`. */
  priority: number;
}

export interface TableDef {
  /** Columns after the leading `Name` column, which the table builder always adds. */
  columns: TableColumn[];
  /** One cell per column of `columns` (not including Name). `now` is ms since epoch, for Age cells. */
  cells(obj: KObject, now: number): unknown[];
  /** Row order where kube's printer sorts a list itself (FlowSchemas by precedence); else storage order. */
  compare?(a: KObject, b: KObject): number;
}

/** How `metadata.name` is validated. */
export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'path-segment' | ((name: string) => string[]);

export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** Context handed to hooks: who asks and where. */
export interface RequestContext {
  cluster: string;
  user: UserInfo;
  now: Date;
  dryRun: boolean;
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export interface ResourceHooks {
  /** Defaults and server-owned fields on create (e.g. Namespace phase, Secret type). Mutates obj. */
  prepareForCreate?(obj: KObject, ctx: RequestContext): void;
  /** Server-owned fields on update; `old` is the stored object. Mutates obj. */
  prepareForUpdate?(obj: KObject, old: KObject, ctx: RequestContext): void;
  /** Type-specific validation on create, after name/metadata validation. */
  validate?(obj: KObject, ctx: RequestContext): FieldError[];
  /** Type-specific validation on update. Defaults to `validate`. */
  validateUpdate?(obj: KObject, old: KObject, ctx: RequestContext): FieldError[];
  /**
   * Whether DELETE must only mark the object (deletionTimestamp) because something outside metadata.finalizers
   * still has to run first — e.g. a Namespace's spec.finalizers.
   */
  hasPendingFinalizers?(obj: KObject): boolean;
  /** Server-owned changes when deletion starts (e.g. Namespace phase Terminating). Mutates obj. */
  prepareForDelete?(obj: KObject, ctx: RequestContext): void;
}

/** Schema-driven behaviour of custom resources (structural pruning, defaulting, OpenAPI + CEL validation). */
export interface SchemaOps {
  /**
   * What kube's decoder does beyond JSON for custom resources (its schema coercer): drops nulls the schema does not
   * allow and has no default for, and types the TypeMeta and ObjectMeta of embedded resources. Returns the field
   * error text of the first embedded resource that does not decode.
   */
  coerce(obj: KObject): string | undefined;
  /** Drops unknown fields in place; returns their paths (`spec.junk`). */
  prune(obj: KObject): string[];
  applyDefaults(obj: KObject): void;
  validate(obj: KObject, old?: KObject): FieldError[];
}

export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** The resource name in URLs and discovery: `configmaps`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: readonly Verb[];
  subresources: { status?: boolean; scale?: ScaleSpec };
  /** Key of the kind's schema in the OpenAPI components (`io.k8s.api.core.v1.ConfigMap`). */
  schemaName?: string;
  nameRule: NameRule;
  /** Whether metadata.generation is maintained (CRs, CRDs, Workspaces; not ConfigMaps). */
  generation: boolean;
  /** Strategic merge patch is accepted (built-ins) or answered 415 (custom resources). */
  strategicMergePatch: boolean;
  table?: TableDef;
  /** Field selectors beyond metadata.name/metadata.namespace. */
  fieldSelectors?: Record<string, (obj: KObject) => string | undefined>;
  hooks?: ResourceHooks;
  /**
   * Create-only "review" resources (SelfSubjectAccessReview, TokenReview, …) are computed, never stored: POST
   * answers 201 with what this returns.
   */
  review?(obj: KObject, ctx: RequestContext): KObject | Promise<KObject>;
  /** Set for resources served from a CustomResourceDefinition. */
  crd?: { uid: string; name: string };
  /** Custom resources: structural schema behaviour. */
  schemaOps?: SchemaOps;
  /** The version's openAPIV3Schema, for OpenAPI publishing (custom resources). */
  openAPISchema?: Schema;
  /** CRD printer columns in kubectl's JSONPath dialect (custom resources). */
  printerColumns?: Array<{ name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }>;
  /** Gates built-ins by kcp's generic-control-plane battery (leases, authentication, authorization, admission, flowcontrol, crds). */
  battery?: Battery;
  /** Extra detail for discovery. */
  storageVersionHash?: string;
  deprecated?: boolean;
  deprecationWarning?: string;
}

export type Battery = 'leases' | 'authentication' | 'authorization' | 'admission' | 'flowcontrol' | 'crds';
export const ALL_BATTERIES: readonly Battery[] = ['leases', 'authentication', 'authorization', 'admission', 'flowcontrol', 'crds'];

export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
