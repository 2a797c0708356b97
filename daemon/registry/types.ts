// What a served resource is: built-ins and CRDs are both described by a ResourceDef — identity plus strategy — and
// served by the same generic REST handlers, so every feature (watch, patch, apply, selectors, tables) works for both.
import type { Verb } from '../apimachinery/request-info.js';
import type { FieldError, KObject, Schema } from '../apimachinery/types.js';
import type { ResourceStrategy } from './strategy.js';
import type { Battery } from '../../src/batteries/batteries.js';

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
  /** Columns after the leading `Name` column, which the table builder adds unless `nameColumn` is false. */
  columns: TableColumn[];
  /** false: the kind's printer has no leading Name column (kube's Events print their name last, with -o wide). */
  nameColumn?: false;
  /** One cell per column of `columns` (not including Name). `now` is ms since epoch, for Age cells. */
  cells(obj: KObject, now: number): unknown[];
  /** Row order where kube's printer sorts a list itself (FlowSchemas by precedence); else storage order. */
  compare?: (a: KObject, b: KObject) => number;
}

/** How `metadata.name` is validated. */
export type NameRule = 'dns1123-label' | 'dns1123-subdomain' | 'path-segment' | ((name: string) => string[]);

export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** Context handed to strategies and admission: who asks and where. */
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

/**
 * What a served resource is, as discovery and OpenAPI publish it: group, version, kind, names, scope, verbs, the
 * battery that gates it and its schema. How its objects behave is its strategy's business.
 */
export interface ResourceIdentity {
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
  /** Key of the kind's schema in the OpenAPI components (`io.k8s.api.core.v1.ConfigMap`), for built-ins. */
  schemaName?: string;
  /** The served version's openAPIV3Schema, for custom resources (published as a component of its own). */
  openAPISchema?: Schema;
  /** Gates built-ins by kcp's generic-control-plane battery (daemon/batteries). */
  battery?: Battery;
  /**
   * Where its objects are stored when not under `<group>/<plural>`: a resource bound from an APIExport is stored
   * per export identity (`<group>/<plural>:<identityHash>`, kcp's etcd prefix), so two exports never share objects.
   */
  storageKey?: string;
  /** Extra detail for discovery. */
  storageVersionHash?: string;
  /**
   * Another resource whose storage this one shares, seen through this API (kube serves events.k8s.io Events from
   * the core Event store): objects are stored as that resource stores them, converted by the strategy's `served`
   * and `toStorage`.
   */
  storedAs?: { group: string; plural: string };
  deprecated?: boolean;
  deprecationWarning?: string;
}

/** A served resource: what it is, and its strategy (how its objects are created, updated, deleted, read and printed). */
export interface ResourceDef extends ResourceIdentity {
  readonly strategy: ResourceStrategy;
}

export { ALL_BATTERIES, type Battery } from '../../src/batteries/batteries.js';

export function groupVersion(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}
