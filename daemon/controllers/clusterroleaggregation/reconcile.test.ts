import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { clusterRole } from '../../auth/rbac/fixtures.test.js';
import { aggregateClusterRoles } from './reconcile.js';

const LABEL = { 'example.dev/aggregate-to-ops': 'true' };
const pods = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };

function fake(roles: KObject[]) {
  const writes: Array<{ name: string; rules: unknown }> = [];
  return {
    writes,
    deps: {
      clusterRoles: () => roles,
      writeRules: (_c: string, role: KObject, rules: unknown) => {
        writes.push({ name: role.metadata.name!, rules });
        return Promise.resolve();
      },
    },
  };
}

describe('aggregateClusterRoles', () => {
  it('writes the union of the selected roles into the aggregated one', async () => {
    const f = fake([
      clusterRole('ops', [], { aggregate: [{ matchLabels: LABEL }] }),
      clusterRole('a', [pods], { labels: LABEL }),
      clusterRole('other', [pods]),
    ]);
    expect(await aggregateClusterRoles(f.deps, 'c')).toBe(1);
    expect(f.writes).toEqual([{ name: 'ops', rules: [pods] }]);
  });

  it('writes nothing when the rules already match, or no role aggregates', async () => {
    const settled = fake([
      clusterRole('ops', [pods], { aggregate: [{ matchLabels: LABEL }] }),
      clusterRole('a', [pods], { labels: LABEL }),
    ]);
    expect(await aggregateClusterRoles(settled.deps, 'c')).toBe(0);
    const none = fake([clusterRole('a', [pods], { labels: LABEL })]);
    expect(await aggregateClusterRoles(none.deps, 'c')).toBe(0);
    expect([...settled.writes, ...none.writes]).toEqual([]);
  });
});
