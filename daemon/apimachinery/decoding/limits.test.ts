// Bounded decoding: nesting depth and number range for JSON, and for YAML nesting, aliases, and the values go-yaml
// leaves as text — each refused before the parser or the server's walkers could spend unbounded time or stack.
import * as Y from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkJSONLimits, findNonFinite, MAX_NESTING_DEPTH, nestingDepthExceeds } from './json-limits.js';
import { checkYAMLNesting, MAX_YAML_DEPTH, parseYAMLBounded } from './yaml-limits.js';

const nested = (open: string, close: string, n: number, leaf = '') => Buffer.from(open.repeat(n) + leaf + close.repeat(n));

describe('JSON limits', () => {
  it("allows MAX_NESTING_DEPTH levels and refuses one more with Go's words", () => {
    expect(() => checkJSONLimits(nested('[', ']', MAX_NESTING_DEPTH))).not.toThrow();
    expect(() => checkJSONLimits(nested('[', ']', MAX_NESTING_DEPTH + 1))).toThrow("invalid character '[' exceeded max depth");
    expect(() => checkJSONLimits(nested('{"a":', '}', MAX_NESTING_DEPTH + 1, '1'))).toThrow("invalid character '{' exceeded max depth");
  });

  it('does not count brackets inside strings', () => {
    expect(() => checkJSONLimits(Buffer.from(`{"a":"${'['.repeat(5000)}\\"${'{'.repeat(5000)}"}`))).not.toThrow();
  });

  it('refuses 100,000 levels in a bounded time', () => {
    const t = performance.now();
    expect(() => checkJSONLimits(nested('[', ']', 100_000))).toThrow(/exceeded max depth/);
    expect(performance.now() - t).toBeLessThan(100);
  });

  it('refuses number literals beyond float64, which JSON.parse would make Infinity', () => {
    expect(() => checkJSONLimits(Buffer.from('{"a":1e400}'))).toThrow('json: cannot unmarshal number 1e400 into Go value of type float64');
    expect(() => checkJSONLimits(Buffer.from(`[-${'9'.repeat(400)}]`))).toThrow(/cannot unmarshal number -9{400} into/);
    expect(() => checkJSONLimits(Buffer.from('[1e308, 5e-324, 1e-400, "1e400"]'))).not.toThrow();
  });

  it('measures decoded values without recursion', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(nestingDepthExceeds(deep, 1000)).toBe(true);
    expect(nestingDepthExceeds({ a: [{ b: 1 }] }, 3)).toBe(false);
    expect(nestingDepthExceeds({ a: [{ b: {} }] }, 3)).toBe(true);
    expect(findNonFinite({ a: [1, { b: -Infinity }] })).toBe(-Infinity);
  });
});

describe('YAML limits', () => {
  it("refuses deep flow and block nesting from the tokens, quickly, with go-yaml's words", () => {
    const t = performance.now();
    expect(() => checkYAMLNesting(Y, '['.repeat(100_000))).toThrow(`yaml: exceeded max depth of ${MAX_YAML_DEPTH}`);
    expect(() => checkYAMLNesting(Y, Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))).toThrow(`yaml: line ${MAX_YAML_DEPTH + 1}: exceeded max depth of ${MAX_YAML_DEPTH}`);
    expect(() => checkYAMLNesting(Y, `${'- '.repeat(5000)}x`)).toThrow(/exceeded max depth/);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('estimates ordinary documents at their real depth', () => {
    const doc = ['a:', '  b:', '  - c: 1', '    d: [1, {e: 2}]', '  - x', 'f:', '- 1', '- 2', '- 3', 'g: |', '  [[[[[[', 'h: "[[["'].join('\n');
    // {e: 2} sits in six collections: the root mapping, a, b's sequence, its item, d's list and itself.
    expect(() => checkYAMLNesting(Y, doc, 6)).not.toThrow();
    expect(() => checkYAMLNesting(Y, doc, 5)).toThrow('yaml: line 4: exceeded max depth of 5');
  });

  it("refuses alias bombs with go-yaml's words", () => {
    let bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const c of 'bcdefghi') {
      bomb += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = c;
    }
    expect(() => parseYAMLBounded(Y, bomb)).toThrow('yaml: document contains excessive aliasing');
    expect(parseYAMLBounded(Y, 'a: &x {b: 1}\nc: *x\n')).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  it('keeps timestamps and binary as text, as go-yaml does, and refuses what JSON cannot hold', () => {
    expect(parseYAMLBounded(Y, 'eventTime: 2024-01-01T00:00:00.000000Z\nday: 2001-12-14\nb: !!binary aGk=\n')).toEqual({ eventTime: '2024-01-01T00:00:00.000000Z', day: '2001-12-14', b: 'aGk=' });
    expect(() => parseYAMLBounded(Y, 'a: .inf')).toThrow('json: unsupported value: +Inf');
    expect(() => parseYAMLBounded(Y, 'a: [-.inf]')).toThrow('json: unsupported value: -Inf');
  });
});
