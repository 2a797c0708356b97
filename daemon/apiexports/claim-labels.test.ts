import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { base62Sha224, ClaimLabeler, claimLabel, hasClaimLabels, withClaimLabels } from './claim-labels.js';

const binding = (claims: unknown[], exportCluster = 'root'): KObject => ({
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'b' },
  spec: { reference: { export: { path: 'root', name: 'tenancy.kcp.io' } }, permissionClaims: claims },
  status: { apiExportClusterName: exportCluster },
});

describe('permission claim labels', () => {
  it("are kcp's: the same keys and values as kcp's own test vectors", () => {
    expect(base62Sha224('root:tenancy.kcp.io')).toBe('bmCdly9xXiUpEHe3ypvDwvXMTfoVZUE92mqAQf');
    expect(claimLabel('root', 'tenancy.kcp.io', { group: '', resource: 'configmaps', verbs: ['get', 'list'] })).toEqual([
      'claimed.internal.apis.kcp.io/bmCdly9xXiUpEHe3ypvDwvXMTfoVZUE92mqAQf',
      '3QVjs6pfBjMpLEVYYhysJnroYGsQGlWm05E4qe',
    ]);
    expect(
      claimLabel('abcd1234', 'my-export', { group: 'apps', resource: 'deployments', verbs: ['get'], identityHash: 'deadbeef' }),
    ).toEqual(['claimed.internal.apis.kcp.io/phGj1BkmdNY3LKTrtFc1KGLYTBs8Nt50p8PIU', '4CpOMiJ5JL9ZC4cG8ne7nGNQbSOEUiwZ89KHal']);
    // Verbs do not count.
    expect(claimLabel('root', 'x', { resource: 'configmaps', verbs: ['*'] })).toEqual(claimLabel('root', 'x', { resource: 'configmaps' }));
  });

  it('are what the accepted claims of the workspace cover, selectors included', () => {
    const l = new ClaimLabeler();
    expect(l.claims('c')).toBe(false);
    l.onBinding(
      'c',
      'b',
      binding([
        { resource: 'configmaps', verbs: ['get'], selector: { matchLabels: { app: 'x' } }, state: 'Accepted' },
        { resource: 'secrets', verbs: ['get'], selector: { matchAll: true }, state: 'Rejected' },
        { group: 'events.k8s.io', resource: 'events', verbs: ['get'], selector: { matchAll: true }, state: 'Accepted' },
      ]),
    );
    expect(l.claims('c')).toBe(true);
    const [key, value] = claimLabel('root', 'tenancy.kcp.io', { resource: 'configmaps' });
    expect(l.labelsFor('c', '', 'configmaps', { app: 'x' })).toEqual({ [key]: value });
    expect(l.labelsFor('c', '', 'configmaps', { app: 'y' })).toEqual({});
    expect(l.labelsFor('c', '', 'secrets', {})).toEqual({});
    expect(l.labelsFor('other', '', 'configmaps', { app: 'x' })).toEqual({});
    // Events of both groups are one claimable resource.
    expect(Object.keys(l.labelsFor('c', '', 'events', undefined))).toHaveLength(1);
    l.onBinding('c', 'b', undefined);
    expect(l.claims('c')).toBe(false);
  });

  it('replace stale claim labels and keep the others', () => {
    const labels = { app: 'x', 'claimed.internal.apis.kcp.io/old': 'v', 'claimed.internal.apis.kcp.io/kept': 'w' };
    expect(withClaimLabels(labels, { 'claimed.internal.apis.kcp.io/kept': 'w2', 'claimed.internal.apis.kcp.io/new': 'n' })).toEqual({
      app: 'x',
      'claimed.internal.apis.kcp.io/kept': 'w2',
      'claimed.internal.apis.kcp.io/new': 'n',
    });
    expect(hasClaimLabels(labels)).toBe(true);
    expect(hasClaimLabels({ app: 'x' })).toBe(false);
  });
});
