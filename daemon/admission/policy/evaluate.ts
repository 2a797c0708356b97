// A ValidatingAdmissionPolicy's CEL, compiled once per policy generation and evaluated per request and param: kube's
// validating admission policy evaluation (k8s.io/apiserver's admission/plugin/policy/validating), its variables
// (`object`, `oldObject`, `request`, `params`, `namespaceObject`, `variables`), matchConditions, validations with
// message, messageExpression and reason, and the policy's failurePolicy applied to evaluation errors.
import type { AuthorizerValue } from '../cel/authorizer.js';
import { compileExpression, toCEL, type CompiledExpression } from '../cel/expressions.js';

export interface PolicySpec {
  failurePolicy?: string;
  paramKind?: { apiVersion?: string; kind?: string };
  matchConstraints?: unknown;
  matchConditions?: Array<{ name: string; expression: string }>;
  validations?: Array<{ expression: string; message?: string; messageExpression?: string; reason?: string }>;
  variables?: Array<{ name: string; expression: string }>;
}

interface Validation {
  expr: CompiledExpression;
  message?: string;
  messageExpr?: CompiledExpression;
  reason?: string;
}

export interface CompiledPolicy {
  failOpen: boolean;
  matchConditions: Array<{ name: string; expr: CompiledExpression }>;
  variables: Array<{ name: string; expr: CompiledExpression }>;
  validations: Validation[];
}

export function compilePolicy(spec: PolicySpec): CompiledPolicy {
  return {
    failOpen: spec.failurePolicy === 'Ignore',
    matchConditions: (spec.matchConditions ?? []).map((c) => ({ name: c.name, expr: compileExpression(c.expression) })),
    variables: (spec.variables ?? []).map((v) => ({ name: v.name, expr: compileExpression(v.expression) })),
    validations: (spec.validations ?? []).map((v) => {
      const out: Validation = { expr: compileExpression(v.expression) };
      if (v.message) out.message = v.message;
      if (v.messageExpression) out.messageExpr = compileExpression(v.messageExpression);
      if (v.reason) out.reason = v.reason;
      return out;
    }),
  };
}

/** The expressions of a policy that do not compile, as status.typeChecking's expressionWarnings. */
export function typeCheckingWarnings(spec: PolicySpec): Array<{ fieldRef: string; warning: string }> {
  const out: Array<{ fieldRef: string; warning: string }> = [];
  const check = (fieldRef: string, expression: string | undefined) => {
    if (expression === undefined) return;
    const c = compileExpression(expression);
    if (c.error) out.push({ fieldRef, warning: c.error });
  };
  (spec.validations ?? []).forEach((v, i) => {
    check(`spec.validations[${i}].expression`, v.expression);
    check(`spec.validations[${i}].messageExpression`, v.messageExpression);
  });
  (spec.matchConditions ?? []).forEach((c, i) => check(`spec.matchConditions[${i}].expression`, c.expression));
  (spec.variables ?? []).forEach((v, i) => check(`spec.variables[${i}].expression`, v.expression));
  return out;
}

/** What the CEL variables are bound to, as JSON. */
export interface PolicyInput {
  object: unknown;
  oldObject: unknown;
  request: unknown;
  params: unknown;
  namespaceObject: unknown;
  /** kube's `authorizer`, for the requesting user in the request's workspace. */
  authorizer?: AuthorizerValue;
}

/** One failed validation (or evaluation error that fails closed). */
export interface Violation {
  message: string;
  reason: string;
}

/** The CEL variables of an input (`variables` is bound by bindVariables). */
export function celVariables(input: PolicyInput): Record<string, unknown> {
  return {
    object: toCEL(input.object),
    oldObject: toCEL(input.oldObject),
    request: toCEL(input.request),
    params: toCEL(input.params),
    namespaceObject: toCEL(input.namespaceObject),
    authorizer: input.authorizer ?? null,
  };
}

/**
 * kube's matchConditions: false when any is false; otherwise the first evaluation error, if any (judged by the
 * policy's failurePolicy); otherwise true.
 */
export function evaluateMatchConditions(conditions: CompiledPolicy['matchConditions'], vars: Record<string, unknown>): boolean | string {
  let conditionError: string | undefined;
  for (const c of conditions) {
    try {
      if (c.expr.evaluate(vars) !== true) return false;
    } catch (err) {
      conditionError ??= `failed to evaluate match condition "${c.name}": ${(err as Error).message}`;
    }
  }
  return conditionError ?? true;
}

/** Binds `variables`, in order (each may read those before it). */
export function bindVariables(variables: CompiledPolicy['variables'], vars: Record<string, unknown>): void {
  const values: Record<string, unknown> = {};
  vars['variables'] = values;
  for (const v of variables) {
    try {
      values[v.name] = v.expr.evaluate(vars);
    } catch {
      // an expression that reads it fails with "no such key", and its failure is judged there
    }
  }
}

/** The outcome for one (binding, param): undefined when a matchCondition excluded the request. */
export function evaluatePolicy(p: CompiledPolicy, input: PolicyInput): Violation[] | undefined {
  const vars = celVariables(input);
  const failure = (message: string): Violation[] => (p.failOpen ? [] : [{ message, reason: 'Invalid' }]);
  const matched = evaluateMatchConditions(p.matchConditions, vars);
  if (matched === false) return undefined;
  if (typeof matched === 'string') return failure(matched);
  bindVariables(p.variables, vars);
  const out: Violation[] = [];
  for (const v of p.validations) {
    let ok: unknown;
    try {
      ok = v.expr.evaluate(vars);
    } catch (err) {
      out.push(...failure(`expression '${v.expr.expression}' resulted in error: ${(err as Error).message}`));
      continue;
    }
    if (ok === true) continue;
    if (typeof ok !== 'boolean') {
      out.push(...failure(`expression '${v.expr.expression}' resulted in error: expected boolean, got ${typeof ok}`));
      continue;
    }
    out.push({ message: messageOf(v, vars), reason: v.reason ?? 'Invalid' });
  }
  return out;
}

/** messageExpression's string when it evaluates to one, else the message, else kube's `failed expression: <expr>`. */
function messageOf(v: Validation, vars: Record<string, unknown>): string {
  if (v.messageExpr) {
    try {
      const m = v.messageExpr.evaluate(vars);
      if (typeof m === 'string' && m.trim() !== '' && !m.includes('\n')) return m.trim();
    } catch {
      // kube falls back to the static message
    }
  }
  return v.message ?? `failed expression: ${v.expr.expression.trim()}`;
}
