// The custom resource validator's typing: integers must fit int64, as kube's validation of decoded JSON requires.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import { compileCustomResourceSchema } from './validator.js';

const ops = compileCustomResourceSchema(
  { type: 'object', properties: { spec: { type: 'object', properties: { n: { type: 'integer' }, x: { type: 'number' } } } } },
  { kind: 'W', group: 'g' },
);
const errors = (spec: unknown) => ops.validate({ metadata: {}, spec }).map(fieldErrorString);

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
  const patterned = compileCustomResourceSchema(
    { type: 'object', properties: { spec: { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } } } },
    { kind: 'W', group: 'g' },
  );
  const check = (s: string) => patterned.validate({ metadata: {}, spec: { s } }).map(fieldErrorString);

  it('match in linear time whatever the pattern (RE2, as kube): a backtracking engine takes minutes here', () => {
    const started = performance.now();
    expect(check(`${'a'.repeat(100_000)}b`)).toEqual([
      `spec.s: Invalid value: "${'a'.repeat(100_000)}b": spec.s in body should match '^(a+)+$'`,
    ]);
    expect(check('aaa')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('custom resource CEL cost', () => {
  const strings = (n: number) => Array.from({ length: n }, (_, i) => `item-${String(i).padStart(10, '0')}`);

  it('refuses an evaluation whose cost for the data exceeds the per-call limit, without running it', () => {
    const quadratic = compileCustomResourceSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                maxItems: 900,
                items: { type: 'string', maxLength: 16 },
                'x-kubernetes-validations': [{ rule: 'self.all(x, self.all(y, x == y))' }],
              },
            },
          },
        },
      },
      { kind: 'W', group: 'g' },
    );
    const check = (items: string[]) => quadratic.validate({ metadata: {}, spec: { items } }).map(fieldErrorString);
    const started = performance.now();
    expect(check(strings(900))).toEqual([
      `spec.items: Invalid value: "array": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.all(x, self.all(y, x == y))`,
    ]);
    expect(performance.now() - started).toBeLessThan(500);
    // 300 items cost 631,502: evaluated (and false, the items differ)
    expect(check(strings(300))).toEqual(['spec.items: Invalid value: "array": failed rule: self.all(x, self.all(y, x == y))']);
  });

  it('stops evaluating once the object’s budget is spent, with kube’s message where it ran out', () => {
    const perItem = compileCustomResourceSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { l: { type: 'array', items: { type: 'string' } } },
                  'x-kubernetes-validations': [{ rule: 'self.l.all(x, self.l.all(y, x == y || true))' }],
                },
              },
              last: { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == "never checked"' }] },
            },
          },
        },
      },
      { kind: 'W', group: 'g' },
    );
    // 488,243 per item for 40 strings of 3000 characters (x == y costs 302 a step): 20 items fit in 10,000,000
    const long = 'x'.repeat(3000);
    const items = Array.from({ length: 25 }, () => ({ l: Array.from({ length: 40 }, () => long) }));
    expect(perItem.validate({ metadata: {}, spec: { items, last: 'x' } }).map(fieldErrorString)).toEqual([
      'spec.items[20]: Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
    expect(perItem.validate({ metadata: {}, spec: { items: items.slice(0, 5), last: 'x' } }).map(fieldErrorString)).toEqual([
      'spec.last: Invalid value: "x": failed rule: self == "never checked"',
    ]);
  });

  it('charges a rule no data size changes its fixed cost: many cheap evaluations fit', () => {
    const cheap = compileCustomResourceSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { items: { type: 'array', items: { type: 'integer', 'x-kubernetes-validations': [{ rule: 'self < 10' }] } } },
          },
        },
      },
      { kind: 'W', group: 'g' },
    );
    expect(cheap.validate({ metadata: {}, spec: { items: Array.from({ length: 100_000 }, () => 1) } })).toEqual([]);
  });

  it('reports an evaluation error as kube does: the error, then the rule', () => {
    const dynamic = compileCustomResourceSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { s: { type: 'string' }, p: { type: 'string' } },
            'x-kubernetes-validations': [{ rule: 'self.s.matches(self.p)' }],
          },
        },
      },
      { kind: 'W', group: 'g' },
    );
    expect(dynamic.validate({ metadata: {}, spec: { s: 'a', p: '(' } }).map(fieldErrorString)).toEqual([
      'spec: Invalid value: "object": error parsing regexp: missing closing ): `(` evaluating rule: self.s.matches(self.p)',
    ]);
  });

  it('stops an evaluation the estimate misjudged at the deadline (cel-js’s duration() backtracks on digits)', () => {
    const durations = compileCustomResourceSchema(
      {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: { d: { type: 'string', 'x-kubernetes-validations': [{ rule: "duration(self) > duration('0s')" }] } },
          },
        },
      },
      { kind: 'W', group: 'g' },
    );
    const started = performance.now();
    expect(durations.validate({ metadata: {}, spec: { d: '1'.repeat(4000) } }).map(fieldErrorString)).toEqual([
      'spec.d: Invalid value: "string": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(durations.validate({ metadata: {}, spec: { d: '1h30m' } })).toEqual([]);
  });
});
