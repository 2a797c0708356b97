import { describe, expect, it } from 'vitest';
import { ensureDefaultServiceAccount, type ServiceAccountsDeps } from './reconcile.js';

function fake(namespaces: Record<string, 'active' | 'terminating'>, accounts: string[] = []) {
  const created: string[] = [];
  const deps: ServiceAccountsDeps = {
    namespaceActive: (_c, ns) => namespaces[ns] === 'active',
    hasServiceAccount: (_c, ns, name) => accounts.includes(`${ns}/${name}`) || created.includes(`${ns}/${name}`),
    createServiceAccount: (_c, ns, name) => void created.push(`${ns}/${name}`),
  };
  return { deps, created };
}

describe('ensureDefaultServiceAccount', () => {
  it('creates the default ServiceAccount of an active namespace once', () => {
    const f = fake({ demo: 'active' });
    expect(ensureDefaultServiceAccount(f.deps, 'c', 'demo')).toBe('created');
    expect(ensureDefaultServiceAccount(f.deps, 'c', 'demo')).toBe('present');
    expect(f.created).toEqual(['demo/default']);
  });

  it('leaves terminating and missing namespaces alone', () => {
    const f = fake({ going: 'terminating' });
    expect(ensureDefaultServiceAccount(f.deps, 'c', 'going')).toBe('skipped');
    expect(ensureDefaultServiceAccount(f.deps, 'c', 'missing')).toBe('skipped');
    expect(f.created).toEqual([]);
  });
});
