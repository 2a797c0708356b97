// The custom resource schema engine: structural pruning, defaulting, OpenAPI validation through ajv (errors
// rewritten into kube's field errors) and CEL x-kubernetes-validations, each schema compiled once.
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
import { evaluationShape } from './cel-cost.js';
import { withDeadline, TIMED_OUT } from './cel-deadline.js';
import { compileRule } from './cel-env.js';
import { callCostExceeded, OUT_OF_BUDGET, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET } from './cel-limits.js';
import { RuleCost } from './cel-rule-cost.js';
import { schemaDeclType, UNTYPED } from './cel-types.js';

export { childRuleScope, rootRuleScope, totalCostErrors, validationRuleErrors } from './cel-crd-validation.js';

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
ajv.addKeyword({
  keyword: 'x-kcpx-int64',
  type: 'number',
  schemaType: 'boolean',
  validate: (_: boolean, data: number) => data < INT64_LIMIT && data >= -INT64_LIMIT,
  errors: false,
});

const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** OpenAPI + Kubernetes extensions → plain JSON Schema for ajv. */
function toJSONSchema(s: Schema, root: boolean): Record<string, unknown> {
  if (s['x-kubernetes-int-or-string']) return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-') || k === 'description' || k === 'default' || k === 'example' || k === 'externalDocs') continue;
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toJSONSchema(ps, false)]));
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
      return {
        type: 'FieldValueTypeInvalid',
        field: path,
        value: typeName(value),
        detail: `${where} must be of type ${String(p['type']).replace(',null', '')}: "${typeName(value)}"`,
      };
    case 'x-kcpx-int64':
      return { type: 'FieldValueTypeInvalid', field: path, value: 'number', detail: `${where} must be of type integer: "number"` };
    case 'minimum':
    case 'exclusiveMinimum':
      return fieldErr.invalid(
        path,
        value,
        `${where} should be greater than ${e.keyword === 'minimum' ? 'or equal to ' : ''}${String(p['limit'])}`,
      );
    case 'maximum':
    case 'exclusiveMaximum':
      return fieldErr.invalid(
        path,
        value,
        `${where} should be less than ${e.keyword === 'maximum' ? 'or equal to ' : ''}${String(p['limit'])}`,
      );
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

const BLOCKING = new Set([
  'FieldValueRequired',
  'FieldValueNotSupported',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

interface CompiledRule {
  rule: string;
  message?: string;
  reason?: string;
  fieldPath?: string;
  transition: boolean;
  fn: (ctx: Record<string, unknown>) => unknown;
  /** What an evaluation costs, for the data at hand. */
  cost: RuleCost;
  /** The rule's size, and whether its evaluation can be superlinear in the data. */
  shape: { nodes: number; superlinear: boolean };
}

/**
 * A wall-clock bound on one object's rule evaluations, behind the cost budget: kube's cost model is kept for what
 * it accepts and refuses, but it is not cel-js's — a string's size() counts its characters, an equality walks both
 * objects, duration() backtracks — so an evaluation the estimate let through can still take long. Then the write
 * fails instead of holding the server. kube's budget stands for about a second of cel-go; cel-js takes up to twice
 * that for what the budget admits (about a million comprehension steps a second here), hence two.
 */
const CEL_DEADLINE_MS = 2_000;

/**
 * How many nodes the rules of one schema may have in all before their evaluations run under the deadline: below,
 * with no superlinear construct, they take at most this many passes over the object.
 */
const UNGUARDED_RULE_NODES = 200;

/** What a custom resource's evaluations may still cost, and where the last one ran (for an error at the deadline). */
interface CostBudget {
  remaining: number;
  exhausted: boolean;
  path: string;
  type: string;
}

/** CEL integers are BigInt; JSON numbers that are integers become BigInt, others stay doubles. */
function toCEL(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCEL);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCEL(x)]));
  return v;
}

