// CRD validation beyond typing: schemas that would break the custom resource validator are refused with the CRD,
// instead of failing every later write of its custom resources.
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import type { KObject, Schema } from '../apimachinery/types.js';
import { loadCrdValidator, type CrdValidator } from './load.js';
import { conversionErrors, MAX_SCHEMA_DEPTH, validateCRD } from './validate-crd.js';

const crd = (openAPIV3Schema: Schema): KObject => ({
  metadata: { name: 'ws.example.dev' },
  spec: {
    group: 'example.dev',
    scope: 'Cluster',
    names: { plural: 'ws', kind: 'W' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
  },
});
let validator: CrdValidator;
const errors = (s: Schema) => validateCRD(crd(s), validator).map(fieldErrorString);

beforeAll(async () => {
  validator = await loadCrdValidator();
});

describe('CRD schema validation', () => {
  it('accepts ordinary schemas, value validations included', () => {
    expect(
      errors({
        type: 'object',
        properties: { spec: { type: 'object', properties: { n: { type: 'integer', maximum: 5 } }, anyOf: [{ required: ['n'] }] } },
      }),
    ).toEqual([]);
  });

  it('refuses patterns that RE2 (the regexp of Go, which kube compiles them with) does not accept, in its words', () => {
    expect(errors({ type: 'object', properties: { a: { type: 'string', pattern: '^(?=x)' } } })).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.properties[a].pattern: Invalid value: "^(?=x)": must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?=`',
    ]);
  });

  it('refuses a pattern that is no regular expression', () => {
    expect(errors({ type: 'object', properties: { a: { type: 'string', pattern: '(' } } })[0]).toMatch(
      /^spec.versions\[0\].schema.openAPIV3Schema.properties\[a\].pattern: Invalid value: "\(": must be a valid regular expression, but isn't: /,
    );
  });

  it('refuses schemas the validator cannot compile', () => {
    expect(errors({ type: 'object', properties: { a: { type: 'string', maxLength: -1 } } })[0]).toMatch(
      /^spec.versions\[0\].schema.openAPIV3Schema: Invalid value: "object": must compile into a validator, but does not: /,
    );
  });

  it(`refuses schemas nested more than ${MAX_SCHEMA_DEPTH} deep (the validator would overflow its stack)`, () => {
    const nest = (n: number) => {
      let s: Schema = { type: 'string' };
      for (let i = 0; i < n; i++) s = { type: 'object', properties: { x: s } };
      return s;
    };
    expect(errors(nest(MAX_SCHEMA_DEPTH - 1))).toEqual([]);
    expect(errors(nest(MAX_SCHEMA_DEPTH))[0]).toMatch(/: Forbidden: must not nest more than 128 schemas deep$/);
    const { type: _t, ...untyped } = nest(MAX_SCHEMA_DEPTH);
    expect(errors({ type: 'object', properties: { a: { type: 'object', allOf: [untyped] } } })).toEqual([
      expect.stringMatching(/allOf\[0\].*: Forbidden: must not nest more than 128 schemas deep$/),
    ]);
  });
});

describe('CRD rule cost estimation (kube refuses rules estimated to cost too much)', () => {
  const BUDGET_HINT =
    '(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
  const listWithRule = (rule: string, maxItems?: number): Schema => ({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          items: {
            type: 'array',
            ...(maxItems === undefined ? {} : { maxItems }),
            items: { type: 'string', maxLength: 16 },
            'x-kubernetes-validations': [{ rule }],
          },
        },
      },
    },
  });

  it('refuses a quadratic rule over an unbounded list, and accepts it once maxItems bounds the list', () => {
    const quadratic = 'self.all(x, self.all(y, x == y))';
    const rule = 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[items].x-kubernetes-validations[0].rule';
    // so far over that it also takes the schema's total over its limit
    expect(errors(listWithRule(quadratic))).toEqual([
      `${rule}: Forbidden: estimated rule cost exceeds budget by factor of more than 100x ${BUDGET_HINT}`,
      `${rule}: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `spec.versions[0].schema.openAPIV3Schema: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of more than 100x ${BUDGET_HINT}`,
    ]);
    expect(errors(listWithRule(quadratic, 100))).toEqual([]);
  });

  it('counts a rule as often as it can run: once per item of the lists above it', () => {
    const items = (maxItems: number): Schema => ({
      type: 'object',
      properties: {
        l: {
          type: 'array',
          maxItems,
          items: { type: 'string', maxLength: 5000, 'x-kubernetes-validations': [{ rule: "self.contains('keyword')" }] },
        },
      },
    });
    // 2001 per evaluation (ceil(20000 × 0.1) × ceil(7 × 0.1) + 1)
    expect(errors(items(4997))).toEqual([]);
    expect(errors(items(5000))).toEqual([
      `spec.versions[0].schema.openAPIV3Schema.properties[l].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 1.000500x ${BUDGET_HINT}`,
    ]);
  });

  it('refuses rules whose total for the schema exceeds the CRD limit, naming those that weigh most (kube’s test case)', () => {
    const keyword = { type: 'string' as const, maxLength: 5000, 'x-kubernetes-validations': [{ rule: "self.contains('keyword')" }] };
    const schema: Schema = {
      type: 'object',
      properties: {
        list: { type: 'array', maxItems: 100000, items: keyword },
        map: { type: 'object', maxProperties: 1000, additionalProperties: keyword },
        field: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self > 50 && self < 100' }] },
      },
    };
    const p = 'spec.versions[0].schema.openAPIV3Schema';
    expect(errors(schema)).toEqual([
      `${p}.properties[list].items.x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 20.0x ${BUDGET_HINT}`,
      `${p}.properties[list].items.x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${p}.properties[map].additionalProperties.x-kubernetes-validations[0].rule: Forbidden: contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema`,
      `${p}: Forbidden: x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema exceeds budget by factor of 2.0x ${BUDGET_HINT}`,
    ]);
  });

  it('accepts kube’s examples of rules within the limits', () => {
    const lower: Schema = {
      type: 'object',
      properties: {
        f: {
          type: 'array',
          maxItems: 5,
          items: { type: 'string', maxLength: 5 },
          'x-kubernetes-validations': [{ rule: 'self.all(x, self.exists_one(y, x.lowerAscii() == y.lowerAscii()))' }],
        },
      },
    };
    expect(errors(lower)).toEqual([]);
    // metadata.name and generateName are at most 253 characters: a rule on them is cheap
    expect(
      errors({
        type: 'object',
        'x-kubernetes-validations': [
          { rule: 'self.metadata.name.contains(self.metadata.name) && self.metadata.generateName.contains(self.metadata.generateName)' },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses a rule that does not compile, and a pattern literal RE2 refuses, per rule as kube', () => {
    expect(
      errors({
        type: 'object',
        'x-kubernetes-validations': [{ rule: 'self.a == 1' }, { rule: "self.s.matches('(?<=a)b')", message: 'm' }],
      }),
    ).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[1].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.s.matches(\'(?<=a)b\')", Message:"m", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: ' +
        "compilation failed: ERROR: <input>:1:16: invalid matches argument\n | self.s.matches('(?<=a)b')\n | ...............^",
    ]);
    expect(errors({ type: 'object', 'x-kubernetes-validations': [{ rule: '  ' }] })).toEqual([
      'spec.versions[0].schema.openAPIV3Schema.x-kubernetes-validations[0].rule: Required value: rule is not specified',
    ]);
  });
});

describe('CRD conversion validation (kube judges the internal type: its paths)', () => {
  const messages = (conversion: unknown) => conversionErrors(conversion as never).map(fieldErrorString);

  it('accepts None and a complete Webhook', () => {
    expect(messages({ strategy: 'None' })).toEqual([]);
    expect(
      messages({
        strategy: 'Webhook',
        webhook: { clientConfig: { url: 'https://127.0.0.1:9443/convert' }, conversionReviewVersions: ['v1'] },
      }),
    ).toEqual([]);
  });

  it('refuses a Webhook strategy without a client or review versions, and webhook settings without it', () => {
    expect(messages({ strategy: 'Webhook' })).toEqual([
      'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
      'spec.conversion.conversionReviewVersions: Required value',
    ]);
    expect(messages({ strategy: 'None', webhook: { clientConfig: { url: 'https://x' }, conversionReviewVersions: ['v1'] } })).toEqual([
      'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
      'spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to Webhook',
    ]);
    expect(messages({ strategy: 'Sometimes' })[0]).toBe(
      'spec.conversion.strategy: Unsupported value: "Sometimes": supported values: "None", "Webhook"',
    );
  });

  it('checks the URL and the review versions as kube does', () => {
    const webhook = (url: string, versions: string[]) =>
      messages({ strategy: 'Webhook', webhook: { clientConfig: { url }, conversionReviewVersions: versions } });
    expect(webhook('http://x/convert', ['v1'])).toEqual([
      `spec.conversion.webhookClientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme`,
    ]);
    expect(webhook('https://x', ['v1', 'v1'])).toEqual([
      'spec.conversion.conversionReviewVersions[1]: Invalid value: "v1": duplicate version',
    ]);
    expect(webhook('https://x', ['v2'])).toEqual([
      'spec.conversion.conversionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1',
    ]);
  });
});
