import { describe, expect, it } from 'vitest';
import { logicalClusterUpdateErrors } from '../apis/core-kcp/logical-cluster-validation.js';
import { initializationState, withCondition } from './initialization.js';

const now = new Date('2026-12-01T05:00:00.123Z');

describe('initializationState', () => {
  it('is Ready with WorkspaceInitialized=True when nothing is pending', () => {
    expect(initializationState([], now)).toEqual({ phase: 'Ready', condition: { type: 'WorkspaceInitialized', status: 'True', lastTransitionTime: '2026-12-01T05:00:00Z' } });
  });
  it("is Initializing with kcp's InitializerExists message otherwise", () => {
    const s = initializationState(['root:a', 'root:b'], now);
    expect(s.phase).toBe('Initializing');
    expect(s.condition).toMatchObject({ status: 'False', reason: 'InitializerExists', message: 'Initializers still exist: [root:a root:b]' });
  });
});

describe('withCondition', () => {
  it('replaces in place or appends', () => {
    const list = [{ type: 'A', status: 'True' }, { type: 'B', status: 'True' }];
    expect(withCondition(list, { type: 'A', status: 'False' })).toEqual([{ type: 'A', status: 'False' }, { type: 'B', status: 'True' }]);
    expect(withCondition(undefined, { type: 'C', status: 'True' })).toEqual([{ type: 'C', status: 'True' }]);
  });
});

describe('logicalClusterUpdateErrors', () => {
  const lc = (status: object, spec: object = { initializers: ['root:a', 'root:b'], terminators: ['root:t'] }) => ({ spec, status });
  const initializing = lc({ phase: 'Initializing', initializers: ['root:a', 'root:b'], terminators: ['root:t'] });

  it('lets initializers and terminators be removed, and Initializing end once none are left', () => {
    expect(logicalClusterUpdateErrors(lc({ phase: 'Initializing', initializers: ['root:b'], terminators: ['root:t'] }), initializing)).toEqual([]);
    expect(logicalClusterUpdateErrors(lc({ phase: 'Ready', initializers: [], terminators: [] }), initializing)).toEqual([]);
  });
  it('refuses additions, spec changes, going backwards and leaving Initializing early', () => {
    const fields = (next: object, old: object) => logicalClusterUpdateErrors(next, old).map((e) => `${e.field}: ${e.detail}`);
    expect(fields(lc({ phase: 'Initializing', initializers: ['root:a', 'root:b', 'root:c'], terminators: ['root:t'] }), initializing)).toEqual([
      'status.initializers: initializers can only be removed, not added: [root:c]',
    ]);
    expect(fields(lc(initializing.status, { initializers: [], terminators: ['root:t'] }), initializing)).toEqual(['spec.initializers: field is immutable']);
    expect(fields(lc({ phase: 'Ready', initializers: ['root:a'], terminators: ['root:t'] }), initializing)).toEqual([
      'status.phase: cannot leave Initializing while initializers remain: [root:a]',
    ]);
    expect(fields(lc({ phase: 'Initializing', initializers: [], terminators: ['root:t'] }), lc({ phase: 'Ready', initializers: [], terminators: ['root:t'] }))).toEqual([
      'status.phase: cannot transition from "Ready" to "Initializing"',
    ]);
  });
});
