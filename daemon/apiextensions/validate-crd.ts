// CustomResourceDefinition validation and defaulting, as the apiextensions strategy does on create/update:
// names, scope, versions (exactly one storage version), structural schemas, and CEL rules that compile.
import { fieldErr } from '../apimachinery/status.js';
import type { FieldError, KObject, Schema } from '../apimachinery/types.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../apimachinery/validation.js';
import { webhookURLErrors } from '../apimachinery/webhook-url.js';
import type { RuleScope } from './cel-crd-validation.js';
import type { CrdValidator } from './load.js';

interface Names {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface Version {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Schema };
}

export function crdDefaults(crd: KObject): void {
  const spec = (crd['spec'] ?? {}) as { names?: Names; conversion?: unknown };
  const n = spec.names;
  if (n?.kind) {
    if (!n.singular) n.singular = n.kind.toLowerCase();
    if (!n.listKind) n.listKind = `${n.kind}List`;
  }
  if (!spec.conversion) spec.conversion = { strategy: 'None' };
}

const KIND_RE = /^[A-Za-z][A-Za-z0-9]*$/;

interface Conversion {
  strategy?: string;
  webhook?: { clientConfig?: { url?: string; service?: unknown }; conversionReviewVersions?: string[] };
}

const CONVERSION_REVIEW_VERSIONS = ['v1', 'v1beta1'];

/**
 * kube's validateCustomResourceConversion. It judges the internal type, so its paths name `webhookClientConfig` and
 * `conversionReviewVersions` directly under spec.conversion, whatever v1 calls them.
 */
export function conversionErrors(conversion: Conversion | undefined): FieldError[] {
  if (!conversion) return [];
  const errs: FieldError[] = [];
  const path = 'spec.conversion';
  const strategy = conversion.strategy ?? '';
  if (strategy !== 'None' && strategy !== 'Webhook') errs.push(fieldErr.notSupported(`${path}.strategy`, strategy, ['None', 'Webhook']));
  const client = conversion.webhook?.clientConfig;
  const versions = conversion.webhook?.conversionReviewVersions ?? [];
  if (strategy !== 'Webhook') {
    if (client) errs.push(fieldErr.forbidden(`${path}.webhookClientConfig`, 'should not be set when strategy is not set to Webhook'));
    if (versions.length)
      errs.push(fieldErr.forbidden(`${path}.conversionReviewVersions`, 'should not be set when strategy is not set to Webhook'));
    return errs;
  }
  if (!client) errs.push(fieldErr.required(`${path}.webhookClientConfig`, 'required when strategy is set to Webhook'));
  else if ((client.url === undefined) === (client.service === undefined))
    errs.push(fieldErr.required(`${path}.webhookClientConfig`, 'exactly one of url or service is required'));
  else if (client.url !== undefined) errs.push(...webhookURLErrors(`${path}.webhookClientConfig.url`, client.url));
  const vpath = `${path}.conversionReviewVersions`;
  if (versions.length === 0) errs.push(fieldErr.required(vpath, ''));
  else {
    const seen = new Set<string>();
    versions.forEach((v, i) => {
      if (seen.has(v)) {
        errs.push(fieldErr.invalid(`${vpath}[${i}]`, v, 'duplicate version'));
        return;
      }
      seen.add(v);
      for (const e of isDNS1035Label(v)) errs.push(fieldErr.invalid(`${vpath}[${i}]`, v, e));
    });
    if (!versions.some((v) => CONVERSION_REVIEW_VERSIONS.includes(v)))
      errs.push(fieldErr.invalid(vpath, versions, `must include at least one of ${CONVERSION_REVIEW_VERSIONS.join(', ')}`));
  }
  return errs;
}

