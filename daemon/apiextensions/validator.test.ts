// The custom resource validator's typing: integers must fit int64, as kube's validation of decoded JSON requires.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { compileCustomResourceSchema } from './validator.js';

const ops = compileCustomResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' }, x: { type: 'number' } } } } }, { kind: 'W', group: 'g' });
const errors = (spec: unknown) => ops.validate({ metadata: {}, spec } as KObject).map(fieldErrorString);

describe('custom resource integers', () => {
  it('refuses integral doubles beyond int64 (1e308 is an integer to JavaScript, not to kube)', () => {
    expect(errors({ n: 1e308 })).toEqual(['spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"']);
    expect(errors({ n: -(2 ** 63) - 4096 })).toEqual(['spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"']);
    expect(errors({ n: 1.5 })).toEqual(['spec.n: Invalid value: "number": spec.n in body must be of type integer: "number"']);
  });

  it('accepts int64 values and leaves numbers alone', () => {
    expect(errors({ n: 2 ** 62, x: 1e308 })).toEqual([]);
    expect(errors({ n: -(2 ** 63) })).toEqual([]);
  });
});

describe('custom resource patterns', () => {
  const patterned = compileCustomResourceSchema({ type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } } }, { kind: 'W', group: 'g' });
  const check = (s: string) => patterned.validate({ metadata: {}, spec: { s } } as KObject).map(fieldErrorString);

  it('match in linear time whatever the pattern (RE2, as kube): a backtracking engine takes minutes here', () => {
    const started = performance.now();
    expect(check(`${'a'.repeat(100_000)}b`)).toEqual([`spec.s: Invalid value: "${'a'.repeat(100_000)}b": spec.s in body should match '^(a+)+$'`]);
    expect(check('aaa')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

