import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import { bindingErrors } from './binding-validation.js';

const binding = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'X', metadata: { name: 'b' }, spec });

describe('bindingErrors', () => {
  it('accepts a binding with a policy and actions', () => {
    expect(bindingErrors(binding({ policyName: 'p', validationActions: ['Deny', 'Audit'] }))).toEqual([]);
  });

  it('refuses in kube’s words', () => {
    expect(bindingErrors(binding({})).map(fieldErrorString)).toEqual([
      'spec.policyName: Required value',
      'spec.validationActions: Required value: at least one validation action is required',
    ]);
    expect(bindingErrors(binding({ policyName: 'p', validationActions: ['Deny', 'Warn', 'Warn', 'Nope'] })).map(fieldErrorString)).toEqual([
      'spec.validationActions[2]: Duplicate value: "Warn"',
      'spec.validationActions[3]: Unsupported value: "Nope": supported values: "Audit", "Deny", "Warn"',
      'spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn", "Warn", "Nope"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
    expect(bindingErrors(binding({ policyName: 'p', validationActions: ['Deny'], paramRef: {} })).map(fieldErrorString)).toEqual([
      'spec.paramRef: Required value: one of name or selector must be specified',
      'spec.paramRef.parameterNotFoundAction: Required value',
    ]);
  });
});
