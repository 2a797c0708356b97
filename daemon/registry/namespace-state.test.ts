import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { StatusError } from '../apimachinery/status.js';
import type { ResourceCall } from './call.js';
import { checkNamespaceForCreate, namespaceState } from './namespace-state.js';

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

describe('checkNamespaceForCreate', () => {
  const s = new SqliteStore({ path: ':memory:' });
  s.create(key('going'), ns('going', { deletionTimestamp: '2026-12-01T00:00:00Z' }));
  const call = (namespace: string) =>
    ({ cluster: 'c1', namespace, def: { group: '', plural: 'configmaps', namespaced: true } }) as unknown as ResourceCall;
  const refusal = (namespace: string, name?: string) => {
    try {
      checkNamespaceForCreate(s, call(namespace), name);
    } catch (err) {
      return (err as StatusError).status;
    }
    return undefined;
  };

  it("names the object the client asked for, as kube's admission sees it, and nothing for generateName", () => {
    expect(refusal('going', 'late')).toMatchObject({
      code: 403,
      message: 'configmaps "late" is forbidden: unable to create new content in namespace going because it is being terminated',
      details: { name: 'late', kind: 'configmaps' },
    });
    expect(refusal('going')?.message).toBe(
      'configmaps is forbidden: unable to create new content in namespace going because it is being terminated',
    );
    expect(refusal('nope', 'x')).toMatchObject({ code: 404, message: 'namespaces "nope" not found' });
  });
});
