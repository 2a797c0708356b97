import { describe, expect, it } from 'vitest';
import { ownerTrimmedOnceReady } from './owner.js';

const OWNER = 'experimental.tenancy.kcp.io/owner';

describe('ownerTrimmedOnceReady (kcp workspace_reconcile_metadata.go)', () => {
  it('keeps only the username', () => {
    const full = JSON.stringify({ username: 'alice', uid: 'u1', groups: ['devs', 'system:authenticated'], extra: { a: ['b'] } });
    expect(ownerTrimmedOnceReady({ [OWNER]: full, other: 'x' })).toEqual({ [OWNER]: '{"username":"alice"}', other: 'x' });
    expect(ownerTrimmedOnceReady({ [OWNER]: '{"username":"alice"}' })).toEqual({ [OWNER]: '{"username":"alice"}' });
  });

  it('writes {} for a user info without a username, and drops what Go could not read', () => {
    expect(ownerTrimmedOnceReady({ [OWNER]: '{"groups":["g"]}' })).toEqual({ [OWNER]: '{}' });
    expect(ownerTrimmedOnceReady({ [OWNER]: 'not json', other: 'x' })).toEqual({ other: 'x' });
    expect(ownerTrimmedOnceReady({ [OWNER]: '{"username":7}' })).toEqual({});
    expect(ownerTrimmedOnceReady({ [OWNER]: '[]' })).toEqual({});
  });

  it('leaves annotations without an owner alone', () => {
    const a = { other: 'x' };
    expect(ownerTrimmedOnceReady(a)).toBe(a);
    expect(ownerTrimmedOnceReady(undefined)).toBeUndefined();
  });
});
