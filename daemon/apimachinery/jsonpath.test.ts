import { describe, expect, it } from 'vitest';
import { findResults, firstResult } from './jsonpath.js';

const obj = {
  spec: {
    size: 'small',
    replicas: 3,
    'a.b': 'dotted',
    items: [
      { n: 1, type: 'x' },
      { n: 2, type: 'Ready' },
    ],
  },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
};

describe('kubectl JSONPath', () => {
  it('selects fields, quoted keys, indexes, wildcards and filters', () => {
    expect(firstResult('.spec.size', obj)).toBe('small');
    expect(firstResult('{.spec.replicas}', obj)).toBe(3);
    expect(firstResult(".spec['a.b']", obj)).toBe('dotted');
    expect(firstResult('.spec.items[-1].n', obj)).toBe(2);
    expect(findResults('.spec.items[*].n', obj)).toEqual([1, 2]);
    expect(firstResult('.status.conditions[?(@.type=="Ready")].status', obj)).toBe('True');
  });

  it('returns nothing for missing keys', () => {
    expect(firstResult('.spec.missing.deeper', obj)).toBeUndefined();
  });
});
