// Bounded decoding: nesting depth and number range for JSON, and for YAML nesting, aliases, and the values go-yaml
// leaves as text — each refused before the parser or the server's walkers could spend unbounded time or stack.
import * as Y from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkJSONLimits, findNonFinite, MAX_NESTING_DEPTH, nestingDepthExceeds, parseJSONBounded } from './json-limits.js';
import { goJSONSyntaxError } from './json-syntax.js';
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

describe("Go's JSON syntax errors", () => {
  it('names the character and what the scanner was looking for', () => {
    const cases: Array<[string, string | undefined]> = [
      ['{"a":1}', undefined],
      [' [1, 2.5e-3, "x\\u00e9", true, null] ', undefined],
      ['', 'unexpected end of JSON input'],
      ['{"a":', 'unexpected end of JSON input'],
      ['{', 'unexpected end of JSON input'],
      ['}', "invalid character '}' looking for beginning of value"],
      ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
      ['[1 2]', "invalid character '2' after array element"],
      ['{"a":1}{}', "invalid character '{' after top-level value"],
      ['01', "invalid character '1' after top-level value"],
      ['1.', "invalid character ' ' after decimal point in numeric literal"],
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['1e+', "invalid character ' ' in exponent of numeric literal"],
      ['-a', "invalid character 'a' in numeric literal"],
      ['tru', "invalid character ' ' in literal true (expecting 'e')"],
      ['nul!', "invalid character '!' in literal null (expecting 'l')"],
      ['"a\\x"', "invalid character 'x' in string escape code"],
      ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
      ['"a\nb"', "invalid character '\\n' in string literal"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
    ];
    for (const [text, want] of cases) expect(goJSONSyntaxError(Buffer.from(text)), text).toBe(want);
  });

  it('is what a body that does not parse is refused with', () => {
    expect(() => parseJSONBounded(Buffer.from('{"metadata": }'))).toThrow("invalid character '}' looking for beginning of value");
    expect(parseJSONBounded(Buffer.from('{"a":[1]}'))).toEqual({ a: [1] });
  });
});

describe('YAML limits', () => {
  it("refuses deep flow and block nesting from the tokens, quickly, with go-yaml's words", () => {
    const t = performance.now();
    expect(() => checkYAMLNesting(Y, '['.repeat(100_000))).toThrow(`yaml: exceeded max depth of ${MAX_YAML_DEPTH}`);
    expect(() => checkYAMLNesting(Y, Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))).toThrow(
      `yaml: line ${MAX_YAML_DEPTH + 1}: exceeded max depth of ${MAX_YAML_DEPTH}`,
    );
    expect(() => checkYAMLNesting(Y, `${'- '.repeat(5000)}x`)).toThrow(/exceeded max depth/);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('estimates ordinary documents at their real depth', () => {
    const doc = ['a:', '  b:', '  - c: 1', '    d: [1, {e: 2}]', '  - x', 'f:', '- 1', '- 2', '- 3', 'g: |', '  [[[[[[', 'h: "[[["'].join(
      '\n',
    );
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
    expect(parseYAMLBounded(Y, 'eventTime: 2024-01-01T00:00:00.000000Z\nday: 2001-12-14\nb: !!binary aGk=\n')).toEqual({
      eventTime: '2024-01-01T00:00:00.000000Z',
      day: '2001-12-14',
      b: 'aGk=',
    });
    expect(() => parseYAMLBounded(Y, 'a: .inf')).toThrow('json: unsupported value: +Inf');
    expect(() => parseYAMLBounded(Y, 'a: [-.inf]')).toThrow('json: unsupported value: -Inf');
  });
});
