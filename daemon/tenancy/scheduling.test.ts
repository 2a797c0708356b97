import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { LOGICAL_CLUSTERS, WORKSPACES } from '../apis/core-kcp/names.js';
import { WorkspaceIndex } from './index.js';
import { NO_LIFECYCLE, type Lifecycle } from './initialization.js';
import { scheduleWorkspace, type SchedulingDeps } from './scheduling.js';
import { FakeTenancyStore, workspace } from './tenancy-store.testkit.js';

const URL = 'https://127.0.0.1:6443';

function shard(opts: { labels?: Record<string, string> | null; names?: string[]; lifecycle?: Lifecycle } = {}) {
  const store = new FakeTenancyStore();
  const index = new WorkspaceIndex();
  index.setCluster({ name: 'root', path: 'root', phase: 'Ready', type: 'root:root' });
  const names = [...(opts.names ?? ['c1', 'c2', 'c3'])];
  const deps: SchedulingDeps = {
    store,
    index,
    shardLabels: () => (opts.labels === undefined ? { name: 'root' } : opts.labels),
    newClusterName: () => names.shift()!,
    externalURL: () => URL,
    typeLifecycle: () => opts.lifecycle ?? NO_LIFECYCLE,
  };
  const create = (ws: KObject) => store.seed('root', WORKSPACES, ws);
  return { store, index, deps, create };
}

const owner = JSON.stringify({ username: 'alice', groups: ['devs'] });

