// A rule's runtime cost: memoized by the sizes it depends on, it equals a fresh estimate for the same data.
import { describe, expect, it } from 'vitest';
import { estimateCost } from './cel-cost.js';
import { compileRule } from './cel-env.js';
import { RuleCost } from './cel-rule-cost.js';
import { schemaDeclType, valueDeclType } from './cel-types.js';

describe('RuleCost', () => {
  it('knows a rule no size changes costs the same for any data', () => {
    const decl = schemaDeclType({ type: 'object', properties: { replicas: { type: 'integer' }, name: { type: 'string' } } }, false)!;
    expect(new RuleCost(compileRule('self.replicas <= 10').ast, decl).fixed).toBe(3);
    expect(new RuleCost(compileRule('self.name.size() < 10').ast, decl).fixed).toBe(4);
    expect(new RuleCost(compileRule("self.name.contains('x')").ast, decl).fixed).toBeUndefined();
  });

  it('answers what a fresh estimate for the data answers, whatever it saw before', () => {
    const decl = schemaDeclType(
      {
        type: 'object',
        properties: { l: { type: 'array', items: { type: 'object', properties: { s: { type: 'string' } } } }, t: { type: 'string' } },
      },
      false,
    )!;
    const ast = compileRule('self.l.all(x, self.l.exists(y, x.s.contains(y.s)) || self.t.startsWith(x.s))').ast;
    const cost = new RuleCost(ast, decl);
    const shapes = [
      { l: [{ s: 'a' }], t: 'abc' },
      { l: [{ s: 'a' }, { s: 'bbbbbbbb' }], t: '' },
      { l: Array.from({ length: 50 }, (_, i) => ({ s: 'x'.repeat(i) })), t: 'y'.repeat(100) },
      { l: [{ s: 'b' }], t: 'xyz' },
      { l: [] },
    ];
    for (const data of [...shapes, ...shapes.reverse()]) expect(cost.of([data])).toBe(estimateCost(ast, valueDeclType(decl, [data])).max);
  });
});
