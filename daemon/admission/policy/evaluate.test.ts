import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluatePolicy, typeCheckingWarnings, type PolicyInput } from './evaluate.js';

const input = (object: unknown, params: unknown = null): PolicyInput => ({
  object,
  oldObject: null,
  request: { operation: 'CREATE' },
  params,
  namespaceObject: null,
});
const cm = (labels?: Record<string, string>) => ({ metadata: { name: 'c', ...(labels ? { labels } : {}) }, data: { a: '1', b: '2' } });

describe('evaluatePolicy', () => {
  it('passes, or fails with the message, messageExpression or kube’s default, and the reason', () => {
    const p = compilePolicy({
      validations: [
        { expression: "has(object.metadata.labels) && 'owner' in object.metadata.labels", message: 'need an owner' },
        { expression: 'size(object.data) < 2', messageExpression: "'too many keys: ' + string(size(object.data))", reason: 'Forbidden' },
        { expression: 'object.metadata.name == "x"' },
      ],
    });
    expect(evaluatePolicy(p, input(cm({ owner: 'me' })))).toEqual([
      { message: 'too many keys: 2', reason: 'Forbidden' },
      { message: 'failed expression: object.metadata.name == "x"', reason: 'Invalid' },
    ]);
    expect(evaluatePolicy(p, input(cm()))?.[0]).toEqual({ message: 'need an owner', reason: 'Invalid' });
  });

  it('skips the request when a matchCondition is false', () => {
    const p = compilePolicy({
      matchConditions: [{ name: 'only-x', expression: 'object.metadata.name == "x"' }],
      validations: [{ expression: 'false' }],
    });
    expect(evaluatePolicy(p, input(cm()))).toBeUndefined();
  });

  it('binds params and variables', () => {
    const p = compilePolicy({
      variables: [{ name: 'keys', expression: 'size(object.data)' }],
      validations: [{ expression: 'variables.keys <= int(params.data.max)', messageExpression: "'at most ' + params.data.max" }],
    });
    expect(evaluatePolicy(p, input(cm(), { data: { max: '2' } }))).toEqual([]);
    expect(evaluatePolicy(p, input(cm(), { data: { max: '1' } }))).toEqual([{ message: 'at most 1', reason: 'Invalid' }]);
  });

  it('fails closed on evaluation errors unless failurePolicy is Ignore', () => {
    const spec = { validations: [{ expression: 'object.missing.field == 1' }, { expression: 'not CEL (' }] };
    const closed = evaluatePolicy(compilePolicy(spec), input(cm()))!;
    expect(closed.map((v) => v.message)).toEqual([
      expect.stringMatching(/^expression 'object.missing.field == 1' resulted in error: /),
      expect.stringMatching(/^expression 'not CEL \(' resulted in error: compilation failed: /),
    ]);
    expect(evaluatePolicy(compilePolicy({ ...spec, failurePolicy: 'Ignore' }), input(cm()))).toEqual([]);
  });
});

describe('typeCheckingWarnings', () => {
  it('lists the expressions that do not compile by field', () => {
    const w = typeCheckingWarnings({
      validations: [{ expression: 'true' }, { expression: 'true', messageExpression: '(' }],
      matchConditions: [{ name: 'm', expression: "'a'.matches('[')" }],
    });
    expect(w.map((x) => x.fieldRef)).toEqual(['spec.validations[1].messageExpression', 'spec.matchConditions[0].expression']);
    expect(w[1]!.warning).toContain('compilation failed: ERROR: <input>:1:13: invalid matches argument');
  });
});
