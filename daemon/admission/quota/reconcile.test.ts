import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { reconcileQuotas, statusLags, type QuotaDeps } from './reconcile.js';

function fake(quotas: KObject[], counts: Record<string, number>, conflict = false) {
  const writes: Array<{ name: string; status: unknown }> = [];
  const deps: QuotaDeps = {
    quotas: () => quotas,
    count: (_c, _ns, r) => counts[r] ?? 0,
    writeStatus: (_c, q, status) => {
      if (conflict) return false;
      writes.push({ name: q.metadata.name!, status });
      return true;
    },
  };
  return { deps, writes };
}

const quota = (name: string, hard: Record<string, string>, status?: unknown): KObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace: 'q', resourceVersion: '1' },
  spec: { hard },
  ...(status ? { status } : {}),
});

describe('reconcileQuotas', () => {
  it('writes hard and the counted used of a new quota', () => {
    const { deps, writes } = fake([quota('a', { configmaps: '3' })], { '/configmaps': 2 });
    expect(reconcileQuotas(deps, 'c', 'q')).toEqual({ updated: ['a'] });
    expect(writes).toEqual([{ name: 'a', status: { hard: { configmaps: '3' }, used: { configmaps: '2' } } }]);
  });

  it('writes nothing when the status is current, and is harmless twice', () => {
    const { deps, writes } = fake([quota('a', { configmaps: '3' }, { hard: { configmaps: '3' }, used: { configmaps: '2' } })], {
      '/configmaps': 2,
    });
    expect(reconcileQuotas(deps, 'c', 'q')).toEqual({ updated: [] });
    expect(writes).toEqual([]);
  });

  it('recounts after deletions, and leaves a quota changed meanwhile to its event', () => {
    const q = quota('a', { configmaps: '3' }, { hard: { configmaps: '3' }, used: { configmaps: '3' } });
    expect(reconcileQuotas(fake([q], { '/configmaps': 1 }).deps, 'c', 'q')).toEqual({ updated: ['a'] });
    expect(reconcileQuotas(fake([q], { '/configmaps': 1 }, true).deps, 'c', 'q')).toEqual({ updated: [] });
  });

  it('says when a quota’s status lags its spec', () => {
    expect(statusLags(quota('a', { configmaps: '3' }))).toBe(true);
    expect(statusLags(quota('a', { configmaps: '3' }, { hard: { configmaps: '3' }, used: {} }))).toBe(false);
  });
});
