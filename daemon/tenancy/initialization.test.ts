import { describe, expect, it } from 'vitest';
import { logicalClusterUpdateErrors } from '../apis/core-kcp/logical-cluster-validation.js';
import { LOGICAL_CLUSTERS, WORKSPACES } from '../apis/core-kcp/names.js';
import { followInitializers, initializationState, withCondition } from './initialization.js';
import { FakeTenancyStore, logicalCluster, workspace } from './tenancy-store.testkit.js';

const now = new Date('2026-12-01T05:00:00.123Z');

describe('initializationState', () => {
  it('is Ready with WorkspaceInitialized=True when nothing is pending', () => {
    expect(initializationState([], now)).toEqual({
      phase: 'Ready',
      condition: { type: 'WorkspaceInitialized', status: 'True', lastTransitionTime: '2026-12-01T05:00:00Z' },
    });
  });
  it("is Initializing with kcp's InitializerExists message otherwise", () => {
    const s = initializationState(['root:a', 'root:b'], now);
    expect(s.phase).toBe('Initializing');
    expect(s.condition).toMatchObject({
      status: 'False',
      reason: 'InitializerExists',
      message: 'Initializers still exist: [root:a root:b]',
    });
  });
});

describe('withCondition', () => {
  it('replaces in place or appends', () => {
    const list = [
      { type: 'A', status: 'True' },
      { type: 'B', status: 'True' },
    ];
    expect(withCondition(list, { type: 'A', status: 'False' })).toEqual([
      { type: 'A', status: 'False' },
      { type: 'B', status: 'True' },
    ]);
    expect(withCondition(undefined, { type: 'C', status: 'True' })).toEqual([{ type: 'C', status: 'True' }]);
  });
});

describe('logicalClusterUpdateErrors', () => {
  const lc = (status: object, spec: object = { initializers: ['root:a', 'root:b'], terminators: ['root:t'] }) => ({ spec, status });
  const initializing = lc({ phase: 'Initializing', initializers: ['root:a', 'root:b'], terminators: ['root:t'] });

  it('lets initializers and terminators be removed, and Initializing end once none are left', () => {
    expect(
      logicalClusterUpdateErrors(lc({ phase: 'Initializing', initializers: ['root:b'], terminators: ['root:t'] }), initializing),
    ).toEqual([]);
    expect(logicalClusterUpdateErrors(lc({ phase: 'Ready', initializers: [], terminators: [] }), initializing)).toEqual([]);
  });
  it('refuses additions, spec changes, going backwards and leaving Initializing early', () => {
    const fields = (next: object, old: object) => logicalClusterUpdateErrors(next, old).map((e) => `${e.field}: ${e.detail}`);
    expect(
      fields(lc({ phase: 'Initializing', initializers: ['root:a', 'root:b', 'root:c'], terminators: ['root:t'] }), initializing),
    ).toEqual(['status.initializers: initializers can only be removed, not added: [root:c]']);
    expect(fields(lc(initializing.status, { initializers: [], terminators: ['root:t'] }), initializing)).toEqual([
      'spec.initializers: field is immutable',
    ]);
    expect(fields(lc({ phase: 'Ready', initializers: ['root:a'], terminators: ['root:t'] }), initializing)).toEqual([
      'status.phase: cannot leave Initializing while initializers remain: [root:a]',
    ]);
    expect(
      fields(
        lc({ phase: 'Initializing', initializers: [], terminators: ['root:t'] }),
        lc({ phase: 'Ready', initializers: [], terminators: ['root:t'] }),
      ),
    ).toEqual(['status.phase: cannot transition from "Ready" to "Initializing"']);
  });
});

describe('followInitializers', () => {
  /** A workspace of a type with two initializers, freshly scheduled into logical cluster `c`. */
  function initializing() {
    const store = new FakeTenancyStore();
    const ws = workspace('setup', { phase: 'Initializing', cluster: 'c' });
    ws['status'] = {
      phase: 'Initializing',
      initializers: ['root:a', 'root:b'],
      conditions: [{ type: 'WorkspaceInitialized', status: 'False' }],
    };
    store.seed('root', WORKSPACES, ws);
    store.seed('c', LOGICAL_CLUSTERS, logicalCluster('root', 'setup', { phase: 'Initializing', initializers: ['root:a', 'root:b'] }));
    /** What an initializing controller does: removes ids from the LogicalCluster's status.initializers. */
    const remove = (...ids: string[]) => {
      const lc = store.getLogicalCluster('c')!;
      const status = lc['status'] as { initializers: string[] };
      status.initializers = status.initializers.filter((i) => !ids.includes(i));
      store.updateLogicalCluster('c', lc);
      store.writes.length = 0;
      followInitializers(store, 'c', store.getLogicalCluster('c')!);
    };
    return { store, remove };
  }

  it('mirrors the initializers left onto the Workspace, which stays Initializing', () => {
    const { store, remove } = initializing();
    remove('root:a');
    expect(store.writes).toEqual(['update root workspaces/setup']);
    expect(store.getWorkspace('root', 'setup')!['status']).toMatchObject({ phase: 'Initializing', initializers: ['root:b'] });
    // Nothing left to mirror: nothing is written.
    store.writes.length = 0;
    followInitializers(store, 'c', store.getLogicalCluster('c')!);
    expect(store.writes).toEqual([]);
  });

  it('turns the LogicalCluster and its Workspace Ready once the last initializer is gone', () => {
    const { store, remove } = initializing();
    remove('root:a', 'root:b');
    expect(store.writes).toEqual(['update c logicalclusters/cluster', 'update root workspaces/setup']);
    expect(store.getLogicalCluster('c')!['status']).toMatchObject({
      phase: 'Ready',
      conditions: [{ type: 'WorkspaceInitialized', status: 'True' }],
    });
    expect(store.getLogicalCluster('c')!.metadata.labels).toEqual({ 'tenancy.kcp.io/phase': 'Ready' });
    const ws = store.getWorkspace('root', 'setup')!;
    expect(ws['status']).toEqual({
      phase: 'Ready',
      conditions: [{ type: 'WorkspaceInitialized', status: 'True', lastTransitionTime: '2026-12-01T05:00:00Z' }],
    });
  });

  it('leaves a Workspace that is not Initializing alone', () => {
    const { store } = initializing();
    const ws = store.getWorkspace('root', 'setup')!;
    ws['status'] = { phase: 'Ready' };
    store.updateWorkspace('root', ws);
    store.writes.length = 0;
    followInitializers(store, 'c', store.getLogicalCluster('c')!);
    expect(store.writes).toEqual([]);
  });
});
