import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import type { StoreEvent } from '../storage/store.js';
import { VisibleStore } from './visible-store.js';

const cm = (name: string, labels?: Record<string, string>): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
});

describe('a view of the store', () => {
  it('watches an object coming into view as ADDED and leaving it as DELETED, as a filtered kube watch does', () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      const view = new VisibleStore(store, new Map([['/configmaps', (_c: string, o: KObject) => o.metadata.labels?.['seen'] === 'yes']]));
      const events: string[] = [];
      const w = view.watch({ cluster: 'c', resource: '/configmaps' }, undefined, (ev: StoreEvent) =>
        events.push(`${ev.type} ${ev.object.metadata.name}`),
      );
      const key = { cluster: 'c', resource: '/configmaps', namespace: 'default', name: 'a' };
      const rv = (o: KObject) => Number(o.metadata.resourceVersion);
      let a = store.create(key, cm('a'));
      a = store.update(key, cm('a', { seen: 'yes' }), rv(a));
      a = store.update(key, cm('a', { seen: 'yes', more: '1' }), rv(a));
      a = store.update(key, cm('a', { seen: 'no' }), rv(a));
      store.update(key, cm('a'), rv(a));
      store.delete(key);
      w.stop();
      expect(events).toEqual(['ADDED a', 'MODIFIED a', 'DELETED a']);
      expect(view.get(key)).toBeUndefined();
    } finally {
      store.close();
    }
  });
});
