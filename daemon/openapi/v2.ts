// The Swagger 2.0 document of one logical cluster (/openapi/v2): every served group-version in one document, shaped
// like kube-apiserver's — kube-style operationIds and tags, inline parameters, `#/definitions/…` references, List
// kinds, and CRD schemas converted from OpenAPI v3 the way apiextensions-apiserver publishes them. kubectl parses it
// strictly (kube-openapi's proto models): a dangling $ref, an array without items or a $ref next to a type is an
// error for every command that reads it, so the conversion guarantees none of those.
import { components } from '../schemas/index.js';
import type { Schema } from '../apimachinery/types.js';
import { collectRefs, crdComponentName, META, OPENAPI_INFO, PARAMS } from './v3.js';
import type { ResourceDef, Verb } from '../registry/types.js';
import { groupVersionPath } from '../registry/keys.js';

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';
const API_CONVENTIONS = 'https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

export interface SwaggerParameter {
  name: string;
  in: 'query' | 'path' | 'body';
  description?: string;
  required?: boolean;
  type?: string;
  uniqueItems?: boolean;
  schema?: Schema;
}

export interface SwaggerOperation {
  description: string;
  consumes: string[];
  produces: string[];
  schemes: string[];
  tags: string[];
  operationId: string;
  parameters?: SwaggerParameter[];
  responses: Record<string, { description: string; schema?: Schema }>;
  'x-kubernetes-action': string;
  'x-kubernetes-group-version-kind': { group: string; version: string; kind: string };
}

export type SwaggerPathItem = Partial<Record<'get' | 'put' | 'post' | 'delete' | 'patch', SwaggerOperation>> & {
  parameters?: SwaggerParameter[];
};

export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, SwaggerPathItem>;
  definitions: Record<string, Schema>;
  securityDefinitions: Record<string, { type: 'apiKey'; name: string; in: 'header'; description: string }>;
  security: Array<Record<string, string[]>>;
}

// --- parameters -----------------------------------------------------------------------------------------------

const v2Query = (p: { name: string; description: string; schema: { type: string } }): SwaggerParameter => ({
  name: p.name,
  in: 'query',
  description: p.description,
  type: p.schema.type,
  uniqueItems: true,
});
const query = (name: string, description: string, type = 'string') => v2Query({ name, description, schema: { type } });