describe('scheduleWorkspace', () => {
  it('makes the logical cluster and its content, and turns the Workspace Ready, in one go', () => {
    const s = shard({ labels: { name: 'root', region: 'eu' } });
    const ws = s.create(
      workspace('team', { annotations: { 'experimental.tenancy.kcp.io/owner': owner, 'authorization.kcp.io/required-groups': 'devs' } }),
    );
    expect(scheduleWorkspace(s.deps, 'root', ws)).toBe('scheduled');
    expect(s.store.writes).toEqual([
      'create c1 logicalclusters/cluster',
      'create c1 namespaces/default',
      'create c1 namespaces/kube-system',
      'create c1 namespaces/kube-public',
      'create c1 clusterrolebindings/workspace-admin',
      'update root workspaces/team',
    ]);
    const lc = s.store.getLogicalCluster('c1')!;
    expect(lc.metadata.annotations).toMatchObject({
      'kcp.io/path': 'root:team',
      'internal.tenancy.kcp.io/type': 'root:universal',
      'experimental.tenancy.kcp.io/owner': owner,
      'authorization.kcp.io/required-groups': 'devs',
    });
    expect(lc['spec']).toEqual({
      owner: { apiVersion: 'tenancy.kcp.io/v1alpha1', resource: 'workspaces', name: 'team', cluster: 'root', uid: 'ws-team' },
    });
    expect(lc['status']).toMatchObject({ URL: `${URL}/clusters/c1`, phase: 'Ready' });
    const after = s.store.getWorkspace('root', 'team')!;
    expect(after['spec']).toMatchObject({ cluster: 'c1', URL: `${URL}/clusters/root:team` });
    expect(after.metadata.labels).toEqual({ 'tenancy.kcp.io/phase': 'Ready', region: 'eu' });
    expect(after.metadata.annotations).toMatchObject({ 'internal.tenancy.kcp.io/cluster': 'c1', 'core.kcp.io/shard': 'root' });
    // Ready: the owner is the username alone (the logical cluster above kept the whole user info for its binding).
    expect(after.metadata.annotations?.['experimental.tenancy.kcp.io/owner']).toBe('{"username":"alice"}');
    expect(after['status']).toMatchObject({
      phase: 'Ready',
      conditions: [
        { type: 'WorkspaceScheduled', status: 'True' },
        { type: 'WorkspaceInitialized', status: 'True' },
      ],
    });
    // The object the create answers with is left as it was written.
    expect(ws['status']).toEqual({ phase: 'Scheduling' });
  });

  it('leaves a workspace with initializers Initializing, listing them', () => {
    const s = shard({ lifecycle: { initializers: ['root:needs-setup'], terminators: ['root:cleanup'] } });
    scheduleWorkspace(s.deps, 'root', s.create(workspace('setup', { type: { name: 'needs-setup', path: 'root' } })));
    expect(s.store.getWorkspace('root', 'setup')!['status']).toMatchObject({ phase: 'Initializing', initializers: ['root:needs-setup'] });
    expect(s.store.getLogicalCluster('c1')!['status']).toMatchObject({
      phase: 'Initializing',
      initializers: ['root:needs-setup'],
      terminators: ['root:cleanup'],
    });
    expect(s.store.getLogicalCluster('c1')!['spec']).toMatchObject({ initializers: ['root:needs-setup'], terminators: ['root:cleanup'] });
  });

  it('draws another logical cluster name when the first is taken, and binds no system creator', () => {
    const s = shard({ names: ['c1', 'c2'] });
    s.index.setCluster({ name: 'c1', path: 'root:other', phase: 'Ready', type: 'root:universal' });
    scheduleWorkspace(
      s.deps,
      'root',
      s.create(workspace('team', { annotations: { 'experimental.tenancy.kcp.io/owner': JSON.stringify({ username: 'system:admin' }) } })),
    );
    expect(s.store.getWorkspace('root', 'team')!['spec']).toMatchObject({ cluster: 'c2' });
    expect(s.store.writes.some((w) => w.includes('clusterrolebindings'))).toBe(false);
  });

  it('keeps a workspace Scheduling, saying why once, while no shard matches its location', () => {
    const s = shard({ labels: { name: 'root' } });
    const ws = s.create(workspace('on-mars', { location: { selector: { matchLabels: { region: 'mars' } } } }));
    expect(scheduleWorkspace(s.deps, 'root', ws)).toBe('unschedulable');
    const waiting = s.store.getWorkspace('root', 'on-mars')!;
    expect(waiting['status']).toMatchObject({
      phase: 'Scheduling',
      conditions: [
        { type: 'WorkspaceScheduled', status: 'False', reason: 'Unschedulable', message: 'No available shards to schedule the workspace' },
      ],
    });
    expect(scheduleWorkspace(s.deps, 'root', waiting)).toBe('unschedulable');
    expect(s.store.writes).toEqual(['update root workspaces/on-mars']);
    expect(s.store.list('c1', LOGICAL_CLUSTERS)).toEqual([]);
    // Once the Shard carries the label, the same workspace is scheduled.
    const matching = shard({ labels: { region: 'mars' } });
    expect(scheduleWorkspace(matching.deps, 'root', matching.create(waiting))).toBe('scheduled');
    const noShard = shard({ labels: null });
    expect(scheduleWorkspace(noShard.deps, 'root', noShard.create(workspace('w', { location: { selector: {} } })))).toBe('unschedulable');
  });

  it('leaves mounted, deleted and scheduled workspaces alone', () => {
    const s = shard();
    for (const ws of [
      workspace('m', { mount: true }),
      workspace('d', { deleting: true }),
      workspace('r', { phase: 'Ready', cluster: 'x' }),
    ]) {
      expect(scheduleWorkspace(s.deps, 'root', s.create(ws))).toBe('not-scheduling');
    }
    expect(s.store.writes).toEqual([]);
  });

  it('refuses a workspace whose parent does not route (inside a create, refusing the create)', () => {
    const s = shard();
    const ws = s.store.seed('gone', WORKSPACES, workspace('orphan'));
    expect(() => s.store.transaction(() => scheduleWorkspace(s.deps, 'gone', ws))).toThrow('parent logical cluster gone is not routable');
    expect(s.store.writes).toEqual([]);
  });
});
