// x-kubernetes-validations at CRD create and update, as kube's CRD validation checks them: each rule compiles,
// and no rule — nor all of a version's rules together — is estimated to cost more than kube allows. A rule's cost
// counts as often as it can run in one object: once per item of every list (per value of every map) above it,
// up to maxItems/maxProperties, or as many times as its data fits in one request when they are unbounded.
// Any workspace admin writes CRDs: this is what keeps one tenant's rules from holding the shared server.
import { GoSyntax, fieldErr } from '../apimachinery/status.js';
import type { FieldError, Schema } from '../apimachinery/types.js';
import { goQuote } from '../apimachinery/gostrings.js';
import { estimateCost } from './cel-cost.js';
import { compileRule } from './cel-env.js';
import {
  costErrorMessage,
  multiplyWithOverflowGuard,
  STATIC_ESTIMATED_COST_LIMIT,
  STATIC_ESTIMATED_CRD_COST_LIMIT,
  TotalCost,
} from './cel-limits.js';
import { maxCardinality, schemaDeclType, UNTYPED } from './cel-types.js';

export { TotalCost };

type ValidationRule = NonNullable<Schema['x-kubernetes-validations']>[number];

/** Where a schema node sits, for its rules: at a resource's root or not, and how often its data can occur. */
export interface RuleScope {
  readonly resourceRoot: boolean;
  /** The product of maxItems/maxProperties above; undefined when a list or map above is unbounded. */
  readonly cardinality: number | undefined;
  readonly total: TotalCost;
}

export function rootRuleScope(): RuleScope {
  return { resourceRoot: true, cardinality: 1, total: new TotalCost() };
}

/** The scope of a child of `parent` (a property, the items, or the additionalProperties schema). */
export function childRuleScope(parent: Schema, scope: RuleScope, child: Schema): RuleScope {
  const resourceRoot = !!child['x-kubernetes-embedded-resource'];
  let factor: number | undefined = 1;
  if (parent.type === 'array') factor = parent.maxItems;
  else if (parent.type === 'object' && parent.additionalProperties !== undefined && parent.additionalProperties !== false)
    factor = parent.maxProperties;
  const cardinality =
    scope.cardinality === undefined || factor === undefined ? undefined : multiplyWithOverflowGuard(scope.cardinality, Math.max(0, factor));
  return { resourceRoot, cardinality, total: scope.total };
}

/** The errors of one schema node's rules: compilation, and estimated cost (which also adds to the schema's total). */
export function validationRuleErrors(s: Schema, path: string, scope: RuleScope): FieldError[] {
  const rules = s['x-kubernetes-validations'];
  if (!rules?.length) return [];
  const errs: FieldError[] = [];
  const decl = schemaDeclType(s, scope.resourceRoot) ?? UNTYPED;
  rules.forEach((r, i) => {
    const rulePath = `${path}.x-kubernetes-validations[${i}].rule`;
    if (typeof r.rule !== 'string' || !r.rule.trim()) {
      errs.push(fieldErr.required(rulePath, 'rule is not specified'));
      return;
    }
    let ast;
    try {
      ast = compileRule(r.rule).ast;
    } catch (err) {
      errs.push(fieldErr.invalid(rulePath, goValidationRule(r), `compilation failed: ${(err as Error).message}`));
      return;
    }
    const cost = multiplyWithOverflowGuard(estimateCost(ast, decl).max, scope.cardinality ?? maxCardinality(decl));
    if (cost > STATIC_ESTIMATED_COST_LIMIT)
      errs.push(fieldErr.forbidden(rulePath, costErrorMessage('estimated rule cost', cost, STATIC_ESTIMATED_COST_LIMIT)));
    scope.total.observe(rulePath, cost);
  });
  return errs;
}

/** The errors of a version schema whose rules together are estimated to cost too much. */
export function totalCostErrors(schemaPath: string, total: TotalCost): FieldError[] {
  if (total.total <= STATIC_ESTIMATED_CRD_COST_LIMIT) return [];
  return [
    ...total.mostExpensive.map((r) =>
      fieldErr.forbidden(r.path, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema'),
    ),
    fieldErr.forbidden(
      schemaPath,
      costErrorMessage(
        'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema',
        total.total,
        STATIC_ESTIMATED_CRD_COST_LIMIT,
      ),
    ),
  ];
}

/** The rule as kube's field error prints it: apiextensions.ValidationRule with %#v. */
function goValidationRule(r: ValidationRule): GoSyntax {
  const ptr = (type: string, v: string | boolean | undefined) => (v === undefined ? `(${type})(nil)` : `(${type})(${goQuote(String(v))})`);
  return new GoSyntax(
    `apiextensions.ValidationRule{Rule:${goQuote(r.rule)}, Message:${goQuote(r.message ?? '')}, MessageExpression:${goQuote(r.messageExpression ?? '')}, ` +
      `Reason:${ptr('*apiextensions.FieldValueErrorReason', r.reason)}, FieldPath:${goQuote(r.fieldPath ?? '')}, OptionalOldSelf:${ptr('*bool', r.optionalOldSelf)}}`,
  );
}