const Q = {
  dryRun: v2Query(PARAMS.dryRun),
  fieldManager: v2Query(PARAMS.fieldManager),
  fieldValidation: v2Query(PARAMS.fieldValidation),
  force: v2Query(PARAMS.force),
  labelSelector: v2Query(PARAMS.labelSelector),
  fieldSelector: v2Query(PARAMS.fieldSelector),
  limit: v2Query(PARAMS.limit),
  cont: v2Query(PARAMS.cont),
  resourceVersion: v2Query(PARAMS.resourceVersion),
  watch: v2Query(PARAMS.watch),
  timeoutSeconds: v2Query(PARAMS.timeoutSeconds),
  allowWatchBookmarks: query('allowWatchBookmarks', 'Requests watch events with type "BOOKMARK".', 'boolean'),
  resourceVersionMatch: query('resourceVersionMatch', 'How resourceVersion is applied to list calls: Exact or NotOlderThan.'),
  sendInitialEvents: query(
    'sendInitialEvents',
    'With watch=true, start the stream with synthetic events for the current state.',
    'boolean',
  ),
  gracePeriodSeconds: query('gracePeriodSeconds', 'The duration in seconds before the object should be deleted.', 'integer'),
  orphanDependents: query('orphanDependents', 'Deprecated: use propagationPolicy. Whether dependents are orphaned.', 'boolean'),
  propagationPolicy: query('propagationPolicy', 'Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
};

const WRITE_PARAMS = [Q.dryRun, Q.fieldManager, Q.fieldValidation];
const PATCH_PARAMS = [...WRITE_PARAMS, Q.force];
const LIST_PARAMS = [
  Q.allowWatchBookmarks,
  Q.cont,
  Q.fieldSelector,
  Q.labelSelector,
  Q.limit,
  Q.resourceVersion,
  Q.resourceVersionMatch,
  Q.sendInitialEvents,
  Q.timeoutSeconds,
  Q.watch,
];
const DELETE_PARAMS = [Q.dryRun, Q.gracePeriodSeconds, Q.orphanDependents, Q.propagationPolicy];
const DELETE_COLLECTION_PARAMS = [
  ...[Q.cont, Q.dryRun, Q.fieldSelector, Q.gracePeriodSeconds, Q.labelSelector, Q.limit, Q.orphanDependents],
  ...[Q.propagationPolicy, Q.resourceVersion, Q.resourceVersionMatch, Q.sendInitialEvents, Q.timeoutSeconds],
];

const ref = (name: string): Schema => ({ $ref: `${DEFINITIONS}${name}` });
const body = (schema: Schema, required = true): SwaggerParameter => ({
  name: 'body',
  in: 'body',
  ...(required ? { required: true } : {}),
  schema,
});
const pathParam = (name: string, description: string): SwaggerParameter => ({
  name,
  in: 'path',
  description,
  required: true,
  type: 'string',
  uniqueItems: true,
});
const NAMESPACE_PARAM = pathParam('namespace', 'object name and auth scope, such as for teams and projects');

// --- operations -----------------------------------------------------------------------------------------------

/** apiserver's ToValidOperationID: keeps letters, `_` and non-leading digits, capitalising after anything else. */
function operationIdWord(s: string, capitalizeFirst: boolean): string {
  let out = '';
  let capitalize = capitalizeFirst;
  for (const [i, ch] of [...s].entries()) {
    if (/\p{L}/u.test(ch) || ch === '_' || (i !== 0 && /\p{Nd}/u.test(ch))) {
      out += capitalize ? ch.toUpperCase() : ch;
      capitalize = false;
    } else {
      capitalize = true;
    }
  }
  return out;
}

/** What kube derives from the URL (`/api/v1` counts as group `core`; `.k8s.io` is trimmed): `CoreV1`, `core_v1`. */
function groupVersionNames(def: Pick<ResourceDef, 'group' | 'version'>): { prefix: string; tag: string } {
  const group = def.group ? def.group.replace(/\.k8s\.io$/, '') : 'core';
  return {
    prefix: operationIdWord(group, true) + operationIdWord(def.version, true),
    tag: `${operationIdWord(group, false)}_${operationIdWord(def.version, false)}`,
  };
}

const PRODUCES = ['application/json', 'application/yaml'];
const LIST_PRODUCES = [...PRODUCES, 'application/json;stream=watch'];
const UNAUTHORIZED = { '401': { description: 'Unauthorized' } };

interface Gvk {
  group: string;
  version: string;
  kind: string;
}

interface OpSpec {
  verb: string;
  action: string;
  description: string;
  parameters?: SwaggerParameter[];
  responses: Record<string, { description: string; schema?: Schema }>;
  consumes?: string[];
  produces?: string[];
  gvk?: Gvk;
}

class OperationFactory {
  private readonly prefix: string;
  private readonly tag: string;

  constructor(private readonly def: ResourceDef) {
    const names = groupVersionNames(def);
    this.prefix = names.prefix;
    this.tag = names.tag;
  }

  /** `read` + `CoreV1` + `Namespaced` + `ConfigMap` + `Status`, as kube names its operations. */
  op(name: string, spec: OpSpec): SwaggerOperation {
    const { group, version, kind } = this.def;
    return {
      description: spec.description,
      consumes: spec.consumes ?? ['*/*'],
      produces: spec.produces ?? PRODUCES,
      schemes: ['https'],
      tags: [this.tag],
      operationId: `${spec.verb}${this.prefix}${name}`,
      ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
      responses: { ...spec.responses, ...UNAUTHORIZED },
      'x-kubernetes-action': spec.action,
      'x-kubernetes-group-version-kind': spec.gvk ?? { group, version, kind },
    };
  }
}

const ok = (schema: Schema) => ({ '200': { description: 'OK', schema } });
const written = (schema: Schema) => ({ ...ok(schema), '201': { description: 'Created', schema } });
const created = (schema: Schema) => ({ ...written(schema), '202': { description: 'Accepted', schema } });
const STATUS = ref(`${META}.Status`);
const PATCH_BODY = body(ref(`${META}.Patch`));

/** apiserver's GetArticleForNoun: plurals (but not `…ss`) take none. */
function withArticle(kind: string): string {
  if (kind.endsWith('s') && !kind.endsWith('ss')) return kind;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** What the path builders of one resource share. */
interface ResourcePaths {
  def: ResourceDef;
  f: OperationFactory;
  /** `Namespaced` or empty, as it appears in operationIds. */
  ns: string;
  collection: string;
  nsParams: SwaggerParameter[];
  schema: Schema;
  list: Schema;
  patchConsumes: string[];
}

/** The operation only when the resource serves the verb (namespaces, for one, have no deletecollection upstream). */
function when<M extends string>(def: ResourceDef, verb: Verb, method: M, op: () => SwaggerOperation): Partial<Record<M, SwaggerOperation>> {
  return def.verbs.includes(verb) ? ({ [method]: op() } as Record<M, SwaggerOperation>) : {};
}

/** Only methods, not the path-level parameters, make a path worth publishing. */
function hasOperations(item: SwaggerPathItem): boolean {
  return Object.keys(item).some((k) => k !== 'parameters');
}

/** The paths kube registers for one resource (collection, item, all-namespaces list, status, scale). */
function pathsFor(def: ResourceDef, names: DefinitionNames, paths: Record<string, SwaggerPathItem>): void {
  const base = `/${groupVersionPath(def)}`;
  const r: ResourcePaths = {
    def,
    f: new OperationFactory(def),
    ns: def.namespaced ? 'Namespaced' : '',
    collection: def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`,
    nsParams: def.namespaced ? [NAMESPACE_PARAM] : [],
    schema: names.kind ? ref(names.kind) : { type: 'object' },
    list: names.list ? ref(names.list) : { type: 'object' },
    patchConsumes: [...def.strategy.patchTypes],
  };
  if (def.strategy.compute) {
    paths[r.collection] = { post: createOp(r, []), parameters: [...r.nsParams, ...WRITE_PARAMS] };
    return;
  }
  const add = (path: string, item: SwaggerPathItem) => {
    if (hasOperations(item)) paths[path] = item;
  };
  add(r.collection, collectionPath(r));
  add(`${r.collection}/{name}`, itemPath(r));
  if (def.namespaced && def.verbs.includes('list')) {
    const op = r.f.op(`${def.kind}ForAllNamespaces`, {
      verb: 'list',
      action: 'list',
      description: `list or watch objects of kind ${def.kind}`,
      responses: ok(r.list),
      produces: LIST_PRODUCES,
    });
    add(`${base}/${def.plural}`, { get: op, parameters: LIST_PARAMS });
  }
  if (def.strategy.subresources['status']) add(`${r.collection}/{name}/status`, subresourcePath(r, 'status', r.schema));
  if (def.strategy.subresources['scale'])
    add(`${r.collection}/{name}/scale`, subresourcePath(r, 'scale', ref(SCALE), { group: 'autoscaling', version: 'v1', kind: 'Scale' }));
}

function createOp(r: ResourcePaths, params: SwaggerParameter[]): SwaggerOperation {
  const kind = r.def.kind;
  return r.f.op(`${r.ns}${kind}`, {
    verb: 'create',
    action: 'post',
    description: `create ${withArticle(kind)}`,
    parameters: [body(r.schema), ...params],
    responses: created(r.schema),
  });
}

function collectionPath(r: ResourcePaths): SwaggerPathItem {
  const { def, f, ns } = r;
  const kind = def.kind;
  return {
    ...when(def, 'list', 'get', () =>
      f.op(`${ns}${kind}`, {
        verb: 'list',
        action: 'list',
        description: `list or watch objects of kind ${kind}`,
        parameters: LIST_PARAMS,
        responses: ok(r.list),
        produces: LIST_PRODUCES,
      }),
    ),
    ...when(def, 'create', 'post', () => createOp(r, WRITE_PARAMS)),
    ...when(def, 'deletecollection', 'delete', () =>
      f.op(`Collection${ns}${kind}`, {
        verb: 'delete',
        action: 'deletecollection',
        description: `delete collection of ${kind}`,
        parameters: [body(ref(`${META}.DeleteOptions`), false), ...DELETE_COLLECTION_PARAMS],
        responses: ok(STATUS),
      }),
    ),
    ...(r.nsParams.length ? { parameters: r.nsParams } : {}),
  };
}

function itemPath(r: ResourcePaths): SwaggerPathItem {
  const { def, f, ns, schema } = r;
  const kind = def.kind;
  return {
    ...when(def, 'get', 'get', () =>
      f.op(`${ns}${kind}`, { verb: 'read', action: 'get', description: `read the specified ${kind}`, responses: ok(schema) }),
    ),
    ...when(def, 'update', 'put', () =>
      f.op(`${ns}${kind}`, {
        verb: 'replace',
        action: 'put',
        description: `replace the specified ${kind}`,
        parameters: [body(schema), ...WRITE_PARAMS],
        responses: written(schema),
      }),
    ),
    ...when(def, 'patch', 'patch', () =>
      f.op(`${ns}${kind}`, {
        verb: 'patch',
        action: 'patch',
        description: `partially update the specified ${kind}`,
        parameters: [PATCH_BODY, ...PATCH_PARAMS],
        responses: written(schema),
        consumes: r.patchConsumes,
      }),
    ),
    ...when(def, 'delete', 'delete', () =>
      f.op(`${ns}${kind}`, {
        verb: 'delete',
        action: 'delete',
        description: `delete ${withArticle(kind)}`,
        parameters: [body(ref(`${META}.DeleteOptions`), false), ...DELETE_PARAMS],
        responses: { ...ok(STATUS), '202': { description: 'Accepted', schema: STATUS } },
      }),
    ),
    parameters: [pathParam('name', `name of the ${kind}`), ...r.nsParams],
  };
}

/** status and scale answer get, update and patch whatever verbs the resource itself has. */
function subresourcePath(r: ResourcePaths, sub: 'status' | 'scale', schema: Schema, gvk?: Gvk): SwaggerPathItem {
  const { def, f, ns } = r;
  const name = `${ns}${def.kind}${sub === 'status' ? 'Status' : 'Scale'}`;
  const g = gvk ? { gvk } : {};
  return {
    get: f.op(name, { verb: 'read', action: 'get', description: `read ${sub} of the specified ${def.kind}`, responses: ok(schema), ...g }),
    put: f.op(name, {
      verb: 'replace',
      action: 'put',
      description: `replace ${sub} of the specified ${def.kind}`,
      parameters: [body(schema), ...WRITE_PARAMS],
      responses: written(schema),
      ...g,
    }),
    patch: f.op(name, {
      verb: 'patch',
      action: 'patch',
      description: `partially update ${sub} of the specified ${def.kind}`,
      parameters: [PATCH_BODY, ...PATCH_PARAMS],
      responses: written(schema),
      consumes: r.patchConsumes,
      ...g,
    }),
    parameters: [pathParam('name', `name of the ${gvk ? gvk.kind : def.kind}`), ...r.nsParams],
  };
}

// --- definitions ----------------------------------------------------------------------------------------------

const TYPE_META: Record<'apiVersion' | 'kind', Schema> = {
  apiVersion: {
    type: 'string',
    description: `APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: ${API_CONVENTIONS}#resources`,
  },
  kind: {
    type: 'string',
    description: `Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: ${API_CONVENTIONS}#types-kinds`,
  },
};
const OBJECT_META: Schema = {
  $ref: `${COMPONENTS}${META}.ObjectMeta`,
  description: `Standard object's metadata. More info: ${API_CONVENTIONS}#metadata`,
};

interface DefinitionNames {
  kind?: string;
  list?: string;
}

/** Definition names of a resource's kind and list kind; custom resources get reversed-group names as in kube. */
function definitionNames(def: ResourceDef): DefinitionNames {
  let kind: string | undefined;
  if (def.schemaName && components[def.schemaName]) kind = def.schemaName;
  else if (def.openAPISchema) kind = crdComponentName(def);
  if (!kind || def.strategy.compute) return kind ? { kind } : {};
  const pkg = kind.endsWith(`.${def.kind}`) ? kind.slice(0, kind.length - def.kind.length) : `${kind}.`;
  return { kind, list: `${pkg}${def.listKind}` };
}

/** kube's List kind for a resource: TypeMeta, ListMeta and `items` of the kind (still in v3 `$ref` form). */
function listSchema(def: ResourceDef, kindName: string): Schema {
  return {
    description: `${def.listKind} is a list of ${def.kind}`,
    type: 'object',
    required: ['items'],
    properties: {
      ...TYPE_META,
      items: {
        type: 'array',
        description: `List of ${def.plural}. More info: ${API_CONVENTIONS}`,
        items: { $ref: `${COMPONENTS}${kindName}` },
      },
      metadata: { $ref: `${COMPONENTS}${META}.ListMeta`, description: `Standard list metadata. More info: ${API_CONVENTIONS}#types-kinds` },
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

/**
 * A custom resource's schema as kube publishes it in v2 (apiextensions-apiserver's ToStructuralOpenAPIV2 and
 * buildKubeNative): junctors and nullable are gone, preserve-unknown-fields nodes lose their structure, defaults are
 * pruned, and TypeMeta/ObjectMeta are the built-in ones whatever the CRD says.
 */
function crdSwaggerSchema(def: Pick<ResourceDef, 'group' | 'version' | 'kind' | 'openAPISchema'>): Schema {
  const gvk = { 'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.kind }] };
  const s = def.openAPISchema;
  // kubectl would reject every field outside apiVersion/kind/metadata, so kube publishes a bare object instead.
  if (!s || s['x-kubernetes-preserve-unknown-fields']) return { type: 'object', ...gvk };
  const out = structuralToV2(s);
  out.properties = { ...(out.properties ?? {}), metadata: OBJECT_META, ...TYPE_META };
  return { ...out, ...gvk };
}

/** ToStructuralOpenAPIV2 on one node and (first) its children. Returns a copy. */
function structuralToV2(s: Schema): Schema {
  const out: Schema = { ...s };
  delete out.allOf;
  delete out.anyOf;
  delete out.oneOf;
  delete out.not;
  if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, structuralToV2(v)]));
  if (s.items) out.items = structuralToV2(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out.additionalProperties = structuralToV2(s.additionalProperties);
  // Untyped values break kubectl when they carry items or properties.
  if (s.nullable) {
    delete out.type;
    delete out.nullable;
    delete out.items;
    delete out.properties;
  }
  if (s['x-kubernetes-preserve-unknown-fields']) {
    delete out.items;
    delete out.properties;
    if (out.type === 'object') delete out.type;
  }
  if (out.type === 'array' && !out.items) delete out.type;
  const nullableProps = Object.entries(s.properties ?? {})
    .filter(([, v]) => v.nullable)
    .map(([k]) => k);
  if (out.required && nullableProps.length) out.required = out.required.filter((r) => !nullableProps.includes(r));
  if (typeof s.additionalProperties === 'object' && s.additionalProperties.nullable) delete out.required;
  if (out.required?.length === 0) delete out.required;
  addEmbeddedProperties(out);
  return out;
}

/** x-kubernetes-embedded-resource nodes carry their own TypeMeta and ObjectMeta (as kube's addEmbeddedProperties). */
function addEmbeddedProperties(s: Schema): void {
  if (!s['x-kubernetes-embedded-resource'] || s['x-kubernetes-preserve-unknown-fields']) return;
  s.properties = { ...(s.properties ?? {}), ...TYPE_META, metadata: OBJECT_META };
  const required = new Set(s.required ?? []);
  s.required = [...(s.required ?? []), ...['kind', 'apiVersion'].filter((r) => !required.has(r))];
}

/** Swagger 2.0 Schema Object keys (besides `x-` extensions); anything else is OpenAPI v3 only and is dropped. */
const V2_SCHEMA_KEYS = new Set([
  '$ref',
  'format',
  'title',
  'description',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'enum',
  'additionalProperties',
  'type',
  'items',
  'allOf',
  'properties',
  'discriminator',
  'readOnly',
  'example',
]);

/**
 * One schema node in v2 form: `#/definitions/` references (dropped when they would dangle), nothing but a
 * description and extensions beside a $ref (kubectl rejects a typed $ref), no defaults (kube prunes them), no
 * v3-only keywords, and no array without items.
 */
export function toSwaggerSchema(s: Schema, known: (name: string) => boolean): Schema {
  const src = hoistSingleAllOf(s);
  const name = src.$ref?.replace(/^#\/(components\/schemas|definitions)\//, '');
  if (name !== undefined && known(name)) return refNode(src, name);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === '$ref' || k === 'allOf' || k === 'default' || v === undefined) continue;
    if (!V2_SCHEMA_KEYS.has(k) && !k.startsWith('x-')) continue;
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toSwaggerSchema(ps, known)]));
    else if (k === 'items') out[k] = toSwaggerSchema(v as Schema, known);
    else if (k === 'additionalProperties') out[k] = typeof v === 'object' ? toSwaggerSchema(v as Schema, known) : v;
    else out[k] = v;
  }
  if (out['type'] === 'array' && !out['items']) delete out['type'];
  return out;
}

