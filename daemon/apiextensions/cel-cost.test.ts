// Cost estimation against kube's own expectations (TestCostEstimation in k8s.io/apiextensions-apiserver
// pkg/apiserver/schema/cel/compilation_test.go): each rule once on a schema without bounds (sizes from the request
// limit) and once with maxItems/maxProperties/maxLength set.
import { parse } from '@marcbachmann/cel-js';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../apimachinery/types.js';
import { estimateCost } from './cel-cost.js';
import { schemaDeclType, valueDeclType } from './cel-types.js';

const PER_CALL_LIMIT = 1_000_000;

type Gen = (max?: number) => Schema;

const typed = (t: string): Schema => {
  if (t === 'int-or-string') return { 'x-kubernetes-int-or-string': true };
  if (t === 'duration' || t === 'date' || t === 'date-time') return { type: 'string', format: t };
  return { type: t as Schema['type'] };
};
const withMax = (s: Schema, key: 'maxItems' | 'maxProperties' | 'maxLength', max?: number): Schema =>
  max === undefined ? s : { ...s, [key]: max };
const objectWithRequired = (): Schema => ({
  type: 'object',
  required: ['required'],
  properties: { required: { type: 'string' }, optional: { type: 'string' } },
});

const arrayOf =
  (t: string): Gen =>
  (max) =>
    withMax({ type: 'array', items: typed(t) }, 'maxItems', max);
const arrayOfArrays =
  (t: string): Gen =>
  (max) =>
    withMax({ type: 'array', items: { type: 'array', items: typed(t) } }, 'maxItems', max);
const arrayOfObjects: Gen = (max) => withMax({ type: 'array', items: objectWithRequired() }, 'maxItems', max);
const arrayOfMaps =
  (t: string): Gen =>
  (max) =>
    withMax({ type: 'array', items: { type: 'object', additionalProperties: typed(t) } }, 'maxItems', max);
const mapOf =
  (t: string): Gen =>
  (max) =>
    withMax({ type: 'object', additionalProperties: typed(t) }, 'maxProperties', max);
const mapOfSchema =
  (item: Schema): Gen =>
  (max) =>
    withMax({ type: 'object', additionalProperties: item }, 'maxProperties', max);
const string: Gen = (max) => withMax({ type: 'string' }, 'maxLength', max);
const bytes: Gen = (max) => withMax({ type: 'string', format: 'byte' }, 'maxLength', max);
const enumOf =
  (...values: string[]): Gen =>
  (max) =>
    withMax({ type: 'string', enum: values }, 'maxLength', max);
const nestedSpec: Gen = (max) =>
  withMax({ type: 'object', additionalProperties: withMax({ type: 'string' }, 'maxLength', max) }, 'maxProperties', max);
const allMaxNested: Gen = (max) =>
  withMax(
    {
      type: 'array',
      items: withMax({ type: 'object', additionalProperties: withMax(objectWithRequired(), 'maxProperties', max) }, 'maxProperties', max),
    },
    'maxItems',
    max,
  );
const oneMaxNested: Gen = (max) => ({
  type: 'array',
  items: withMax({ type: 'object', additionalProperties: objectWithRequired() }, 'maxProperties', max),
});
const stringList: Gen = (max) => withMax({ type: 'array', items: withMax({ type: 'string' }, 'maxLength', max) }, 'maxItems', max);
const splitObject: Gen = (max) => ({
  type: 'object',
  properties: { str: withMax({ type: 'string' }, 'maxLength', max), separator: withMax({ type: 'string' }, 'maxLength', max) },
});

const cost = (schema: Schema, rule: string) => estimateCost(parse(rule).ast, schemaDeclType(schema, false)!).max;

