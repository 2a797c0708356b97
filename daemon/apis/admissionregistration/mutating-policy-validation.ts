// kube's validation and defaulting of a MutatingAdmissionPolicy (k8s.io/kubernetes pkg/apis/admissionregistration:
// validation, v1beta1 defaults): matchConstraints with resource rules (DELETE may not be matched), the failure and
// reinvocation policies, matchConditions and variables, and mutations whose patchType says which of jsonPatch or
// applyConfiguration carries the expression, each compiling in the mutating CEL environment.
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';

interface Named {
  name?: string;
  expression?: string;
}

interface Spec {
  matchConstraints?: { resourceRules?: Array<{ operations?: string[] } | null>; matchPolicy?: string } | null;
  failurePolicy?: string;
  reinvocationPolicy?: string;
  matchConditions?: Named[];
  variables?: Named[];
  mutations?: Array<{
    patchType?: string;
    jsonPatch?: { expression?: string } | null;
    applyConfiguration?: { expression?: string } | null;
  }>;
}

const OPERATIONS = ['*', 'CONNECT', 'CREATE', 'UPDATE'];
const CEL_IDENT = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const CEL_RESERVED = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(' '),
);

/** kube's v1beta1 defaults: failurePolicy Fail, reinvocationPolicy Never, matchPolicy Equivalent. */
export function defaultMutatingPolicy(obj: KObject): void {
  const spec = (obj['spec'] ??= {}) as Spec;
  spec.failurePolicy ??= 'Fail';
  spec.reinvocationPolicy ??= 'Never';
  if (spec.matchConstraints) spec.matchConstraints.matchPolicy ??= 'Equivalent';
}

/** `compile` answers why an expression does not compile (undefined when it does). */
export function mutatingPolicyErrors(obj: KObject, compile: (expression: string) => string | undefined): FieldError[] {
  const spec = (obj['spec'] ?? {}) as Spec;
  const out: FieldError[] = [];
  const expression = (path: string, e: string | undefined) => {
    if (!e?.trim()) return out.push(fieldErr.required(path));
    const why = compile(e);
    if (why) out.push(fieldErr.invalid(path, e, why));
  };
  const mc = spec.matchConstraints;
  if (!mc) out.push(fieldErr.required('spec.matchConstraints'));
  else if (!mc.resourceRules?.length) out.push(fieldErr.required('spec.matchConstraints.resourceRules'));
  else {
    mc.resourceRules.forEach((r, i) =>
      (r?.operations ?? []).forEach((op, j) => {
        if (!OPERATIONS.includes(op))
          out.push(fieldErr.notSupported(`spec.matchConstraints.resourceRules[${i}].operations[${j}]`, op, OPERATIONS));
      }),
    );
  }
  if (spec.failurePolicy !== undefined && !['Fail', 'Ignore'].includes(spec.failurePolicy)) {
    out.push(fieldErr.notSupported('spec.failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  }
  if (!spec.reinvocationPolicy) out.push(fieldErr.required('spec.reinvocationPolicy'));
  else if (!['IfNeeded', 'Never'].includes(spec.reinvocationPolicy)) {
    out.push(fieldErr.notSupported('spec.reinvocationPolicy', spec.reinvocationPolicy, ['IfNeeded', 'Never']));
  }
  const seen = new Set<string>();
  (spec.matchConditions ?? []).forEach((c, i) => {
    const path = `spec.matchConditions[${i}]`;
    if (!c.name) out.push(fieldErr.required(`${path}.name`));
    else if (seen.has(c.name)) out.push(fieldErr.duplicate(`${path}.name`, c.name));
    seen.add(c.name ?? '');
    expression(`${path}.expression`, c.expression);
  });
  (spec.variables ?? []).forEach((v, i) => {
    const path = `spec.variables[${i}]`;
    if (!v.name) out.push(fieldErr.required(`${path}.name`));
    else if (!CEL_IDENT.test(v.name) || CEL_RESERVED.has(v.name)) {
      out.push(fieldErr.invalid(`${path}.name`, v.name, 'name is not a valid CEL identifier'));
    }
    expression(`${path}.expression`, v.expression);
  });
  const mutations = spec.mutations ?? [];
  if (mutations.length === 0) out.push(fieldErr.required('spec.mutations', 'mutations must contain at least one item'));
  mutations.forEach((m, i) => {
    const path = `spec.mutations[${i}]`;
    if (!m.patchType) return out.push(fieldErr.required(`${path}.patchType`));
    if (m.patchType === 'JSONPatch') {
      if (m.applyConfiguration)
        out.push(fieldErr.forbidden(`${path}.applyConfiguration`, 'must not be specified when patchType is JSONPatch'));
      if (!m.jsonPatch) out.push(fieldErr.required(`${path}.jsonPatch`, 'must be specified when patchType is JSONPatch'));
      else expression(`${path}.jsonPatch.expression`, m.jsonPatch.expression);
    } else if (m.patchType === 'ApplyConfiguration') {
      if (m.jsonPatch) out.push(fieldErr.forbidden(`${path}.jsonPatch`, 'must not be specified when patchType is ApplyConfiguration'));
      if (!m.applyConfiguration) {
        out.push(fieldErr.required(`${path}.applyConfiguration`, 'must be specified when patchType is ApplyConfiguration'));
      } else expression(`${path}.applyConfiguration.expression`, m.applyConfiguration.expression);
    } else out.push(fieldErr.notSupported(`${path}.patchType`, m.patchType, ['ApplyConfiguration', 'JSONPatch']));
  });
  return out;
}
