// The Swagger 2.0 document: structure as kube-apiserver shapes it, `#/definitions/` references that all resolve,
// schemas kubectl's strict parser accepts, CRD schemas converted as apiextensions-apiserver converts them, and the
// built-in output against the upstream document in ../shared/oracle (skipped when absent).
import { beforeEach, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../../test/support/prerequisite.js';
import { builtinResources } from '../apis/index.js';
import { FULLY_MODELLED_KINDS, ORACLE_ABSENT, readOracle } from '../schemas/oracle.testkit.js';
import type { Schema } from '../apimachinery/types.js';
import { buildSwaggerDocument, toSwaggerSchema, type SwaggerDocument, type SwaggerOperation } from './v2.js';
import { buildGroupVersionDocument } from './v3.js';
import { widgetDef } from '../registry/widget.testkit.js';
import { ALL_BATTERIES } from '../registry/types.js';

const builtins = builtinResources(new Set(ALL_BATTERIES));
const doc = buildSwaggerDocument(builtins);
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const crd = widgetDef;

function walk(node: unknown, visit: (o: Record<string, unknown>, path: string) => void, path = ''): void {
  if (Array.isArray(node)) return node.forEach((n, i) => walk(n, visit, `${path}[${i}]`));
  if (node === null || typeof node !== 'object') return;
  visit(node as Record<string, unknown>, path);
  for (const [k, v] of Object.entries(node)) walk(v, visit, `${path}/${k}`);
}

/** kube-openapi's proto model rules (pkg/util/proto/document.go): what makes kubectl refuse the whole document. */
function kubectlProblems(d: SwaggerDocument): string[] {
  const problems: string[] = [];
  const check = (s: Schema, path: string): void => {
    if (s.$ref !== undefined) {
      if (!s.$ref.startsWith('#/definitions/')) problems.push(`${path}: reference outside definitions ${s.$ref}`);
      else if (!d.definitions[s.$ref.slice('#/definitions/'.length)]) problems.push(`${path}: unknown model ${s.$ref}`);
      if (s.type !== undefined) problems.push(`${path}: $ref with a type`);
      if (Object.keys(s.properties ?? {}).length) problems.push(`${path}: $ref with properties`);
      return;
    }
    const types = s.type === undefined ? [] : [s.type].flat();
    if (types.length > 1) problems.push(`${path}: several types`);
    if (types[0] === 'array' && !s.items) problems.push(`${path}: array without items`);
    if (types[0] && !['object', 'array', 'string', 'number', 'integer', 'boolean'].includes(types[0]))
      problems.push(`${path}: type ${types[0]}`);
    for (const [k, v] of Object.entries(s.properties ?? {})) check(v, `${path}.${k}`);
    if (s.items) check(s.items, `${path}[]`);
    if (typeof s.additionalProperties === 'object') check(s.additionalProperties, `${path}{}`);
  };
  for (const [name, s] of Object.entries(d.definitions)) check(s, name);
  walk(d.paths, (o, path) => {
    if (typeof o['$ref'] === 'string' && !d.definitions[o['$ref'].replace('#/definitions/', '')])
      problems.push(`paths${path}: dangling ${o['$ref']}`);
  });
  return problems;
}

describe('buildSwaggerDocument (built-ins)', () => {
  it('is a Swagger 2.0 document with kube-apiserver info and security', () => {
    expect(doc.swagger).toBe('2.0');
    expect(doc.info.title).toBe('Kubernetes');
    expect(doc.securityDefinitions['BearerToken']).toMatchObject({ type: 'apiKey', in: 'header', name: 'authorization' });
    expect(doc.security).toEqual([{ BearerToken: [] }]);
  });

  it('serves the ConfigMap operations with kube operationIds, actions, GVKs and parameters', () => {
    const coll = doc.paths['/api/v1/namespaces/{namespace}/configmaps']!;
    const item = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!;
    const gvk = { group: '', version: 'v1', kind: 'ConfigMap' };
    const ids = (p: typeof coll) =>
      Object.fromEntries(
        Object.entries(p)
          .filter(([k]) => k !== 'parameters')
          .map(([k, o]) => [k, [(o as SwaggerOperation).operationId, (o as SwaggerOperation)['x-kubernetes-action']]]),
      );
    expect(ids(coll)).toEqual({
      get: ['listCoreV1NamespacedConfigMap', 'list'],
      post: ['createCoreV1NamespacedConfigMap', 'post'],
      delete: ['deleteCoreV1CollectionNamespacedConfigMap', 'deletecollection'],
    });
    expect(ids(item)).toEqual({
      get: ['readCoreV1NamespacedConfigMap', 'get'],
      put: ['replaceCoreV1NamespacedConfigMap', 'put'],
      patch: ['patchCoreV1NamespacedConfigMap', 'patch'],
      delete: ['deleteCoreV1NamespacedConfigMap', 'delete'],
    });
    expect(doc.paths['/api/v1/configmaps']!.get!.operationId).toBe('listCoreV1ConfigMapForAllNamespaces');
    for (const op of [coll.get!, coll.post!, item.patch!]) {
      expect(op['x-kubernetes-group-version-kind']).toEqual(gvk);
      expect(op.tags).toEqual(['core_v1']);
    }
    expect(coll.parameters).toEqual([expect.objectContaining({ name: 'namespace', in: 'path', required: true, type: 'string' })]);
    expect(item.parameters!.map((p) => p.name)).toEqual(['name', 'namespace']);

    const patch = item.patch!;
    expect(patch.consumes).toEqual(
      expect.arrayContaining([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
        'application/apply-patch+yaml',
      ]),
    );
    expect(patch.parameters![0]).toEqual({ name: 'body', in: 'body', required: true, schema: { $ref: `#/definitions/${META}.Patch` } });
    expect(patch.parameters!.slice(1).map((p) => [p.name, p.in, p.type])).toEqual([
      ['dryRun', 'query', 'string'],
      ['fieldManager', 'query', 'string'],
      ['fieldValidation', 'query', 'string'],
      ['force', 'query', 'boolean'],
    ]);
    expect(patch.responses['200']!.schema).toEqual({ $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' });
    expect(item.put!.parameters![0]).toEqual({
      name: 'body',
      in: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' },
    });
    expect(coll.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'watch', 'timeoutSeconds']),
    );
    expect(coll.get!.responses['200']!.schema).toEqual({ $ref: '#/definitions/io.k8s.api.core.v1.ConfigMapList' });
    expect(item.delete!.responses['200']!.schema).toEqual({ $ref: `#/definitions/${META}.Status` });
  });

  it('offers strategic merge patch only where the server takes it, and create-only reviews', () => {
    expect(doc.paths['/apis/tenancy.kcp.io/v1alpha1/workspaces/{name}']!.patch!.operationId).toBe('patchTenancyKcpIoV1alpha1Workspace');
    const ssar = doc.paths['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews']!;
    expect(Object.keys(ssar).sort()).toEqual(['parameters', 'post']);
    expect(ssar.post!.operationId).toBe('createAuthorizationV1SelfSubjectAccessReview');
    expect(doc.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles']!.get!.tags).toEqual(['rbacAuthorization_v1']);
    expect(doc.paths['/api/v1/namespaces/{name}/status']!.patch!.operationId).toBe('patchCoreV1NamespaceStatus');
  });

  it('has unique operationIds (core and events.k8s.io both serve Event)', () => {
    const ids: string[] = [];
    for (const item of Object.values(doc.paths))
      for (const [k, op] of Object.entries(item)) if (k !== 'parameters') ids.push((op as SwaggerOperation).operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('listEventsV1NamespacedEvent');
    expect(ids).toContain('listCoreV1NamespacedEvent');
  });

  it('keys definitions like kube and converts every $ref to #/definitions/', () => {
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/components/schemas/');
    expect(Object.keys(doc.definitions)).toEqual([...Object.keys(doc.definitions)].sort());
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']!.properties!['metadata']).toEqual({
      $ref: `#/definitions/${META}.ObjectMeta`,
      description: expect.any(String),
    });
  });

  it('passes kubectl strict model parsing: no dangling refs, typed refs, item-less arrays or multiple types', () => {
    expect(kubectlProblems(doc)).toEqual([]);
  });

  it('drops what Swagger 2.0 lacks and kube prunes (defaults, nullable, junctors)', () => {
    walk(doc.definitions, (o, path) => {
      // A `properties` map's keys are field names (JSONSchemaProps has fields named default, nullable, anyOf, …).
      if (path.endsWith('/properties')) return;
      for (const k of ['default', 'nullable', 'anyOf', 'oneOf', 'not']) expect(o[k], `${path}/${k}`).toBeUndefined();
    });
    const hard = doc.definitions['io.k8s.api.core.v1.ResourceQuota']!.properties!['spec']!.properties!['hard']!;
    expect(hard.additionalProperties).toEqual({ 'x-kubernetes-int-or-string': true });
  });

  it('keeps the vendor extensions kubectl reads (GVK, patch strategy and merge key, list types)', () => {
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']!['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'ConfigMap' },
    ]);
    const owners = doc.definitions[`${META}.ObjectMeta`]!.properties!['ownerReferences']!;
    expect(owners).toMatchObject({
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['uid'],
    });
    expect(doc.definitions['io.k8s.api.rbac.v1.Subject']!['x-kubernetes-map-type']).toBe('atomic');
  });

  it('adds List kinds for listable resources', () => {
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMapList']).toMatchObject({
      type: 'object',
      required: ['items'],
      properties: {
        items: { type: 'array', items: { $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap' } },
        metadata: { $ref: `#/definitions/${META}.ListMeta` },
      },
      'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'ConfigMapList' }],
    });
    expect(doc.definitions['io.k8s.api.authorization.v1.SelfSubjectAccessReviewList']).toBeUndefined();
  });

  it('covers only the served kinds', () => {
    const none = buildSwaggerDocument(builtinResources(new Set()));
    expect(none.definitions['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition']).toBeUndefined();
    expect(doc.definitions['io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition']).toBeDefined();
    expect(kubectlProblems(none)).toEqual([]);
  });

  it('leaves the v3 documents alone', () => {
    const v3 = buildGroupVersionDocument(builtins.filter((d) => d.group === '' && d.version === 'v1'));
    expect(v3['info']).toEqual({ title: 'Kubernetes', version: doc.info.version });
    expect(JSON.stringify(v3)).toContain('#/components/schemas/io.k8s.api.core.v1.ConfigMap');
    expect(JSON.stringify(v3)).not.toContain('#/definitions/');
  });
});

