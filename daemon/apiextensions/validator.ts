// The custom resource schema engine: structural pruning, defaulting, OpenAPI validation through ajv (errors
// rewritten into kube's field errors) and CEL x-kubernetes-validations, each schema compiled once.
import { parse as parseCEL } from '@marcbachmann/cel-js';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { RE2JS } from 're2js';
import { fieldErr } from '../apimachinery/status.js';
import type { FieldError, KObject, Schema } from '../apimachinery/types.js';
import type { SchemaOps } from '../registry/types.js';
import { isObject } from '../apimachinery/is-object.js';
import { checkTyped } from '../typed/check.js';
import { objectMetaType } from '../typed/compile.js';
import { goSharpValue } from '../apimachinery/gostrings.js';
import { firstDecodeIssue, jsonDecodeMessage } from '../typed/messages.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Schema patterns are RE2, as kube's (Go's regexp): linear time whatever a tenant writes, and the syntax kube accepts.
 * JavaScript's backtracking engine would let one CRD's `pattern: (a+)+$` hold the whole server for seconds per write.
 */
function re2RegExp(pattern: string): { test(s: string): boolean } {
  const re = RE2JS.compile(pattern);
  return { test: (s: string) => re.test(s) };
}

/** Why a schema pattern is not a valid RE2 expression (Go's regexp message), or undefined when it is. */
export function patternError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, code: { regExp: re2RegExp as never } });
addFormats(ajv);
for (const f of ['int32', 'int64', 'byte', 'binary', 'password', 'float', 'double', 'quantity']) ajv.addFormat(f, true);

/**
 * An integer must fit int64. JavaScript reads 1e308 as an integral double, so `type: integer` alone lets it through;
 * kube reads it as a float64 beyond the integers a double holds and refuses it as not an integer.
 */
const INT64_LIMIT = 2 ** 63;
ajv.addKeyword({ keyword: 'x-kcpx-int64', type: 'number', schemaType: 'boolean', validate: (_: boolean, data: number) => data < INT64_LIMIT && data >= -INT64_LIMIT, errors: false });

const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** OpenAPI + Kubernetes extensions → plain JSON Schema for ajv. */
function toJSONSchema(s: Schema, root: boolean): Record<string, unknown> {
  if (s['x-kubernetes-int-or-string']) return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'default' || k === 'example' || k === 'externalDocs') continue;
    if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toJSONSchema(ps, false)]));
    else if (k === 'items' || k === 'not') out[k] = toJSONSchema(v as Schema, false);
    else if (k === 'additionalProperties') out[k] = typeof v === 'object' ? toJSONSchema(v as Schema, false) : v;
    else if (k === 'allOf' || k === 'anyOf' || k === 'oneOf') out[k] = (v as Schema[]).map((x) => toJSONSchema(x, false));
    else if (k === 'nullable') continue;
    else out[k] = v;
  }
  if (s.nullable && out['type']) out['type'] = [out['type'], 'null'];
  if (s.type === 'integer') out['x-kcpx-int64'] = true;
  if (s['x-kubernetes-embedded-resource'] || root) {
    // apiVersion/kind/metadata are checked elsewhere; do not let `required`/`additionalProperties: false` trip on them.
    const props = (out['properties'] as Record<string, unknown>) ?? {};
    delete props['metadata'];
    if (Object.keys(props).length) out['properties'] = props;
  }
  return out;
}

function fieldPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function valueAtPath(obj: unknown, instancePath: string): unknown {
  let cur = obj;
  for (const p of instancePath.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function convertError(e: ErrorObject, obj: unknown): FieldError | undefined {
  const path = fieldPath(e.instancePath);
  const value = valueAtPath(obj, e.instancePath);
  const where = `${path || '<root>'} in body`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return fieldErr.notSupported(path, value, p['allowedValues'] as unknown[]);
    case 'required': {
      const missing = String(p['missingProperty']);
      return fieldErr.required(path ? `${path}.${missing}` : missing, '');
    }
    case 'type':
      return { type: 'FieldValueTypeInvalid', field: path, value: typeName(value), detail: `${where} must be of type ${String(p['type']).replace(',null', '')}: "${typeName(value)}"` };
    case 'x-kcpx-int64':
      return { type: 'FieldValueTypeInvalid', field: path, value: 'number', detail: `${where} must be of type integer: "number"` };
    case 'minimum':
    case 'exclusiveMinimum':
      return fieldErr.invalid(path, value, `${where} should be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${String(p['limit'])}`);
    case 'maximum':
    case 'exclusiveMaximum':
      return fieldErr.invalid(path, value, `${where} should be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${String(p['limit'])}`);
    case 'minLength':
      return fieldErr.invalid(path, value, `${where} should be at least ${String(p['limit'])} chars long`);
    case 'maxLength':
      return { type: 'FieldValueTooLong', field: path, detail: `may not be more than ${String(p['limit'])} bytes` };
    case 'pattern':
      return fieldErr.invalid(path, value, `${where} should match '${String(p['pattern'])}'`);
    case 'format':
      return fieldErr.invalid(path, value, `${where} must be of type ${String(p['format'])}: ${JSON.stringify(value)}`);
    case 'minItems':
      return fieldErr.invalid(path, value, `${where} should have at least ${String(p['limit'])} items`);
    case 'maxItems':
      return { type: 'FieldValueTooMany', field: path, detail: `must have at most ${String(p['limit'])} items` };
    case 'minProperties':
      return fieldErr.invalid(path, value, `${where} should have at least ${String(p['limit'])} properties`);
    case 'maxProperties':
      return { type: 'FieldValueTooMany', field: path, detail: `must have at most ${String(p['limit'])} properties` };
    case 'multipleOf':
      return fieldErr.invalid(path, value, `${where} should be a multiple of ${String(p['multipleOf'])}`);
    case 'anyOf':
    case 'oneOf':
    case 'not':
    case 'allOf':
      return undefined;
    case 'additionalProperties':
      return undefined;
    default:
      return fieldErr.invalid(path, value, `${where} ${e.message ?? 'is invalid'}`);
  }
}

const BLOCKING = new Set(['FieldValueRequired', 'FieldValueNotSupported', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid']);

interface CompiledRule {
  rule: string;
  message?: string;
  reason?: string;
  fieldPath?: string;
  transition: boolean;
  fn: (ctx: Record<string, unknown>) => unknown;
}

/** CEL integers are BigInt; JSON numbers that are integers become BigInt, others stay doubles. */
function toCEL(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCEL);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCEL(x)]));
  return v;
}

export function compileRules(s: Schema): CompiledRule[] {
  return (s['x-kubernetes-validations'] ?? []).map((r) => {
    const parsed = parseCEL(r.rule);
    const c: CompiledRule = { rule: r.rule, transition: /\boldSelf\b/.test(r.rule) && !r.optionalOldSelf, fn: (ctx) => parsed(ctx) };
    if (r.message) c.message = r.message;
    if (r.reason) c.reason = r.reason;
    if (r.fieldPath) c.fieldPath = r.fieldPath;
    return c;
  });
}

