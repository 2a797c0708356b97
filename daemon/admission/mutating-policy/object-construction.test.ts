import { describe, expect, it } from 'vitest';
import { ConstructionError, rewriteConstructions } from './object-construction.js';

const fields = (name: string) =>
  name === 'JSONPatch' ? new Set(['op', 'path', 'value']) : name.startsWith('Object') ? ('any' as const) : undefined;

describe('rewriteConstructions', () => {
  it('rewrites constructions, nested and in lists, leaving strings, comments and maps alone', () => {
    expect(rewriteConstructions('Object{spec: Object.spec{replicas: 3,}}', fields)).toBe(
      // the source's own spacing is kept
      'kcpx_new("Object").kcpx_field("spec",  kcpx_new("Object.spec").kcpx_field("replicas",  3).kcpx_done()).kcpx_done()',
    );
    expect(rewriteConstructions('[JSONPatch{op: "a{b}", value: {"k": [1]}}] // T{x: 1}', fields)).toBe(
      '[kcpx_new("JSONPatch").kcpx_field("op",  "a{b}") .kcpx_field("value",  {"k": [1]}).kcpx_done()] // T{x: 1}',
    );
    expect(rewriteConstructions('Object{}', fields)).toBe('kcpx_new("Object").kcpx_done()');
    expect(rewriteConstructions('{"a": 1}', fields)).toBe('{"a": 1}');
  });

  it('refuses unknown types and fields in cel-go’s words', () => {
    expect(() => rewriteConstructions('Foo{a: 1}', fields)).toThrow(
      new ConstructionError("undeclared reference to 'Foo' (in container '')"),
    );
    expect(() => rewriteConstructions('JSONPatch{nope: 1}', fields)).toThrow(new ConstructionError("undefined field 'nope'"));
  });
});
