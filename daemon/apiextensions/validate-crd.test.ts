// CRD validation beyond typing: schemas that would break the custom resource validator are refused with the CRD,
// instead of failing every later write of its custom resources.
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import type { KObject, Schema } from '../apimachinery/types.js';
import { loadCrdValidator } from './load.js';
import { MAX_SCHEMA_DEPTH, validateCRD } from './validate-crd.js';

const crd = (openAPIV3Schema: Schema): KObject => ({
  metadata: { name: 'ws.example.dev' },
  spec: { group: 'example.dev', scope: 'Cluster', names: { plural: 'ws', kind: 'W' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }] },
});
const errors = (s: Schema) => validateCRD(crd(s)).map(fieldErrorString);

beforeAll(async () => {
  await loadCrdValidator();
});

describe('CRD schema validation', () => {
  it('accepts ordinary schemas, value validations included', () => {
    expect(errors({ type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer', maximum: 5 } }, anyOf: [{ required: ['n'] }] } } })).toEqual([]);
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
    expect(errors({ type: 'object', properties: { a: { type: 'object', allOf: [untyped] } } })).toEqual([expect.stringMatching(/allOf\[0\].*: Forbidden: must not nest more than 128 schemas deep$/)]);
  });
});