function schemaTypeLabel(v: unknown): string {
  if (isObject(v)) return 'object';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

class CompiledCustomResourceSchema implements SchemaOps {
  private readonly validateFn: ValidateFunction;
  private readonly rules = new WeakMap<Schema, CompiledRule[]>();

  constructor(private readonly schema: Schema) {
    this.validateFn = ajv.compile(toJSONSchema(schema, true));
    this.walkSchemas(schema, (s) => {
      if (s['x-kubernetes-validations']?.length) this.rules.set(s, compileRules(s));
    });
  }

  private walkSchemas(s: Schema, fn: (s: Schema) => void): void {
    fn(s);
    for (const p of Object.values(s.properties ?? {})) this.walkSchemas(p, fn);
    if (s.items) this.walkSchemas(s.items, fn);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') this.walkSchemas(s.additionalProperties, fn);
  }

  coerce(obj: KObject): string | undefined {
    return coerceNode(obj, this.schema, '', true);
  }

  prune(obj: KObject): string[] {
    const dropped: string[] = [];
    const walk = (v: unknown, s: Schema | undefined, path: string, root: boolean) => {
      if (!s || s['x-kubernetes-preserve-unknown-fields']) {
        if (s && isObject(v)) for (const [k, child] of Object.entries(v)) if (s.properties?.[k]) walk(child, s.properties[k], `${path}.${k}`, false);
        return;
      }
      if (isObject(v)) {
        const embedded = root || s['x-kubernetes-embedded-resource'];
        for (const k of Object.keys(v)) {
          const p = path ? `${path}.${k}` : k;
          if (embedded && (k === 'apiVersion' || k === 'kind')) continue;
          if (embedded && k === 'metadata') {
            if (root && isObject(v[k])) for (const mk of Object.keys(v[k] as object)) if (!OBJECT_META_FIELDS.has(mk)) {
              delete (v[k] as Record<string, unknown>)[mk];
              dropped.push(`metadata.${mk}`);
            }
            continue;
          }
          const child = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : s.additionalProperties === true ? {} : undefined);
          if (child) walk(v[k], child, p, false);
          else {
            delete v[k];
            dropped.push(p);
          }
        }
      } else if (Array.isArray(v) && s.items) v.forEach((el, i) => walk(el, s.items, `${path}[${i}]`, false));
    };
    walk(obj, this.schema, '', true);
    return dropped;
  }

  applyDefaults(obj: KObject): void {
    const walk = (v: unknown, s: Schema | undefined) => {
      if (!s) return;
      if (isObject(v)) {
        for (const [k, ps] of Object.entries(s.properties ?? {})) {
          if ((v[k] === undefined || (v[k] === null && !ps.nullable)) && ps.default !== undefined) v[k] = structuredClone(ps.default);
          if (v[k] !== undefined) walk(v[k], ps);
        }
        if (typeof s.additionalProperties === 'object') for (const [k, child] of Object.entries(v)) if (!s.properties?.[k]) walk(child, s.additionalProperties);
      } else if (Array.isArray(v) && s.items) for (const el of v) walk(el, s.items);
    };
    walk(obj, this.schema);
  }

  validate(obj: KObject, old?: KObject): FieldError[] {
    const errs: FieldError[] = [];
    const candidate = { ...obj } as Record<string, unknown>;
    if (!this.validateFn(candidate)) {
      for (const e of this.validateFn.errors ?? []) {
        const fe = convertError(e, candidate);
        if (fe && !errs.some((x) => x.field === fe.field && x.type === fe.type && x.detail === fe.detail)) errs.push(fe);
      }
    }
    errs.push(...this.listErrors(obj, this.schema, ''));
    if (errs.some((e) => BLOCKING.has(e.type))) {
      if (this.hasRules()) errs.push(fieldErr.invalid('', 'null', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation'));
      return errs;
    }
    errs.push(...this.celErrors(obj, old, this.schema, ''));
    return errs;
  }

  private hasRules(): boolean {
    let any = false;
    this.walkSchemas(this.schema, (s) => {
      if (s['x-kubernetes-validations']?.length) any = true;
    });
    return any;
  }

  /** list-type set/map uniqueness, which JSON Schema cannot express by key. */
  private listErrors(v: unknown, s: Schema | undefined, path: string): FieldError[] {
    if (!s) return [];
    const out: FieldError[] = [];
    if (Array.isArray(v)) {
      const lt = s['x-kubernetes-list-type'];
      const keys = s['x-kubernetes-list-map-keys'];
      const seen = new Set<string>();
      v.forEach((el, i) => {
        const id = lt === 'set' ? JSON.stringify(el) : lt === 'map' && keys && isObject(el) ? JSON.stringify(keys.map((k) => el[k])) : undefined;
        if (id !== undefined) {
          if (seen.has(id)) out.push(fieldErr.duplicate(`${path}[${i}]`, lt === 'set' ? el : Object.fromEntries((keys ?? []).map((k) => [k, (el as Record<string, unknown>)[k]]))));
          seen.add(id);
        }
        out.push(...this.listErrors(el, s.items, `${path}[${i}]`));
      });
    } else if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        const cs = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        out.push(...this.listErrors(child, cs, path ? `${path}.${k}` : k));
      }
    }
    return out;
  }

  private celErrors(v: unknown, old: unknown, s: Schema | undefined, path: string): FieldError[] {
    if (!s || v === undefined) return [];
    const out: FieldError[] = [];
    for (const r of this.rules.get(s) ?? []) {
      if (r.transition && old === undefined) continue;
      let ok: unknown;
      try {
        const ctx: Record<string, unknown> = { self: toCEL(v) };
        if (old !== undefined) ctx['oldSelf'] = toCEL(old);
        ok = r.fn(ctx);
      } catch (err) {
        out.push(fieldErr.invalid(path || '<root>', schemaTypeLabel(v), `${r.rule}: ${(err as Error).message}`));
        continue;
      }
      if (ok !== true) {
        const field = r.fieldPath ? `${path}${r.fieldPath}` : path;
        const message = r.message ?? `failed rule: ${r.rule}`;
        if (r.reason === 'FieldValueForbidden') out.push(fieldErr.forbidden(field, message));
        else if (r.reason === 'FieldValueRequired') out.push(fieldErr.required(field, message));
        else if (r.reason === 'FieldValueDuplicate') out.push({ type: 'FieldValueDuplicate', field, value: schemaTypeLabel(v), detail: message });
        else out.push(fieldErr.invalid(field, schemaTypeLabel(v), message));
      }
    }
    if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        const cs = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        out.push(...this.celErrors(child, isObject(old) ? old[k] : undefined, cs, path ? `${path}.${k}` : k));
      }
    } else if (Array.isArray(v) && s.items) {
      v.forEach((el, i) => out.push(...this.celErrors(el, undefined, s.items, `${path}[${i}]`)));
    }
    return out;
  }
}