/** `v` is the loaded CRD validator, which compiles the schemas and their CEL rules (see load.ts). */
export function validateCRD(crd: KObject, v: CrdValidator): FieldError[] {
  const errs: FieldError[] = [];
  const spec = (crd['spec'] ?? {}) as { group?: string; scope?: string; names?: Names; versions?: Version[]; conversion?: Conversion };
  const n = spec.names ?? {};
  errs.push(...conversionErrors(spec.conversion));
  if (!spec.group) errs.push(fieldErr.required('spec.group', ''));
  else {
    for (const e of isDNS1123Subdomain(spec.group)) errs.push(fieldErr.invalid('spec.group', spec.group, e));
    if (!spec.group.includes('.')) errs.push(fieldErr.invalid('spec.group', spec.group, 'should be a domain with at least one dot'));
  }
  if (crd.metadata.name !== `${n.plural ?? ''}.${spec.group ?? ''}`) {
    errs.push(fieldErr.invalid('metadata.name', crd.metadata.name ?? '', 'must be spec.names.plural+"."+spec.group'));
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster')
    errs.push(fieldErr.notSupported('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  if (!n.plural) errs.push(fieldErr.required('spec.names.plural', ''));
  else for (const e of isDNS1123Label(n.plural)) errs.push(fieldErr.invalid('spec.names.plural', n.plural, e));
  if (n.singular) for (const e of isDNS1123Label(n.singular)) errs.push(fieldErr.invalid('spec.names.singular', n.singular, e));
  if (!n.kind) errs.push(fieldErr.required('spec.names.kind', ''));
  else if (!KIND_RE.test(n.kind))
    errs.push(fieldErr.invalid('spec.names.kind', n.kind, 'may have mixed case, but should otherwise match: [a-z][-a-z0-9]*'));
  if (n.listKind && n.listKind === n.kind)
    errs.push(fieldErr.invalid('spec.names.listKind', n.listKind, 'kind and listKind may not be the same'));
  (n.shortNames ?? []).forEach((s, i) => {
    for (const e of isDNS1123Label(s)) errs.push(fieldErr.invalid(`spec.names.shortNames[${i}]`, s, e));
  });
  const versions = spec.versions ?? [];
  if (versions.length === 0)
    errs.push(fieldErr.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  const storage = versions.filter((v) => v.storage).length;
  if (versions.length && storage !== 1)
    errs.push(fieldErr.invalid('spec.versions', versions, 'must have exactly one version marked as storage version'));
  const seen = new Set<string>();
  versions.forEach((version, i) => {
    const p = `spec.versions[${i}]`;
    if (!version.name) errs.push(fieldErr.required(`${p}.name`, ''));
    else {
      for (const e of isDNS1123Label(version.name)) errs.push(fieldErr.invalid(`${p}.name`, version.name, e));
      if (seen.has(version.name)) errs.push(fieldErr.invalid('spec.versions', versions, 'must contain unique version names'));
      seen.add(version.name);
    }
    const schema = version.schema?.openAPIV3Schema;
    if (!schema) {
      errs.push(fieldErr.required(`${p}.schema.openAPIV3Schema`, 'schemas are required'));
      return;
    }
    const scope = v.rootRuleScope();
    const schemaErrs = structuralErrors(v, schema, `${p}.schema.openAPIV3Schema`, true, 1, scope);
    errs.push(...schemaErrs, ...v.totalCostErrors(`${p}.schema.openAPIV3Schema`, scope.total));
    if (schemaErrs.length === 0) errs.push(...compileErrors(v, schema, `${p}.schema.openAPIV3Schema`));
  });
  return errs;
}

/**
 * How deep schemas may nest. kube sets no bound, but the custom resource validator compiles a schema recursively
 * (ajv, CEL) and overflows its stack a few hundred levels down; real schemas stay within a few dozen.
 */
export const MAX_SCHEMA_DEPTH = 128;

function depthErrors(s: Schema, path: string, depth: number): FieldError[] {
  if (depth > MAX_SCHEMA_DEPTH) return [fieldErr.forbidden(path, `must not nest more than ${MAX_SCHEMA_DEPTH} schemas deep`)];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(s.properties ?? {})) errs.push(...depthErrors(v, `${path}.properties[${k}]`, depth + 1));
  if (s.items) errs.push(...depthErrors(s.items, `${path}.items`, depth + 1));
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    errs.push(...depthErrors(s.additionalProperties, `${path}.additionalProperties`, depth + 1));
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const)
    (s[j] ?? []).forEach((x, i) => errs.push(...depthErrors(x, `${path}.${j}[${i}]`, depth + 1)));
  if (s.not) errs.push(...depthErrors(s.not, `${path}.not`, depth + 1));
  return errs;
}

/**
 * The schema must compile into the validator that will check the custom resources, or every write of them would
 * fail; what the rules above do not catch (unsatisfiable keyword values, say) is refused here instead.
 */
function compileErrors(v: CrdValidator, schema: Schema, path: string): FieldError[] {
  try {
    v.compileCustomResourceSchema(schema, { kind: '', group: '' });
    return [];
  } catch (err) {
    return [fieldErr.invalid(path, 'object', `must compile into a validator, but does not: ${(err as Error).message}`)];
  }
}

/** Structural schema rules (k8s-api §9.2), and CEL rules that compile and are not estimated to cost too much. */
function structuralErrors(v: CrdValidator, s: Schema, path: string, root: boolean, depth: number, scope: RuleScope): FieldError[] {
  const errs: FieldError[] = [];
  if (depth > MAX_SCHEMA_DEPTH) return [fieldErr.forbidden(path, `must not nest more than ${MAX_SCHEMA_DEPTH} schemas deep`)];
  if (s.pattern !== undefined) {
    const why = typeof s.pattern === 'string' ? v.patternError(s.pattern) : 'not a string';
    if (why) errs.push(fieldErr.invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${why}`));
  }
  if (s.$ref) errs.push(fieldErr.forbidden(`${path}.$ref`, '$ref is not supported'));
  const special = s['x-kubernetes-int-or-string'] || s['x-kubernetes-preserve-unknown-fields'];
  if (!s.type && !special) errs.push(fieldErr.required(`${path}.type`, 'must not be empty for specified object fields'));
  if (root && s.type && s.type !== 'object') errs.push(fieldErr.invalid(`${path}.type`, s.type, 'must be object at the root'));
  if (s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
    errs.push(fieldErr.forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    (s[j] ?? []).forEach((x, i) => {
      if (x.type) errs.push(fieldErr.forbidden(`${path}.${j}[${i}].type`, 'must be empty to be structural'));
      if (x.default !== undefined) errs.push(fieldErr.forbidden(`${path}.${j}[${i}].default`, 'must be undefined to be structural'));
    });
  }
  if (root && s.properties?.['metadata']) {
    const meta = s.properties['metadata'];
    const allowed = new Set(['name', 'generateName']);
    for (const k of Object.keys(meta.properties ?? {}))
      if (!allowed.has(k)) errs.push(fieldErr.forbidden(`${path}.properties[metadata].properties[${k}]`, 'must not be specified'));
  }
  errs.push(...v.validationRuleErrors(s, path, scope));
  const child = (c: Schema, p: string) => structuralErrors(v, c, p, false, depth + 1, v.childRuleScope(s, scope, c));
  for (const [k, v] of Object.entries(s.properties ?? {})) errs.push(...child(v, `${path}.properties[${k}]`));
  if (s.items) errs.push(...child(s.items, `${path}.items`));
  if (s.additionalProperties && typeof s.additionalProperties === 'object')
    errs.push(...child(s.additionalProperties, `${path}.additionalProperties`));
  // Value validations (allOf, anyOf, oneOf, not) follow other rules, but count for the depth all the same.
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const)
    (s[j] ?? []).forEach((x, i) => errs.push(...depthErrors(x, `${path}.${j}[${i}]`, depth + 1)));
  if (s.not) errs.push(...depthErrors(s.not, `${path}.not`, depth + 1));
  return errs;
}

/**
 * ValidateCustomResourceDefinitionSpecUpdate: group and plural make the stored resource's name, so they never
 * change; scope and kind neither, once the old definition is Established.
 */
export function validateCRDUpdate(crd: KObject, old: KObject): FieldError[] {
  const spec = (o: KObject) => (o['spec'] ?? {}) as { group?: string; scope?: string; names?: Names };
  const now = spec(crd);
  const before = spec(old);
  const errs: FieldError[] = [];
  const immutable = (field: string, a: string | undefined, b: string | undefined) => {
    if ((a ?? '') !== (b ?? '')) errs.push(fieldErr.invalid(field, a ?? '', 'field is immutable'));
  };
  const conditions = (old['status'] as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? [];
  if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) {
    immutable('spec.scope', now.scope, before.scope);
    immutable('spec.names.kind', now.names?.kind, before.names?.kind);
  }
  immutable('spec.group', now.group, before.group);
  immutable('spec.names.plural', now.names?.plural, before.names?.plural);
  return errs;
}
