// CEL for admission (ValidatingAdmissionPolicy expressions, webhook matchConditions): the project's rules
// environment (RE2 `matches`, cel-go's compile errors), with kube's admission variables bound by name. Evaluation
// that can be superlinear in the request (comprehensions, cel.bind, duration()) or is long runs under the
// wall-clock deadline the CRD rules use, so a tenant's expression cannot hold the shared thread.
import type { Environment, ParseResult } from '@marcbachmann/cel-js';
import { evaluationShape } from '../../apiextensions/cel-cost.js';
import { TIMED_OUT, withDeadline } from '../../apiextensions/cel-deadline.js';
import { compileRule, rulesEnvironment } from '../../apiextensions/cel-env.js';
import { isObject } from '../../apimachinery/is-object.js';
import { registerAuthorizer } from './authorizer.js';

/** kube's per-expression evaluation bound (its cost limit), as a wall-clock deadline. */
const DEADLINE_MS = 2000;
const UNGUARDED_NODES = 200;

export interface CompiledExpression {
  expression: string;
  /** Why it does not compile, in cel-go's words; undefined when it does. */
  error?: string;
  evaluate(vars: Record<string, unknown>): unknown;
}

export class EvaluationError extends Error {}

/** A new environment as admission expressions compile in: the rules' one, with kube's admission library (`authorizer`). */
export function newAdmissionEnvironment(): Environment {
  const env = rulesEnvironment();
  registerAuthorizer(env);
  return env;
}

const admissionEnvironment = newAdmissionEnvironment();

/**
 * Compiles one expression (in `env`, an environment from newAdmissionEnvironment with more declared); compilation
 * errors are kept, not thrown (they surface in status and at evaluation).
 */
export function compileExpression(expression: string, env: Environment = admissionEnvironment): CompiledExpression {
  let parsed: ParseResult;
  try {
    parsed = compileRule(expression, env);
  } catch (err) {
    const error = `compilation failed: ${(err as Error).message}`;
    return {
      expression,
      error,
      evaluate: () => {
        throw new EvaluationError(error);
      },
    };
  }
  const shape = evaluationShape(parsed.ast);
  const guarded = shape.superlinear || shape.nodes > UNGUARDED_NODES;
  return {
    expression,
    evaluate(vars) {
      try {
        if (!guarded) return parsed(vars);
        const v = withDeadline(DEADLINE_MS, () => parsed(vars));
        if (v === TIMED_OUT) throw new EvaluationError('operation cancelled: actual cost limit exceeded');
        return v;
      } catch (err) {
        if (err instanceof EvaluationError) throw err;
        throw new EvaluationError((err as { summary?: string }).summary ?? (err as Error).message);
      }
    },
  };
}

/** JSON as CEL sees it: integers are BigInt (cel-js), other numbers doubles. */
export function toCEL(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(toCEL);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toCEL(x);
    return out;
  }
  return v;
}
