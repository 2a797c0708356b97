import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { acceptedClaim, claimSelects, claimVerbs } from './claims.js';

const binding = (claims: unknown[]): KObject => ({
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'b' },
  spec: { reference: { export: { name: 'e' } }, permissionClaims: claims },
});
const cm = (labels?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', ...(labels ? { labels } : {}) },
});

describe('permission claims', () => {
  it('finds only an accepted claim of the same resource', () => {
    const claim = { group: '', resource: 'configmaps', verbs: ['get'] };
    expect(acceptedClaim(binding([{ resource: 'configmaps', state: 'Rejected' }]), claim)).toBeUndefined();
    expect(acceptedClaim(binding([{ resource: 'secrets', state: 'Accepted' }]), claim)).toBeUndefined();
    expect(acceptedClaim(binding([{ resource: 'configmaps', state: 'Accepted' }]), claim)).toMatchObject({ resource: 'configmaps' });
    expect(acceptedClaim(binding([{ resource: 'configmaps', identityHash: 'h', state: 'Accepted' }]), claim)).toBeUndefined();
  });

  it('selects objects by matchAll or labels', () => {
    expect(claimSelects({ resource: 'configmaps', selector: { matchAll: true } }, cm())).toBe(true);
    const byLabel = { resource: 'configmaps', selector: { matchLabels: { team: 'a' } } };
    expect(claimSelects(byLabel, cm({ team: 'a' }))).toBe(true);
    expect(claimSelects(byLabel, cm({ team: 'b' }))).toBe(false);
    expect(claimSelects({ resource: 'configmaps', selector: {} }, cm())).toBe(false);
  });

  it('grants the claimed verbs only', () => {
    const all = ['create', 'delete', 'get', 'list', 'watch'];
    expect(claimVerbs({ resource: 'configmaps', verbs: ['*'] }, all)).toEqual(all);
    expect(claimVerbs({ resource: 'configmaps', verbs: ['list', 'get', 'escalate'] }, all)).toEqual(['get', 'list']);
  });
});
