import { describe, expect, it } from 'vitest';
import { ClusterDefaults } from './cluster-defaults.js';
import type { ResourceDef } from './types.js';

const def = (group: string, plural: string) => ({ group, plural }) as ResourceDef;

describe('defaults made at a cluster’s first use of a kind', () => {
  it('ensures once per cluster, for every kind sharing the set, and never for other kinds', () => {
    const calls: string[] = [];
    const d = new ClusterDefaults();
    d.register(['fc/flowschemas', 'fc/levels'], (cluster) => (calls.push(cluster), true));
    d.beforeUse('a', def('', 'configmaps'));
    expect(calls).toEqual([]);
    d.beforeUse('a', def('fc', 'flowschemas'));
    d.beforeUse('a', def('fc', 'levels'));
    d.beforeUse('b', def('fc', 'levels'));
    expect(calls).toEqual(['a', 'b']);
  });

  it('asks again while the cluster cannot have them, and after the cluster is forgotten', () => {
    let exists = false;
    const calls: string[] = [];
    const d = new ClusterDefaults();
    d.register(['fc/flowschemas'], (cluster) => (calls.push(cluster), exists));
    d.beforeUse('a', def('fc', 'flowschemas'));
    exists = true;
    d.beforeUse('a', def('fc', 'flowschemas'));
    d.beforeUse('a', def('fc', 'flowschemas'));
    expect(calls).toEqual(['a', 'a']);
    d.forget('a');
    d.beforeUse('a', def('fc', 'flowschemas'));
    expect(calls).toEqual(['a', 'a', 'a']);
  });
});
