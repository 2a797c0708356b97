import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { reconcileNamespace, type ContentKind, type NamespaceDeps } from './reconcile.js';

interface Item {
  name: string;
  finalizers: string[];
  deleting: boolean;
}

/** An in-memory shard of one cluster: namespaces, and content per kind and namespace. */
function fakeShard(ns: KObject | undefined, content: Record<string, Item[]>) {
  const kinds: ContentKind[] = Object.keys(content).map((resource) => ({ resource }));
  const log: string[] = [];
  let current = ns;
  const deps: NamespaceDeps = {
    getNamespace: () => current,
    contentKinds: () => kinds,
    listContent: (_c, kind) => content[kind.resource]!.map((i) => ({ name: i.name, deleting: i.deleting })),
    deleteContent: (_c, kind, _ns, name) => {
      log.push(`delete ${kind.resource}/${name}`);
      const list = content[kind.resource]!;
      const item = list.find((i) => i.name === name)!;
      if (item.finalizers.length) item.deleting = true;
      else list.splice(list.indexOf(item), 1);
      return Promise.resolve();
    },
    finish: (_c, n, remaining) => {
      log.push(
        remaining.length || (n.metadata.finalizers ?? []).length ? `keep spec.finalizers=${remaining.join(',')}` : 'delete namespace',
      );
      current = undefined;
    },
  };
  return { deps, log };
}

const terminating = (specFinalizers: string[], finalizers?: string[]): KObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'demo', deletionTimestamp: '2026-01-01T00:00:00Z', ...(finalizers ? { finalizers } : {}) },
  spec: { finalizers: specFinalizers },
});

describe('reconcileNamespace', () => {
  it('does nothing for a namespace that is not being deleted, or is gone', async () => {
    const live = fakeShard(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'demo' } },
      { '/configmaps': [{ name: 'a', finalizers: [], deleting: false }] },
    );
    expect(await reconcileNamespace(live.deps, 'c', 'demo')).toBe('not-deleting');
    expect(live.log).toEqual([]);
    const gone = fakeShard(undefined, {});
    expect(await reconcileNamespace(gone.deps, 'c', 'demo')).toBe('not-deleting');
  });

  it('deletes all content of every kind, then the namespace', async () => {
    const s = fakeShard(terminating(['kubernetes']), {
      '/configmaps': [
        { name: 'a', finalizers: [], deleting: false },
        { name: 'b', finalizers: [], deleting: false },
      ],
      '/secrets': [{ name: 's', finalizers: [], deleting: false }],
    });
    expect(await reconcileNamespace(s.deps, 'c', 'demo')).toBe('finished');
    expect(s.log).toEqual(['delete /configmaps/a', 'delete /configmaps/b', 'delete /secrets/s', 'delete namespace']);
  });

  it('waits for content held by finalizers, without deleting it twice', async () => {
    const content = { '/configmaps': [{ name: 'held', finalizers: ['x'], deleting: false }] };
    const s = fakeShard(terminating(['kubernetes']), content);
    expect(await reconcileNamespace(s.deps, 'c', 'demo')).toBe('content-remaining');
    expect(await reconcileNamespace(s.deps, 'c', 'demo')).toBe('content-remaining');
    expect(s.log).toEqual(['delete /configmaps/held']);
    content['/configmaps'].length = 0;
    expect(await reconcileNamespace(s.deps, 'c', 'demo')).toBe('finished');
    expect(s.log.at(-1)).toBe('delete namespace');
  });

  it('drops only its own spec finalizer when others remain, and leaves the namespace to them afterwards', async () => {
    const s = fakeShard(terminating(['kubernetes', 'example.com/other']), {});
    expect(await reconcileNamespace(s.deps, 'c', 'demo')).toBe('finished');
    expect(s.log).toEqual(['keep spec.finalizers=example.com/other']);
    const after = fakeShard(terminating(['example.com/other']), {});
    await reconcileNamespace(after.deps, 'c', 'demo');
    expect(after.log).toEqual([]);
    const metaHeld = fakeShard(terminating([], ['example.com/meta']), {});
    await reconcileNamespace(metaHeld.deps, 'c', 'demo');
    expect(metaHeld.log).toEqual([]);
  });
});