/** The property schema for `key` of an object node: declared, or the additionalProperties schema. */
function fieldSchema(s: Schema, key: string): Schema | undefined {
  return s.properties?.[key] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
}

/**
 * kube's PruneNonNullableNullsWithoutDefaults and the embedded-resource half of its ObjectMeta coercion, in one walk:
 * a null the schema neither allows nor defaults is dropped; an embedded resource's apiVersion and kind must be
 * strings and its metadata must decode as ObjectMeta. The root's TypeMeta and ObjectMeta are typed by the registry.
 */
function coerceNode(v: unknown, s: Schema | undefined, path: string, root: boolean): string | undefined {
  if (!s) return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const err = coerceNode(v[i], s.items, `${path}[${i}]`, false);
      if (err) return err;
    }
    return undefined;
  }
  if (!isObject(v)) return undefined;
  const embedded = s['x-kubernetes-embedded-resource'] && !root;
  for (const k of Object.keys(v)) {
    const child = v[k];
    const p = path ? `${path}.${k}` : k;
    if (embedded && (k === 'apiVersion' || k === 'kind')) {
      if (typeof child !== 'string') return `${p}: Invalid value: ${goSharpValue(child)}: must be a string`;
      continue;
    }
    if (embedded && k === 'metadata' && child !== null) {
      const issue = firstDecodeIssue(checkTyped(child, objectMetaType(), { normalize: true, stopAtImmediate: true, max: 1 }));
      if (issue) return `${p}: Invalid value: ${goSharpValue(child)}: ${jsonDecodeMessage(issue)}`;
      continue;
    }
    const cs = fieldSchema(s, k);
    if (child === null) {
      if (cs && !cs.nullable && cs.default === undefined) delete v[k];
      continue;
    }
    const err = coerceNode(child, cs, p, false);
    if (err) return err;
  }
  return undefined;
}

export function compileCustomResourceSchema(schema: Schema, _opts: { kind: string; group: string }): SchemaOps {
  return new CompiledCustomResourceSchema(schema);
}
