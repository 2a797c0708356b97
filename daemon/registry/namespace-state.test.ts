import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { namespaceState } from './namespace-state.js';

const ns = (name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ...metadata },
});
const key = (name: string) => ({ cluster: 'c1', resource: '/namespaces', namespace: '', name });

describe('namespaceState', () => {
  it('tells missing, active and terminating namespaces apart', () => {
    const s = new SqliteStore({ path: ':memory:' });
    s.create(key('live'), ns('live'));
    s.create(key('going'), ns('going', { deletionTimestamp: '2026-12-01T00:00:00Z' }));
    expect(namespaceState(s, 'c1', 'nope')).toBe('missing');
    expect(namespaceState(s, 'c1', 'live')).toBe('active');
    expect(namespaceState(s, 'c1', 'going')).toBe('terminating');
    expect(namespaceState(s, 'c2', 'live')).toBe('missing');
  });

  it('is not fooled by the word in a label or an annotation', () => {
    const s = new SqliteStore({ path: ':memory:' });
    s.create(key('odd'), ns('odd', { annotations: { note: '"deletionTimestamp" is not set' }, labels: { deletionTimestamp: 'none' } }));
    expect(namespaceState(s, 'c1', 'odd')).toBe('active');
  });
});
