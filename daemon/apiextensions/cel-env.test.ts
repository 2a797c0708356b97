// `matches` in x-kubernetes-validations rules is RE2, as on kube: linear time, Go's syntax and messages.
import { describe, expect, it } from 'vitest';
import { compileRule } from './cel-env.js';

const run = (rule: string, self: unknown) => compileRule(rule)({ self });

describe('CEL matches', () => {
  it('matches anywhere in the string (a partial match), in both call forms', () => {
    expect(run("self.matches('b+')", 'abbc')).toBe(true);
    expect(run("self.matches('^b')", 'abbc')).toBe(false);
    expect(run("matches(self, 'c$')", 'abbc')).toBe(true);
    expect(run('self.s.matches(self.p)', { s: 'x-1', p: '^x-[0-9]$' })).toBe(true);
  });

  it('answers a catastrophic pattern on a 100 KB string in milliseconds (a backtracking engine takes forever)', () => {
    const rule = compileRule("self.matches('^(a+)+$')");
    const long = `${'a'.repeat(100_000)}b`;
    const started = performance.now();
    expect(rule({ self: long })).toBe(false);
    expect(rule({ self: long.slice(0, -1) })).toBe(true);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a pattern literal RE2 does not accept at compilation, in cel-go words', () => {
    expect(() => compileRule("self.matches('(?=x)')")).toThrow(
      "ERROR: <input>:1:14: invalid matches argument\n | self.matches('(?=x)')\n | .............^",
    );
    expect(() => compileRule("self.a == 1 &&\n  self.b.matches('(')")).toThrow(
      "ERROR: <input>:2:18: invalid matches argument\n |   self.b.matches('(')\n | .................^",
    );
  });

  it('fails an evaluation whose pattern RE2 does not accept, with Go’s message', () => {
    expect(() => run('self.s.matches(self.p)', { s: 'x', p: '(' })).toThrow(/^error parsing regexp: missing closing \): `\(`/);
  });

  it('refuses what is no string', () => {
    expect(() => run("self.matches('x')", 1n)).toThrow(/found no matching overload for 'int.matches\(string\)'/);
    expect(() => compileRule("1.matches('x')")({})).toThrow(/found no matching overload for 'int.matches\(string\)'/);
  });
});
