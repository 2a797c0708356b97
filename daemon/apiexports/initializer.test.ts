import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { APIBINDINGS_INITIALIZER, defaultBindingName, reconcileDefaultBindings, type InitializerDeps } from './initializer.js';

function world(phase?: string) {
  const bindings = new Map<string, KObject>();
  let lc: KObject = {
    apiVersion: 'core.kcp.io/v1alpha1',
    kind: 'LogicalCluster',
    metadata: { name: 'cluster', annotations: { 'internal.tenancy.kcp.io/type': 'root:with-apis' } },
    status: { phase: 'Initializing', initializers: [APIBINDINGS_INITIALIZER, 'root:other'] },
  };
  const deps: InitializerDeps = {
    getLogicalCluster: () => structuredClone(lc),
    defaultAPIBindings: (type) => (type === 'root:with-apis' ? [{ path: 'root:providers', export: 'cowboys' }] : []),
    resolveCluster: (p) => (p === 'root:providers' ? 'prov' : undefined),
    getExport: (c, n) =>
      c === 'prov' && n === 'cowboys'
        ? {
            apiVersion: 'apis.kcp.io/v1alpha2',
            kind: 'APIExport',
            metadata: { name: n },
            spec: { permissionClaims: [{ group: '', resource: 'configmaps', verbs: ['get'] }] },
          }
        : undefined,
    getBinding: (_c, n) => bindings.get(n),
    createBinding: (_c, b) => void bindings.set(b.metadata.name!, phase ? { ...b, status: { phase } } : b),
    updateLogicalCluster: (_c, next) => {
      lc = next;
      return true;
    },
  };
  return { deps, bindings, lc: () => lc };
}

describe('the apibinder initializer', () => {
  it('creates the default bindings, accepting the export claims, and waits for them', () => {
    const w = world();
    expect(reconcileDefaultBindings(w.deps, 'c1')).toBe('waiting');
    const name = defaultBindingName('c1', 'root:providers', 'cowboys');
    expect(name).toMatch(/^cowboys-[0-9a-z]{5}$/);
    expect(w.bindings.get(name)!['spec']).toEqual({
      reference: { export: { path: 'root:providers', name: 'cowboys' } },
      permissionClaims: [{ group: '', resource: 'configmaps', verbs: ['get'], selector: { matchAll: true }, state: 'Accepted' }],
    });
    expect(reconcileDefaultBindings(w.deps, 'c1')).toBe('waiting');
    expect(w.bindings.size).toBe(1);
  });

  it('removes only its own initializer once every binding is Bound', () => {
    const w = world('Bound');
    expect(reconcileDefaultBindings(w.deps, 'c1')).toBe('waiting');
    expect(reconcileDefaultBindings(w.deps, 'c1')).toBe('initialized');
    expect((w.lc()['status'] as { initializers: string[] }).initializers).toEqual(['root:other']);
    expect(reconcileDefaultBindings(w.deps, 'c1')).toBe('not-initializing');
  });
});