describe('toSwaggerSchema', () => {
  const known = (n: string) => n === 'Known';

  it('rewrites references and keeps only a description and extensions beside them', () => {
    expect(
      toSwaggerSchema({ $ref: '#/components/schemas/Known', description: 'd', type: 'object', 'x-kubernetes-list-type': 'atomic' }, known),
    ).toEqual({
      $ref: '#/definitions/Known',
      description: 'd',
      'x-kubernetes-list-type': 'atomic',
    });
  });

  it('hoists a single allOf reference and drops dangling ones', () => {
    expect(toSwaggerSchema({ allOf: [{ $ref: '#/components/schemas/Known' }], description: 'd', default: {} }, known)).toEqual({
      $ref: '#/definitions/Known',
      description: 'd',
    });
    expect(toSwaggerSchema({ $ref: '#/components/schemas/Missing', description: 'd' }, known)).toEqual({ description: 'd' });
  });

  it('drops v3-only keywords and item-less array types', () => {
    expect(toSwaggerSchema({ type: 'array', nullable: true, default: [], oneOf: [{ type: 'string' }] }, known)).toEqual({});
  });
});

describe('custom resources', () => {
  const schema: Schema = {
    type: 'object',
    description: 'Widget is a test kind.',
    properties: {
      metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 10 } } },
      spec: {
        type: 'object',
        required: ['size', 'note'],
        'x-kubernetes-validations': [{ rule: 'self.replicas <= 10', message: 'at most 10' }],
        properties: {
          size: { type: 'string', enum: ['small', 'large'] },
          replicas: { type: 'integer', minimum: 0, default: 1 },
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          note: { type: 'string', nullable: true },
          list: { type: 'array', nullable: true, items: { type: 'string' } },
          blob: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: { type: 'string' } } },
          anything: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
          'x-custom': { type: 'string' },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
          labels: { type: 'object', additionalProperties: { type: 'string', nullable: true }, required: ['a'] },
        },
      },
    },
  };
  const d = buildSwaggerDocument([...builtins, crd(schema)]);
  const widget = d.definitions['dev.example.v1.Widget']!;
  const spec = widget.properties!['spec']!.properties!;

  it('names the definitions with the reversed group and adds the List kind', () => {
    expect(widget['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.dev', version: 'v1', kind: 'Widget' }]);
    expect(d.definitions['dev.example.v1.WidgetList']).toMatchObject({
      description: 'WidgetList is a list of Widget',
      properties: { items: { items: { $ref: '#/definitions/dev.example.v1.Widget' } } },
      'x-kubernetes-group-version-kind': [{ group: 'example.dev', version: 'v1', kind: 'WidgetList' }],
    });
    expect(kubectlProblems(d)).toEqual([]);
  });

  it('publishes the built-in TypeMeta and ObjectMeta whatever the CRD says', () => {
    expect(widget.properties!['metadata']).toEqual({
      $ref: `#/definitions/${META}.ObjectMeta`,
      description: expect.stringContaining("Standard object's metadata"),
    });
    expect(widget.properties!['apiVersion']!.type).toBe('string');
  });

  it('converts as ToStructuralOpenAPIV2: junctors, nullable, preserve-unknown-fields, defaults', () => {
    expect(spec['port']).toEqual({ 'x-kubernetes-int-or-string': true });
    expect(spec['note']).toEqual({});
    expect(spec['list']).toEqual({});
    expect(widget.properties!['spec']!.required).toEqual(['size']);
    expect(spec['blob']).toEqual({ 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec['anything']).toEqual({ 'x-kubernetes-preserve-unknown-fields': true });
    expect(spec['replicas']).toEqual({ type: 'integer', minimum: 0 });
    expect(spec['labels']!.required).toBeUndefined();
    expect(spec['size']!.enum).toEqual(['small', 'large']);
    expect(widget.properties!['spec']!['x-kubernetes-validations']).toEqual([{ rule: 'self.replicas <= 10', message: 'at most 10' }]);
    expect(spec['x-custom']).toEqual({ type: 'string' });
  });

  it('gives embedded resources TypeMeta and ObjectMeta', () => {
    expect(spec['template']!.properties!['metadata']!.$ref).toBe(`#/definitions/${META}.ObjectMeta`);
    expect(spec['template']!.properties!['kind']!.type).toBe('string');
    expect(spec['template']!.required).toEqual(['kind', 'apiVersion']);
  });

  it('publishes a bare object for a schema preserving unknown fields at the root', () => {
    const bare = buildSwaggerDocument([crd({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })]);
    expect(bare.definitions['dev.example.v1.Widget']).toEqual({
      type: 'object',
      'x-kubernetes-group-version-kind': [{ group: 'example.dev', version: 'v1', kind: 'Widget' }],
    });
  });

  it('serves the CRD paths with merge patches only and the Scale subresource', () => {
    const item = d.paths['/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}']!;
    expect(item.patch!.consumes).not.toContain('application/strategic-merge-patch+json');
    expect(item.patch!.operationId).toBe('patchExampleDevV1NamespacedWidget');
    const scale = d.paths['/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}/scale']!;
    expect(scale.get!['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(scale.get!.responses['200']!.schema).toEqual({ $ref: '#/definitions/io.k8s.api.autoscaling.v1.Scale' });
    expect(d.definitions['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    expect(d.paths['/apis/example.dev/v1/namespaces/{namespace}/widgets/{name}/status']!.get!.operationId).toBe(
      'readExampleDevV1NamespacedWidgetStatus',
    );
  });

  it('serves a group/version/resource once, built-ins first', () => {
    const shadow = crd(
      { type: 'object' },
      { group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', listKind: 'ConfigMapList' },
    );
    const s = buildSwaggerDocument([...builtins, shadow]);
    expect(s.paths['/api/v1/namespaces/{namespace}/configmaps/{name}']!.get!.responses['200']!.schema).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.ConfigMap',
    });
  });
});

// --- the upstream document ------------------------------------------------------------------------------------

const oracle = readOracle<OracleDoc>();

interface OracleParam {
  name?: string;
  $ref?: string;
}

interface OracleDoc {
  definitions: Record<string, Schema>;
  paths: Record<
    string,
    Record<string, { operationId?: string; consumes?: string[]; tags?: string[]; parameters?: OracleParam[]; [k: string]: unknown }>
  >;
  parameters: Record<string, { name: string }>;
}

const FULL = FULLY_MODELLED_KINDS;
const EXTENSIONS = [
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-group-version-kind',
] as const;
/** Upstream additions after the Kubernetes version kcpx models (v1.32). */
const NEWER_UPSTREAM = new Set(['shardInfo']);
/** Where kcpx serves more than kube-apiserver does. */
const EXTRA_OPERATIONS = new Set(['delete /api/v1/namespaces']);

/** JSON with object keys sorted, so `{group, kind, version}` equals `{group, version, kind}`. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

function compare(ours: Schema, theirs: Schema, path: string, depth: number, problems: string[]): void {
  const deref = (s: Schema, defs: Record<string, Schema>): Schema =>
    s.$ref ? deref(defs[s.$ref.replace('#/definitions/', '')]!, defs) : s;
  if (depth > 8) return;
  if (ours.$ref && theirs.$ref && ours.$ref !== theirs.$ref) problems.push(`${path}: $ref ${ours.$ref} ≠ ${theirs.$ref}`);
  const o = deref(ours, doc.definitions);
  const t = deref(theirs, oracle!.definitions);
  if (t.type && o.type && t.type !== o.type) problems.push(`${path}: type ${o.type} ≠ ${t.type}`);
  for (const ext of EXTENSIONS) if (canonical(o[ext] ?? null) !== canonical(t[ext] ?? null)) problems.push(`${path}: ${ext}`);
  if (JSON.stringify([...(o.required ?? [])].sort()) !== JSON.stringify([...(t.required ?? [])].sort())) problems.push(`${path}: required`);
  const tp = Object.keys(t.properties ?? {}).filter((p) => !NEWER_UPSTREAM.has(p));
  if (tp.length && JSON.stringify(Object.keys(o.properties ?? {}).sort()) !== JSON.stringify([...tp].sort()))
    problems.push(`${path}: properties`);
  for (const p of tp) if (o.properties?.[p]) compare(o.properties[p], t.properties![p]!, `${path}.${p}`, depth + 1, problems);
  if (o.items && t.items) compare(o.items, t.items, `${path}[]`, depth + 1, problems);
}

describe('against the upstream swagger.json', () => {
  beforeEach((ctx) => requirePrerequisite(ctx, oracle !== undefined, ORACLE_ABSENT));
  it('has the same definitions for the fully modelled kinds and their Lists', () => {
    const problems: string[] = [];
    for (const name of [...FULL, ...FULL.map((n) => `${n}List`)]) {
      expect(doc.definitions[name], name).toBeDefined();
      compare(doc.definitions[name]!, oracle!.definitions[name]!, name, 0, problems);
    }
    expect(problems).toEqual([]);
  });

  it('names every operation it shares with kube-apiserver the same way, with the same action, GVK and tags', () => {
    const problems: string[] = [];
    let shared = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const theirs = oracle!.paths[path];
      if (!theirs) continue;
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const o = op as SwaggerOperation;
        const t = theirs[method];
        if (!t) {
          if (!EXTRA_OPERATIONS.has(`${method} ${path}`)) problems.push(`${method} ${path}: not upstream`);
          continue;
        }
        shared++;
        if (o.operationId !== t.operationId) problems.push(`${method} ${path}: ${o.operationId} ≠ ${t.operationId}`);
        if (o['x-kubernetes-action'] !== t['x-kubernetes-action']) problems.push(`${method} ${path}: action`);
        if (canonical(o['x-kubernetes-group-version-kind']) !== canonical(t['x-kubernetes-group-version-kind']))
          problems.push(`${method} ${path}: gvk`);
        if (JSON.stringify(o.tags) !== JSON.stringify(t.tags)) problems.push(`${method} ${path}: tags`);
        for (const c of method === 'patch' ? o.consumes : [])
          if (!t.consumes?.includes(c)) problems.push(`${method} ${path}: consumes ${c}`);
        const theirParams = new Set(
          [...(t.parameters ?? []), ...((theirs['parameters'] as unknown as OracleParam[] | undefined) ?? [])].map(
            (p) => p.name ?? oracle!.parameters[p.$ref!.replace('#/parameters/', '')]!.name,
          ),
        );
        for (const p of [...(o.parameters ?? []), ...(item.parameters ?? [])])
          if (!theirParams.has(p.name)) problems.push(`${method} ${path}: parameter ${p.name}`);
      }
    }
    expect(problems).toEqual([]);
    expect(shared).toBeGreaterThan(100);
  });
});
