import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { initializerLabel, terminatorLabel, withLifecycleLabels } from './lifecycle-labels.js';

describe("kcp's lifecycle labels of a LogicalCluster", () => {
  it('are the sha224 of the id: the key cut to 63 characters after the prefix, the value whole', () => {
    const hash = createHash('sha224').update('root:org:mytype').digest('hex');
    const [key, value] = initializerLabel('root:org:mytype');
    expect(value).toBe(hash);
    expect(key).toBe(`initializer.internal.kcp.io/${hash.slice(0, 63 - 'initializer.internal.kcp.io/'.length)}`);
    expect(key.split('/')[1]!.length).toBeLessThanOrEqual(63);
    expect(terminatorLabel('root:org:mytype')[0]).toMatch(/^terminator\.internal\.kcp\.io\/[0-9a-f]{36}$/);
  });

  it('follow status: one per id, the removed ones and forged ones dropped, other labels kept', () => {
    const [a, av] = initializerLabel('root:a');
    const [b, bv] = initializerLabel('root:b');
    const [t, tv] = terminatorLabel('root:t');
    expect(withLifecycleLabels({ keep: 'x' }, { initializers: ['root:a', 'root:b'], terminators: ['root:t'] })).toEqual({
      keep: 'x',
      [a]: av,
      [b]: bv,
      [t]: tv,
    });
    const forged = `${a.slice(0, -1)}0`;
    expect(withLifecycleLabels({ keep: 'x', [a]: av, [b]: bv, [forged]: 'y' }, { initializers: ['root:b'] })).toEqual({
      keep: 'x',
      [b]: bv,
    });
    expect(withLifecycleLabels({ [b]: 'forged' }, { initializers: ['root:b'] })).toEqual({ [b]: bv });
  });

  it('show the phase of status, as kcp keeps tenancy.kcp.io/phase', () => {
    expect(withLifecycleLabels({ 'tenancy.kcp.io/phase': 'Initializing', keep: 'x' }, { phase: 'Ready' })).toEqual({
      'tenancy.kcp.io/phase': 'Ready',
      keep: 'x',
    });
    const labels = { 'tenancy.kcp.io/phase': 'Initializing' };
    expect(withLifecycleLabels(labels, {})).toBe(labels);
  });

  it('leave the labels object alone when nothing changes', () => {
    const labels = { keep: 'x', [initializerLabel('root:a')[0]]: initializerLabel('root:a')[1] };
    expect(withLifecycleLabels(labels, { initializers: ['root:a'] })).toBe(labels);
    expect(withLifecycleLabels(undefined, {})).toBeUndefined();
  });
});