function refNode(s: Schema, name: string): Schema {
  const out: Record<string, unknown> = { $ref: `${DEFINITIONS}${name}` };
  if (s.description !== undefined) out['description'] = s.description;
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) out[k] = v;
  return out;
}

/** v3 writes a reference with siblings as `allOf: [{$ref}]`; v2 puts the siblings next to the $ref. */
function hoistSingleAllOf(s: Schema): Schema {
  const only = s.allOf?.length === 1 ? s.allOf[0] : undefined;
  if (!only?.$ref || s.$ref || s.type) return s;
  const { allOf: _allOf, ...rest } = s;
  return { ...rest, $ref: only.$ref };
}

function sortedKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]!]),
  );
}

// --- the document ---------------------------------------------------------------------------------------------

/** Definitions needed by the operations whatever kinds are served. */
const ALWAYS = [`${META}.Status`, `${META}.Patch`, `${META}.DeleteOptions`, `${META}.ObjectMeta`, `${META}.ListMeta`];

export function buildSwaggerDocument(defs: readonly ResourceDef[]): SwaggerDocument {
  const schemas: Record<string, Schema> = { ...components };
  const paths: Record<string, SwaggerPathItem> = {};
  const roots = [...ALWAYS];
  const served = new Set<string>();
  for (const def of defs) {
    // The catalog serves the first definition of a group/version/resource (built-ins win over CRDs); so do we.
    const key = `${def.group}/${def.version}/${def.plural}`;
    if (served.has(key)) continue;
    served.add(key);
    const names = definitionNames(def);
    if (names.kind && !components[names.kind]) schemas[names.kind] = crdSwaggerSchema(def);
    if (names.kind && names.list && !schemas[names.list]) schemas[names.list] = listSchema(def, names.kind);
    roots.push(...[names.kind, names.list].filter((n): n is string => n !== undefined));
    if (def.strategy.subresources['scale']) roots.push(SCALE);
    pathsFor(def, names, paths);
  }
  const reachable = reachableFrom(roots, schemas);
  const definitions: Record<string, Schema> = {};
  for (const name of [...reachable].sort()) definitions[name] = sortProperties(toSwaggerSchema(schemas[name]!, (n) => reachable.has(n)));
  return {
    swagger: '2.0',
    info: { ...OPENAPI_INFO },
    paths: sortedKeys(paths),
    definitions,
    securityDefinitions: {
      BearerToken: { type: 'apiKey', name: 'authorization', in: 'header', description: 'Bearer Token authentication' },
    },
    security: [{ BearerToken: [] }],
  };
}

function reachableFrom(roots: string[], schemas: Record<string, Schema>): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !schemas[name]) return;
    seen.add(name);
    collectRefs(schemas[name], visit);
  };
  roots.forEach(visit);
  return seen;
}

/** Go's encoding/json writes map keys sorted, so kube's properties come out in name order. */
function sortProperties(s: Schema): Schema {
  const out = { ...s };
  if (s.properties) out.properties = sortedKeys(Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, sortProperties(v)])));
  if (s.items) out.items = sortProperties(s.items);
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    out.additionalProperties = sortProperties(s.additionalProperties);
  return out;
}
