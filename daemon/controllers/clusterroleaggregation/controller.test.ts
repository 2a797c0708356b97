import { afterEach, describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { builtinResources } from '../../apis/index.js';
import { RBAC_RESOURCES } from '../../auth/rbac/rbac.js';
import { clusterRole } from '../../auth/rbac/fixtures.test.js';
import { Catalogs } from '../../registry/catalog.js';
import { Registry } from '../../registry/registry.js';
import { systemCreate } from '../../registry/system-create.js';
import { ALL_BATTERIES, type Battery } from '../../registry/types.js';
import { SqliteStore } from '../../storage/sqlite/sqlite-store.js';
import { ControllerManager } from '../runtime/manager.js';
import { AGGREGATION_FIELD_MANAGER, clusterRoleAggregationController } from './controller.js';

const LABEL = { 'example.dev/aggregate-to-ops': 'true' };
const pods = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
const events = { verbs: ['list'], apiGroups: [''], resources: ['events'] };

const open: Array<{ store: SqliteStore; controller: ControllerManager }> = [];
afterEach(async () => {
  for (const { store, controller } of open.splice(0)) {
    await controller.stop();
    store.close();
  }
});

function shard(batteries: readonly Battery[] = ALL_BATTERIES) {
  const store = new SqliteStore({ path: ':memory:' });
  const registry = new Registry(store, new Catalogs(builtinResources(new Set(batteries)), () => []));
  const put = (cluster: string, o: KObject) => systemCreate(registry, cluster, RBAC_RESOURCES.clusterRoles, o, new Date());
  const get = (cluster: string, name: string) => store.get({ cluster, resource: RBAC_RESOURCES.clusterRoles, namespace: '', name });
  return { store, registry, put, get };
}

function start(registry: Registry, store: SqliteStore): ControllerManager {
  const controller = new ControllerManager(store);
  clusterRoleAggregationController(controller, registry);
  open.push({ store, controller });
  controller.start();
  return controller;
}

async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('clusterRoleAggregationController', () => {
  it('on start, fills the aggregated roles stored before it ran, per logical cluster', async () => {
    const s = shard();
    s.put('c1', clusterRole('ops', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], { aggregate: [{ matchLabels: LABEL }] }));
    s.put('c1', clusterRole('a', [pods], { labels: LABEL }));
    s.put('c2', clusterRole('ops', [], { aggregate: [{ matchLabels: LABEL }] }));
    s.put('c2', clusterRole('b', [events], { labels: LABEL }));
    start(s.registry, s.store);
    await eventually(() => JSON.stringify(s.get('c1', 'ops')?.['rules']) === JSON.stringify([pods]));
    await eventually(() => JSON.stringify(s.get('c2', 'ops')?.['rules']) === JSON.stringify([events]));
    // Written through the update path as the controller's own field manager.
    expect(s.get('c1', 'ops')!.metadata.managedFields?.map((m) => m.manager)).toContain(AGGREGATION_FIELD_MANAGER);
  });

  it('follows ClusterRoles of the same cluster as they come, and leaves converged roles alone', async () => {
    const s = shard();
    s.put('c1', clusterRole('ops', [], { aggregate: [{ matchLabels: LABEL }] }));
    start(s.registry, s.store);
    s.put('c1', clusterRole('b', [events], { labels: LABEL }));
    s.put('c1', clusterRole('a', [pods], { labels: LABEL }));
    await eventually(() => JSON.stringify(s.get('c1', 'ops')?.['rules']) === JSON.stringify([pods, events]));
    const rv = s.get('c1', 'ops')!.metadata.resourceVersion;
    // A role elsewhere changes nothing here, and a settled role is not rewritten.
    s.put('c2', clusterRole('c', [pods], { labels: LABEL }));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.get('c1', 'ops')!.metadata.resourceVersion).toBe(rv);
  });

  it('does nothing without the authorization battery (no ClusterRoles are served)', async () => {
    const s = shard(ALL_BATTERIES.filter((b) => b !== 'authorization'));
    const key = (name: string) => ({ cluster: 'c1', resource: RBAC_RESOURCES.clusterRoles, namespace: '', name });
    s.store.create(key('ops'), clusterRole('ops', [], { aggregate: [{ matchLabels: LABEL }] }));
    start(s.registry, s.store);
    s.store.create(key('a'), clusterRole('a', [pods], { labels: LABEL }));
    await new Promise((r) => setTimeout(r, 50));
    expect(s.get('c1', 'ops')!['rules']).toEqual([]);
  });
});