// [name, schema, rule, cost without bounds (or 'exceeds' the per-call limit), bound, cost with the bound]
const cases: Array<[string, Gen, string, number | 'exceeds', number, number]> = [
  ['number array with all', arrayOf('number'), 'self.all(x, true)', 4718591, 10, 32],
  ['string array with all', arrayOf('string'), 'self.all(x, true)', 3145727, 20, 62],
  ['boolean array with all', arrayOf('boolean'), 'self.all(x, true)', 1887437, 5, 17],
  ['array of number arrays with all', arrayOfArrays('number'), 'self.all(x, true)', 3145727, 100, 302],
  ['array of objects with all', arrayOfObjects, 'self.all(x, true)', 555128, 50, 152],
  ['map of numbers with all', mapOf('number'), 'self.all(x, true)', 1348169, 10, 32],
  ['map of strings with all', mapOf('string'), 'self.all(x, true)', 1179647, 3, 11],
  ['map of booleans with all', mapOf('boolean'), 'self.all(x, true)', 943718, 100, 302],
  ['string with contains', string, "self.contains('test')", 314574, 10, 5],
  ['string with startsWith', string, "self.startsWith('test')", 2, 15, 2],
  ['string with endsWith', string, "self.endsWith('test')", 2, 30, 2],
  ['concat string', string, 'size(self + "hello") > size("hello")', 314578, 4, 7],
  ['index of array with numbers', arrayOf('number'), 'self[1] == 0.0', 2, 5000, 2],
  ['index of array with strings', arrayOf('string'), 'self[1] == self[1]', 314577, 8, 314577],
  ['O(n^2) loop with numbers', arrayOf('number'), 'self.all(x, self.all(y, true))', 'exceeds', 10, 352],
  ['O(n^3) loop with numbers', arrayOf('number'), 'self.all(x, self.all(y, self.all(z, true)))', 'exceeds', 10, 3552],
  ['regex matches simple', string, 'self.matches("x")', 314574, 50, 22],
  ['regex matches empty string', string, '"".matches("(((((((((())))))))))[0-9]")', 7, 10, 7],
  ['regex matches empty regex', string, 'self.matches("")', 1, 100, 1],
  ['map of strings with value length', nestedSpec, 'self.all(x, x.contains(self[x]))', 2752507, 10, 72],
  ['set array maxLength to zero', arrayOf('number'), 'self[3] == 0.0', 2, 0, 2],
  ['set map maxLength to zero', mapOf('number'), 'self["x"] == 0.0', 2, 0, 2],
  ['set string maxLength to zero', string, 'self == "x"', 2, 0, 1],
  ['set bytes maxLength to zero', bytes, 'self == b"x"', 2, 0, 1],
  ['set maxLength greater than estimated maxLength', arrayOf('number'), 'self.all(x, x == 0.0)', 6291454, 3 * 1024 * 2048, 25165826],
  ['nested types with root rule with all supporting maxLength', allMaxNested, 'self.all(x, x["y"].required == "z")', 7340027, 10, 72],
  ['nested types with root rule with one supporting maxLength', oneMaxNested, 'self.all(x, x["y"].required == "z")', 7340027, 10, 7340027],
  ['int-or-string array with all', arrayOf('int-or-string'), 'self.all(x, true)', 4718591, 10, 32],
  ['index of array with int-or-strings', arrayOf('int-or-string'), 'self[0] == 5', 3, 10, 3],
  ['index of array with booleans', arrayOf('boolean'), 'self[0] == false', 2, 25, 2],
  ['index of array of objects', arrayOfObjects, 'self[0] == null', 2, 422, 2],
  ['index of array of array of numbers', arrayOfArrays('number'), 'self[0][0] == -1.0', 3, 51, 3],
  ['array of number maps with all', arrayOfMaps('number'), 'self.all(x, x.y == 25.2)', 6291452, 12, 74],
  ['index of array of number maps', arrayOfMaps('number'), 'self[0].x > 2.0', 4, 3000, 4],
  ['duration array with all', arrayOf('duration'), 'self.all(x, true)', 2359295, 5, 17],
  ['index of duration array', arrayOf('duration'), 'self[0].getHours() == 2', 4, 525, 4],
  ['date array with all', arrayOf('date'), 'self.all(x, true)', 725936, 15, 47],
  ['index of date array', arrayOf('date'), 'self[2].getDayOfMonth() == 13', 4, 42, 4],
  ['date-time array with all', arrayOf('date-time'), 'self.all(x, true)', 428963, 25, 77],
  ['index of date-time array', arrayOf('date-time'), 'self[2].getMinutes() == 45', 4, 99, 4],
  ['map of int-or-strings with all', mapOf('int-or-string'), 'self.all(x, true)', 1348169, 15, 47],
  ['map of objects with all', mapOfSchema(objectWithRequired()), 'self.all(x, true)', 428963, 20, 62],
  [
    'map of number maps with all',
    mapOfSchema({ type: 'object', additionalProperties: { type: 'number' } }),
    'self.all(x, true)',
    1179647,
    10,
    32,
  ],
  ['map of number arrays with all', mapOfSchema({ type: 'array', items: { type: 'number' } }), 'self.all(x, true)', 1179647, 25, 77],
  ['map of durations with all', mapOf('duration'), 'self.all(x, true)', 1048577, 5, 17],
  ['map of dates with all', mapOf('date'), 'self.all(x, true)', 524288, 10, 32],
  ['map of date-times with all', mapOf('date-time'), 'self.all(x, true)', 349526, 25, 77],
  ['extended library join', stringList, "self.join(' ') == 'aa bb'", 329853068905, 10, 43],
  ['extended library split', splitObject, 'self.str.split(self.separator) == []', 629160, 10, 22],
  ['extended library lowerAscii', string, "self.lowerAscii() == 'lower!'", 314575, 10, 6],
  ['check cost of size call', mapOf('integer'), 'oldSelf.size() == self.size()', 5, 10, 5],
  ['check cost of timestamp comparison', mapOf('date-time'), 'self["a"] == self["b"]', 8, 7, 8],
  ['check cost of duration comparison', mapOf('duration'), 'self["c"] == self["d"]', 8, 42, 8],
  ['enums with maxLength equals to the longest possible value', enumOf('A', 'B', 'C', 'LongValue'), "self.contains('A')", 2, 1000, 401],
];

