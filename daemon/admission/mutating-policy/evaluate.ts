// A MutatingAdmissionPolicy's CEL, compiled once per policy generation and evaluated per request and param (kube's
// admission/plugin/policy/mutating): matchConditions, variables, then each mutation in order on the object the one
// before it left — a JSONPatch list applied with the project's JSON patch (a failed `test` leaves the object as it
// was), or an apply configuration merged as structured-merge-diff merges.
import { applyJsonPatch, JsonPatchError } from '../../apimachinery/jsonpatch.js';
import { isObject } from '../../apimachinery/is-object.js';
import type { KObject, Schema } from '../../apimachinery/types.js';
import type { CompiledExpression } from '../cel/expressions.js';
import { bindVariables, celVariables, evaluateMatchConditions, type PolicyInput } from '../policy/evaluate.js';
import { toCEL } from '../cel/expressions.js';
import { applyConfiguration } from './apply-configuration.js';
import { compileMutatingExpression, JSONPatchValue, objectTypeOf } from './cel.js';

export interface MutatingPolicySpec {
  failurePolicy?: string;
  paramKind?: { apiVersion?: string; kind?: string };
  matchConstraints?: unknown;
  matchConditions?: Array<{ name: string; expression: string }>;
  variables?: Array<{ name: string; expression: string }>;
  mutations?: Array<{ patchType?: string; jsonPatch?: { expression?: string }; applyConfiguration?: { expression?: string } }>;
  reinvocationPolicy?: string;
}

interface Mutation {
  patchType: 'JSONPatch' | 'ApplyConfiguration';
  expr: CompiledExpression;
}

export interface CompiledMutatingPolicy {
  failOpen: boolean;
  ifNeeded: boolean;
  matchConditions: Array<{ name: string; expr: CompiledExpression }>;
  variables: Array<{ name: string; expr: CompiledExpression }>;
  mutations: Mutation[];
}

export function compileMutatingPolicy(spec: MutatingPolicySpec): CompiledMutatingPolicy {
  return {
    failOpen: spec.failurePolicy === 'Ignore',
    ifNeeded: spec.reinvocationPolicy === 'IfNeeded',
    matchConditions: (spec.matchConditions ?? []).map((c) => ({ name: c.name, expr: compileMutatingExpression(c.expression) })),
    variables: (spec.variables ?? []).map((v) => ({ name: v.name, expr: compileMutatingExpression(v.expression) })),
    mutations: (spec.mutations ?? []).map((m) =>
      m.patchType === 'ApplyConfiguration'
        ? { patchType: 'ApplyConfiguration', expr: compileMutatingExpression(m.applyConfiguration?.expression ?? '') }
        : { patchType: 'JSONPatch', expr: compileMutatingExpression(m.jsonPatch?.expression ?? '') },
    ),
  };
}

/** A CEL value as JSON: ints as numbers, maps as objects, bytes as base64 (as kube marshals them). */
export function fromCEL(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(fromCEL);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), fromCEL(x)]));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromCEL(x)]));
  return v;
}

/** Why a mutation failed, in kube's words; judged by the policy's failurePolicy. */
export class MutationError extends Error {}

/** The JSON patch a JSONPatch expression's value says. */
function jsonPatchOf(v: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(v)) throw new MutationError('type mismatch: JSONPatchType.expression should evaluate to array');
  return v.map((p) => {
    if (!(p instanceof JSONPatchValue)) {
      throw new MutationError('type mismatch: JSONPatchType.expression should evaluate to array of JSONPatch');
    }
    const op: Record<string, unknown> = { op: p.op, path: p.path };
    if (p.from) op['from'] = p.from;
    if (p.value !== undefined) op['value'] = fromCEL(p.value);
    return op;
  });
}

function applyOne(m: Mutation, value: unknown, object: KObject, schema: Schema | undefined): KObject {
  if (m.patchType === 'JSONPatch') {
    const ops = jsonPatchOf(value);
    try {
      return applyJsonPatch(structuredClone(object), ops) as unknown as KObject;
    } catch (err) {
      // a failed test leaves the object as it was (kube's ErrTestFailed)
      if (err instanceof JsonPatchError && err.message === 'testing value failed') return object;
      throw new MutationError(`JSONPath: ${(err as Error).message}`);
    }
  }
  if (objectTypeOf(value) !== 'Object' || !isObject(value)) {
    throw new MutationError(`unsupported return type from ApplyConfiguration expression: ${objectTypeOf(value) ?? typeof value}`);
  }
  try {
    return applyConfiguration(object, fromCEL(value) as Record<string, unknown>, schema);
  } catch (err) {
    throw new MutationError((err as Error).message);
  }
}

/** Not matched, or the object the mutations left and why those that failed failed. */
export type Outcome = { matched: false } | { matched: true; object: KObject; errors: string[] };

/**
 * One invocation (binding, param): matchConditions on the object as it comes, then the mutations in turn. `decode`
 * holds each result to what the kind accepts (kube decodes it into its type and defaults it). A mutation that fails
 * leaves the object as it was and the next ones still run, as in kube (the policy's failurePolicy judges the errors).
 */
export function mutate(
  p: CompiledMutatingPolicy,
  input: PolicyInput & { object: KObject },
  schema: Schema | undefined,
  decode: (o: KObject) => KObject,
): Outcome {
  const vars = celVariables(input);
  const matched = evaluateMatchConditions(p.matchConditions, vars);
  if (matched === false) return { matched: false };
  if (typeof matched === 'string') return { matched: true, object: input.object, errors: [matched] };
  bindVariables(p.variables, vars);
  let object = input.object;
  const errors: string[] = [];
  for (const m of p.mutations) {
    if (m.expr.error) {
      errors.push(m.expr.error);
      continue;
    }
    vars['object'] = toCEL(object);
    let value: unknown;
    try {
      value = m.expr.evaluate(vars);
    } catch (err) {
      errors.push(`expression '${m.expr.expression}' resulted in error: ${(err as Error).message}`);
      continue;
    }
    try {
      object = decode(applyOne(m, value, object, schema));
    } catch (err) {
      if (!(err instanceof MutationError)) throw err;
      errors.push(err.message);
    }
  }
  return { matched: true, object, errors };
}
