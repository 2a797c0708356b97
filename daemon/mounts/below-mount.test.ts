import { describe, expect, it } from 'vitest';
import { mountAbove, nestedServer, type PrefixRoute } from './below-mount.js';

const routes: Record<string, PrefixRoute<string>> = {
  root: { type: 'cluster' },
  'root:a': { type: 'cluster' },
  'root:a:m': { type: 'mount', mount: 'm' },
  'root:b': { type: 'mount', mount: 'b' },
};
const route = (p: string) => routes[p];

describe('mountAbove', () => {
  it('finds the mount a path lies below, and the segments after it', () => {
    expect(mountAbove('root:b:inner', route)).toEqual({ mount: 'b', below: ['inner'] });
    expect(mountAbove('root:a:m:x:y', route)).toEqual({ mount: 'm', below: ['x', 'y'] });
  });

  it('stops at a logical cluster: below it, a missing workspace is missing', () => {
    expect(mountAbove('root:a:nope', route)).toBeUndefined();
    expect(mountAbove('root:a:nope:deeper', route)).toBeUndefined();
    expect(mountAbove('nowhere:x', route)).toBeUndefined();
  });
});

describe('nestedServer', () => {
  it('appends the nested segments to a workspace URL', () => {
    expect(nestedServer('https://t:6443/clusters/root', ['inner'])).toBe('https://t:6443/clusters/root:inner');
    expect(nestedServer('https://t/prefix/clusters/root:org/', ['x', 'y'])).toBe('https://t/prefix/clusters/root:org:x:y');
  });

  it('has nothing below a server that is no workspace (a Kubernetes cluster)', () => {
    expect(nestedServer('https://kube.example:6443', ['inner'])).toBeUndefined();
  });
});
