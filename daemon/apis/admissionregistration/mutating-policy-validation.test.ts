import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { defaultMutatingPolicy, mutatingPolicyErrors } from './mutating-policy-validation.js';

const policy = (spec: Record<string, unknown>): KObject => ({
  apiVersion: 'v1beta1',
  kind: 'MutatingAdmissionPolicy',
  metadata: { name: 'p' },
  spec,
});
const rules = { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }] };
const compile = (e: string) => (e.includes('(') ? 'compilation failed: nope' : undefined);
const errors = (spec: Record<string, unknown>) => mutatingPolicyErrors(policy(spec), compile).map(fieldErrorString);

describe('mutatingPolicyErrors', () => {
  it('accepts a policy with a mutation, once defaulted as kube defaults it', () => {
    const p = policy({ matchConstraints: { ...rules }, mutations: [{ patchType: 'JSONPatch', jsonPatch: { expression: '[]' } }] });
    defaultMutatingPolicy(p);
    expect(p['spec']).toMatchObject({
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      matchConstraints: { matchPolicy: 'Equivalent' },
    });
    expect(mutatingPolicyErrors(p, compile)).toEqual([]);
  });

  it('refuses in kube’s words', () => {
    expect(errors({ reinvocationPolicy: 'Never' })).toEqual([
      'spec.matchConstraints: Required value',
      'spec.mutations: Required value: mutations must contain at least one item',
    ]);
    expect(
      errors({
        matchConstraints: { resourceRules: [{ operations: ['CREATE', 'DELETE'] }] },
        failurePolicy: 'Maybe',
        reinvocationPolicy: 'Always',
        matchConditions: [
          { name: 'a', expression: 'true' },
          { name: 'a', expression: 'f(' },
        ],
        variables: [{ name: 'in', expression: '1' }],
        mutations: [
          { patchType: 'JSONPatch', applyConfiguration: { expression: 'Object{}' } },
          { patchType: 'ApplyConfiguration', applyConfiguration: { expression: '' } },
          { patchType: 'Merge' },
        ],
      }),
    ).toEqual([
      'spec.matchConstraints.resourceRules[0].operations[1]: Unsupported value: "DELETE": supported values: "*", "CONNECT", "CREATE", "UPDATE"',
      'spec.failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      'spec.reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"',
      'spec.matchConditions[1].name: Duplicate value: "a"',
      'spec.matchConditions[1].expression: Invalid value: "f(": compilation failed: nope',
      'spec.variables[0].name: Invalid value: "in": name is not a valid CEL identifier',
      'spec.mutations[0].applyConfiguration: Forbidden: must not be specified when patchType is JSONPatch',
      'spec.mutations[0].jsonPatch: Required value: must be specified when patchType is JSONPatch',
      'spec.mutations[1].applyConfiguration.expression: Required value',
      'spec.mutations[2].patchType: Unsupported value: "Merge": supported values: "ApplyConfiguration", "JSONPatch"',
    ]);
  });
});