describe('CEL cost estimation (kube TestCostEstimation)', () => {
  it.each(cases)('%s', (_name, gen, rule, unbounded, bound, bounded) => {
    if (unbounded === 'exceeds') expect(cost(gen(), rule)).toBeGreaterThan(PER_CALL_LIMIT);
    else expect(cost(gen(), rule)).toBe(unbounded);
    expect(cost(gen(bound), rule)).toBe(bounded);
  });
});

describe('CEL cost estimation beyond kube’s table', () => {
  const list = (max?: number): Schema => withMax({ type: 'array', items: { type: 'string', maxLength: 8 } }, 'maxItems', max);

  it('multiplies nested comprehensions by both ranges', () => {
    // each step: 3 for the accumulator, then x == y on strings of at most 4 × 8 bytes: ceil(32 × 0.1) + 2 for x and y
    const inner = 2 + 100 * (3 + 4 + 2);
    expect(cost(list(100), 'self.all(x, self.all(y, x == y))')).toBe(2 + 100 * (3 + inner));
  });

  it('sizes the results of map and filter by their range', () => {
    // the list map() makes has as many items as self: iterating it again costs as much as iterating self
    const mapped = 1 + 11 + 10 * (12 + 1);
    expect(cost(list(10), 'self.map(x, x).size() >= 0')).toBe(mapped + 2);
    expect(cost(list(10), 'self.map(x, x).all(y, true)')).toBe(mapped + 1 + 10 * 3);
    expect(cost(list(10), 'self.filter(x, true).exists(y, true)')).toBeGreaterThan(10 * 4);
  });

  it('costs matches by the string and the pattern, whichever form it is called in', () => {
    const s = string(1000);
    expect(cost(s, "self.matches('^(a+)+$')")).toBe(cost(s, "matches(self, '^(a+)+$')"));
    expect(cost(s, "self.matches('^(a+)+$')")).toBe(Math.ceil(4001 * 0.1) * Math.ceil(7 * 0.25) + 1);
  });

  it('takes sizes from the data at hand for a value type: small data, small cost', () => {
    const schema = schemaDeclType(arrayOf('string')(), false)!;
    const rule = parse('self.all(x, self.all(y, x == y))').ast;
    expect(estimateCost(rule, schema).max).toBeGreaterThan(PER_CALL_LIMIT);
    expect(estimateCost(rule, valueDeclType(schema, [['a', 'bb', 'c']])).max).toBe(2 + 3 * (3 + 2 + 3 * (3 + 1 + 2)));
    expect(estimateCost(rule, valueDeclType(schema, [Array.from({ length: 1000 }, () => 'x')])).max).toBeGreaterThan(PER_CALL_LIMIT);
  });
});
