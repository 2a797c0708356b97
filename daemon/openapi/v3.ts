// OpenAPI v3 documents for one group-version of one logical cluster, built from the served ResourceDefs:
// the paths and operations kubectl reads (PATCH with a fieldValidation parameter and the GVK object) and the
// component schemas reachable from the kinds (CRD schemas wrapped as components).
import { components } from '../schemas/index.js';
import type { Schema } from '../apimachinery/types.js';
import type { ResourceDef } from '../registry/types.js';
import { groupVersionPath } from '../registry/keys.js';

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
/** `info` of every OpenAPI document we publish (v2 and v3). */
export const OPENAPI_INFO = { title: 'Kubernetes', version: 'v1.32.4+kcpx' } as const;
const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Component name for a CRD-served kind: reversed group, version, kind (as kube names them). */
export function crdComponentName(def: Pick<ResourceDef, 'group' | 'version' | 'kind'>): string {
  return `${def.group.split('.').reverse().join('.')}.${def.version}.${def.kind}`;
}

function componentFor(def: ResourceDef, extra: Record<string, Schema>): string | undefined {
  if (def.schemaName && components[def.schemaName]) return def.schemaName;
  if (!def.openAPISchema) return undefined;
  const name = crdComponentName(def);
  const s = def.openAPISchema;
  extra[name] = {
    ...s,
    type: 'object',
    properties: {
      apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
      kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
      metadata: { ...refTo(`${META}.ObjectMeta`), description: "Standard object's metadata." },
      ...(s.properties ?? {}),
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.kind }],
  };
  return name;
}

const qp = (name: string, description: string, type = 'string') => ({
  name,
  in: 'query',
  description,
  schema: { type },
  uniqueItems: true,
});
export const PARAMS = {
  dryRun: qp('dryRun', 'When present, indicates that modifications should not be persisted ("All").'),
  fieldManager: qp('fieldManager', 'A name associated with the actor or entity that is making these changes.'),
  fieldValidation: qp('fieldValidation', 'How the server handles unknown or duplicate fields: Ignore, Warn (default) or Strict.'),
  force: qp('force', 'Force is going to "force" Apply requests: re-acquire conflicting fields owned by other people.', 'boolean'),
  labelSelector: qp('labelSelector', 'A selector to restrict the list of returned objects by their labels.'),
  fieldSelector: qp('fieldSelector', 'A selector to restrict the list of returned objects by their fields.'),
  limit: qp('limit', 'Maximum number of responses to return for a list call.', 'integer'),
  cont: qp('continue', 'The continue option should be set when retrieving more results from the server.'),
  resourceVersion: qp('resourceVersion', 'Constrains which resource versions the request may be served from.'),
  watch: qp('watch', 'Watch for changes to the described resources and return them as a stream.', 'boolean'),
  timeoutSeconds: qp('timeoutSeconds', 'Timeout for the list/watch call.', 'integer'),
};

function op(action: string, def: ResourceDef, opId: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    operationId: opId,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
    ...extra,
  };
}

function json(schema: unknown) {
  return { 'application/json': { schema }, 'application/yaml': { schema } };
}

