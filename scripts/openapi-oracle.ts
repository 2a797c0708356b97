// Writes test/fixtures/openapi-oracle.json: the parts of the upstream Kubernetes OpenAPI v2 document (the test oracle
// in ../shared/oracle, never shipped) that kcpx's schema tests compare against, so that they run on any checkout.
//
//   npx tsx scripts/openapi-oracle.ts [path/to/kubernetes-swagger.json]
//
// Kept, with only the fields the tests compare: the definitions of the fully modelled kinds (daemon/schemas/
// oracle.testkit.ts), their Lists and ObjectMeta, and every definition they reach through $ref; the operations of the
// paths kcpx serves that upstream serves too; and the paths kcpx serves that upstream does not, so that a path kcpx
// serves later fails the tests until this script runs again.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinResources } from '../daemon/apis/builtin/index.js';
import { buildSwaggerDocument } from '../daemon/openapi/v2.js';
import { ALL_BATTERIES } from '../daemon/registry/types.js';
import { FULLY_MODELLED_KINDS, FULLY_MODELLED_REVIEW_KINDS } from '../daemon/schemas/oracle.testkit.js';

type Json = Record<string, unknown>;
interface Upstream {
  definitions: Record<string, Json>;
  paths: Record<string, Record<string, Json & { parameters?: Parameter[] }>>;
  parameters: Record<string, { name: string }>;
}
type Parameter = { name?: string; $ref?: string };

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(root, '../shared/oracle/kubernetes-v1.35.0-swagger.json');
const out = join(root, 'test/fixtures/openapi-oracle.json');
const upstream = JSON.parse(readFileSync(source, 'utf8')) as Upstream;
const ours = buildSwaggerDocument(builtinResources(new Set(ALL_BATTERIES)));

const SCHEMA_FIELDS = ['type', '$ref', 'required', 'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-group-version-kind'];
const ROOTS = [...FULLY_MODELLED_KINDS, ...FULLY_MODELLED_KINDS.map((k) => `${k}List`), ...FULLY_MODELLED_REVIEW_KINDS, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];

/** A schema with only the compared fields; collects the definitions it refers to. */
function trim(schema: Json, refs: string[]): Json {
  const t: Json = {};
  for (const f of SCHEMA_FIELDS) if (schema[f] !== undefined) t[f] = schema[f];
  if (typeof schema['$ref'] === 'string') refs.push(schema['$ref'].replace('#/definitions/', ''));
  const properties = schema['properties'] as Record<string, Json> | undefined;
  if (properties) t['properties'] = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, trim(v, refs)]));
  if (schema['items']) t['items'] = trim(schema['items'] as Json, refs);
  return t;
}

const definitions: Record<string, Json> = {};
const queue = [...ROOTS];
while (queue.length) {
  const name = queue.shift()!;
  if (definitions[name]) continue;
  const schema = upstream.definitions[name];
  if (!schema) throw new Error(`${name} is not in ${source}`);
  const refs: string[] = [];
  definitions[name] = trim(schema, refs);
  queue.push(...refs);
}

const parameterNames = (ps: Parameter[] = []) => ps.map((p) => p.name ?? upstream.parameters[p.$ref!.replace('#/parameters/', '')]!.name);
const paths: Record<string, Record<string, Json>> = {};
const notUpstream: string[] = [];
for (const path of Object.keys(ours.paths).sort()) {
  const item = upstream.paths[path];
  if (!item) {
    notUpstream.push(path);
    continue;
  }
  const shared = parameterNames(item['parameters'] as Parameter[] | undefined);
  paths[path] = {};
  for (const [method, op] of Object.entries(item)) {
    if (method === 'parameters') continue;
    paths[path][method] = {
      operationId: op['operationId'],
      'x-kubernetes-action': op['x-kubernetes-action'],
      'x-kubernetes-group-version-kind': op['x-kubernetes-group-version-kind'],
      tags: op['tags'],
      ...(method === 'patch' ? { consumes: op['consumes'] } : {}),
      parameters: [...shared, ...parameterNames(op.parameters)],
    };
  }
}

const fixture = {
  generated: `from ${basename(source)} by \`npx tsx scripts/openapi-oracle.ts\`; do not edit`,
  definitions: Object.fromEntries(Object.keys(definitions).sort().map((k) => [k, definitions[k]])),
  paths,
  notUpstream,
};
// One definition or path a line: small, and a regeneration's diff shows what changed upstream.
const lines = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n');
writeFileSync(
  out,
  `{\n  "generated": ${JSON.stringify(fixture.generated)},\n  "definitions": {\n${lines(fixture.definitions)}\n  },\n  "paths": {\n${lines(fixture.paths)}\n  },\n  "notUpstream": ${JSON.stringify(notUpstream)}\n}\n`,
);
console.log(`${out}: ${Object.keys(definitions).length} definitions, ${Object.keys(paths).length} paths, ${notUpstream.length} paths not upstream`);