/** The rules of one schema node; `resourceRoot` for the root of a custom resource or an embedded resource. */
export function compileRules(s: Schema, resourceRoot: boolean): CompiledRule[] {
  const decl = schemaDeclType(s, resourceRoot) ?? UNTYPED;
  return (s['x-kubernetes-validations'] ?? []).map((r) => {
    const parsed = compileRule(r.rule);
    const c: CompiledRule = {
      rule: r.rule,
      transition: /\boldSelf\b/.test(r.rule) && !r.optionalOldSelf,
      fn: (ctx) => parsed(ctx),
      cost: new RuleCost(parsed.ast, decl),
      shape: evaluationShape(parsed.ast),
    };
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
  /**
   * Whether evaluations run under the wall-clock deadline (whose watchdog thread costs ~0.1 ms a write): when some
   * rule can be superlinear in the data, or the rules are long enough that even linear work adds up.
   */
  private guarded = false;

  constructor(private readonly schema: Schema) {
    this.validateFn = ajv.compile(toJSONSchema(schema, true));
    let nodes = 0;
    this.walkSchemas(schema, (s, resourceRoot) => {
      if (!s['x-kubernetes-validations']?.length) return;
      const rules = compileRules(s, resourceRoot);
      this.rules.set(s, rules);
      for (const r of rules) {
        nodes += r.shape.nodes;
        if (r.shape.superlinear) this.guarded = true;
      }
    });
    if (nodes > UNGUARDED_RULE_NODES) this.guarded = true;
  }

  private walkSchemas(s: Schema, fn: (s: Schema, resourceRoot: boolean) => void, resourceRoot = true): void {
    fn(s, resourceRoot);
    const child = (c: Schema) => this.walkSchemas(c, fn, !!c['x-kubernetes-embedded-resource']);
    for (const p of Object.values(s.properties ?? {})) child(p);
    if (s.items) child(s.items);
    if (s.additionalProperties && typeof s.additionalProperties === 'object') child(s.additionalProperties);
  }

  coerce(obj: KObject): string | undefined {
    return coerceNode(obj, this.schema, '', true);
  }

  prune(obj: KObject): string[] {
    const dropped: string[] = [];
    const walk = (v: unknown, s: Schema | undefined, path: string, root: boolean) => {
      if (!s || s['x-kubernetes-preserve-unknown-fields']) {
        if (s && isObject(v))
          for (const [k, child] of Object.entries(v)) if (s.properties?.[k]) walk(child, s.properties[k], `${path}.${k}`, false);
        return;
      }
      if (isObject(v)) {
        const embedded = root || s['x-kubernetes-embedded-resource'];
        for (const k of Object.keys(v)) {
          const p = path ? `${path}.${k}` : k;
          if (embedded && (k === 'apiVersion' || k === 'kind')) continue;
          if (embedded && k === 'metadata') {
            if (root && isObject(v[k]))
              for (const mk of Object.keys(v[k]))
                if (!OBJECT_META_FIELDS.has(mk)) {
                  delete v[k][mk];
                  dropped.push(`metadata.${mk}`);
                }
            continue;
          }
          const child =
            s.properties?.[k] ??
            (typeof s.additionalProperties === 'object' ? s.additionalProperties : s.additionalProperties === true ? {} : undefined);
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
        if (typeof s.additionalProperties === 'object')
          for (const [k, child] of Object.entries(v)) if (!s.properties?.[k]) walk(child, s.additionalProperties);
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
      if (this.hasRules())
        errs.push(
          fieldErr.invalid(
            '',
            'null',
            'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
          ),
        );
      return errs;
    }
    const budget: CostBudget = { remaining: RUNTIME_CEL_COST_BUDGET, exhausted: false, path: '', type: 'object' };
    const run = () => this.celErrors(obj, old, this.schema, '', budget, errs);
    if (!this.guarded) run();
    else if (withDeadline(CEL_DEADLINE_MS, run) === TIMED_OUT)
      errs.push(fieldErr.invalid(budget.path || '<root>', budget.type, OUT_OF_BUDGET));
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
        const id =
          lt === 'set' ? JSON.stringify(el) : lt === 'map' && keys && isObject(el) ? JSON.stringify(keys.map((k) => el[k])) : undefined;
        if (id !== undefined) {
          if (seen.has(id))
            out.push(
              fieldErr.duplicate(
                `${path}[${i}]`,
                lt === 'set' ? el : Object.fromEntries((keys ?? []).map((k) => [k, (el as Record<string, unknown>)[k]])),
              ),
            );
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

  /**
   * Evaluates the rules of v's schema node, then of its children, as kube's CEL validator does, within the object's
   * cost budget. cel-js counts no cost as it evaluates, so each evaluation is charged before it runs with its rule's
   * cost estimated for the data at hand — never less than what kube's interpreter would count — and one that would
   * exceed the per-call limit or what is left of the budget is not run at all: the write fails with kube's words,
   * and nothing further is evaluated.
   */
  private celErrors(v: unknown, old: unknown, s: Schema | undefined, path: string, budget: CostBudget, out: FieldError[]): void {
    if (!s || v === undefined || budget.exhausted) return;
    const rules = this.rules.get(s);
    if (rules?.length) {
      const where = path || '<root>';
      const type = s.type ?? '';
      if (budget.remaining <= 0) return this.exhaust(budget, out, fieldErr.invalid(where, type, OUT_OF_BUDGET));
      let ctx: Record<string, unknown> | undefined;
      for (const r of rules) {
        if (r.transition && old === undefined) continue;
        const cost = r.cost.of(old === undefined ? [v] : [v, old]);
        if (cost > PER_CALL_LIMIT) return this.exhaust(budget, out, fieldErr.invalid(where, type, callCostExceeded(ruleErrorString(r))));
        if (cost > budget.remaining) return this.exhaust(budget, out, fieldErr.invalid(where, type, OUT_OF_BUDGET));
        budget.remaining -= cost;
        budget.path = path;
        budget.type = type;
        let ok: unknown;
        try {
          if (!ctx) {
            ctx = { self: toCEL(v) };
            if (old !== undefined) ctx['oldSelf'] = toCEL(old);
          }
          ok = r.fn(ctx);
        } catch (err) {
          // cel-js's message without its source excerpt, as cel-go's error reads: `<error> evaluating rule: <rule>`
          const message = (err as { summary?: string }).summary ?? (err as Error).message;
          out.push(fieldErr.invalid(where, schemaTypeLabel(v), `${message} evaluating rule: ${ruleErrorString(r)}`));
          continue;
        }
        if (ok !== true) {
          const field = r.fieldPath ? `${path}${r.fieldPath}` : path;
          const message = r.message ?? `failed rule: ${r.rule}`;
          if (r.reason === 'FieldValueForbidden') out.push(fieldErr.forbidden(field, message));
          else if (r.reason === 'FieldValueRequired') out.push(fieldErr.required(field, message));
          else if (r.reason === 'FieldValueDuplicate')
            out.push({ type: 'FieldValueDuplicate', field, value: schemaTypeLabel(v), detail: message });
          else out.push(fieldErr.invalid(field, schemaTypeLabel(v), message));
        }
      }
    }
    if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        const cs = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
        this.celErrors(child, isObject(old) ? old[k] : undefined, cs, path ? `${path}.${k}` : k, budget, out);
      }
    } else if (Array.isArray(v) && s.items) {
      for (let i = 0; i < v.length; i++) this.celErrors(v[i], undefined, s.items, `${path}[${i}]`, budget, out);
    }
  }

  private exhaust(budget: CostBudget, out: FieldError[], err: FieldError): void {
    budget.exhausted = true;
    out.push(err);
  }
}

/** A rule in errors: its message, or the rule itself (kube's ruleErrorString). */
function ruleErrorString(r: CompiledRule): string {
  return r.message?.trim() || r.rule.trim();
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