export function buildGroupVersionDocument(defs: ResourceDef[]): Record<string, unknown> {
  const extra: Record<string, Schema> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of defs) {
    const comp = componentFor(def, extra);
    const schema = comp ? refTo(comp) : { type: 'object' };
    const base = `/${groupVersionPath(def)}`;
    const collection = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
    const item = `${collection}/{name}`;
    const opBase = `${def.kind}`;
    const ok = (s: unknown) => ({ '200': { description: 'OK', content: json(s) } });
    const created = (s: unknown) => ({
      '200': { description: 'OK', content: json(s) },
      '201': { description: 'Created', content: json(s) },
    });
    const nsParam = def.namespaced
      ? [{ name: 'namespace', in: 'path', required: true, schema: { type: 'string' }, description: 'object name and auth scope' }]
      : [];
    const nameParam = [{ name: 'name', in: 'path', required: true, schema: { type: 'string' }, description: 'name of the resource' }];
    if (def.strategy.compute) {
      paths[collection] = {
        post: op('post', def, `create${opBase}`, {
          parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
          requestBody: { content: json(schema) },
          responses: created(schema),
        }),
        parameters: nsParam,
      };
      continue;
    }
    const listParams = [
      PARAMS.labelSelector,
      PARAMS.fieldSelector,
      PARAMS.limit,
      PARAMS.cont,
      PARAMS.resourceVersion,
      PARAMS.timeoutSeconds,
      PARAMS.watch,
    ];
    paths[collection] = {
      get: op('list', def, `list${opBase}`, { parameters: listParams, responses: ok({ type: 'object' }) }),
      post: op('post', def, `create${opBase}`, {
        parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
        requestBody: { content: json(schema) },
        responses: created(schema),
      }),
      delete: op('deletecollection', def, `deleteCollection${opBase}`, { parameters: listParams, responses: ok(refTo(`${META}.Status`)) }),
      parameters: nsParam,
    };
    const patchBody = { content: Object.fromEntries(def.strategy.patchTypes.map((t) => [t, { schema: refTo(`${META}.Patch`) }])) };
    const patchParams = [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation, PARAMS.force];
    paths[item] = {
      get: op('get', def, `read${opBase}`, { responses: ok(schema) }),
      put: op('put', def, `replace${opBase}`, {
        parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
        requestBody: { content: json(schema) },
        responses: created(schema),
      }),
      patch: op('patch', def, `patch${opBase}`, { parameters: patchParams, requestBody: patchBody, responses: created(schema) }),
      delete: op('delete', def, `delete${opBase}`, {
        requestBody: { content: json(refTo(`${META}.DeleteOptions`)) },
        responses: ok(refTo(`${META}.Status`)),
      }),
      parameters: [...nameParam, ...nsParam],
    };
    if (def.namespaced)
      paths[`${base}/${def.plural}`] = {
        get: op('list', def, `list${opBase}ForAllNamespaces`, { parameters: listParams, responses: ok({ type: 'object' }) }),
      };
    if (def.strategy.subresources['status']) {
      paths[`${item}/status`] = {
        get: op('get', def, `read${opBase}Status`, { responses: ok(schema) }),
        put: op('put', def, `replace${opBase}Status`, {
          parameters: [PARAMS.dryRun, PARAMS.fieldManager, PARAMS.fieldValidation],
          requestBody: { content: json(schema) },
          responses: created(schema),
        }),
        patch: op('patch', def, `patch${opBase}Status`, { parameters: patchParams, requestBody: patchBody, responses: created(schema) }),
        parameters: [...nameParam, ...nsParam],
      };
    }
    if (def.strategy.subresources['scale']) {
      const scale = refTo('io.k8s.api.autoscaling.v1.Scale');
      paths[`${item}/scale`] = {
        get: {
          operationId: `read${opBase}Scale`,
          'x-kubernetes-action': 'get',
          'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          responses: ok(scale),
        },
        patch: {
          operationId: `patch${opBase}Scale`,
          'x-kubernetes-action': 'patch',
          'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
          parameters: patchParams,
          requestBody: patchBody,
          responses: created(scale),
        },
        parameters: [...nameParam, ...nsParam],
      };
    }
  }
  const all = { ...components, ...extra };
  const reachable: Record<string, Schema> = {};
  const visit = (name: string) => {
    if (reachable[name] || !all[name]) return;
    reachable[name] = all[name];
    collectRefs(all[name], visit);
  };
  for (const n of [`${META}.Status`, `${META}.Patch`, `${META}.DeleteOptions`, `${META}.ObjectMeta`]) visit(n);
  for (const def of defs) {
    const c = def.schemaName && components[def.schemaName] ? def.schemaName : def.openAPISchema ? crdComponentName(def) : undefined;
    if (c) visit(c);
    if (def.strategy.subresources['scale']) visit('io.k8s.api.autoscaling.v1.Scale');
  }
  return { openapi: '3.0.0', info: { ...OPENAPI_INFO }, paths, components: { schemas: reachable } };
}

/** Calls `visit` with the component name of every `$ref` below `node`. */
export function collectRefs(node: unknown, visit: (name: string) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') visit(v.replace('#/components/schemas/', ''));
    else collectRefs(v, visit);
  }
}
