import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { BoundResources, schemaAsCRD } from './bound-resources.js';
import { SCHEMA } from './apis.testkit.js';

const bound = (hash: string, uid = 'schema-uid', deleting = false): KObject => ({
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'cowboys', ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
  spec: { reference: { export: { path: 'root:p', name: 'cowboys' } } },
  status: {
    phase: 'Bound',
    apiExportClusterName: 'prov',
    boundResources: [{ group: 'wildwest.dev', resource: 'cowboys', schema: { name: SCHEMA.metadata.name, UID: uid, identityHash: hash } }],
  },
});

describe('bound resources', () => {
  it('are the CRD an APIResourceSchema stands for', () => {
    const crd = schemaAsCRD(SCHEMA);
    expect(crd.metadata).toMatchObject({ name: 'cowboys.wildwest.dev', uid: 'schema-uid' });
    expect((crd['spec'] as { versions: unknown[] }).versions[0]).toMatchObject({
      name: 'v1alpha1',
      schema: { openAPIV3Schema: { type: 'object' } },
    });
  });

  it("are served in a binding's workspace, stored under the export's identity, until the binding is gone", () => {
    const store = new SqliteStore({ path: ':memory:' });
    try {
      store.create(
        { cluster: 'prov', resource: 'apis.kcp.io/apiresourceschemas', namespace: '', name: SCHEMA.metadata.name! },
        structuredClone(SCHEMA),
      );
      const key = { cluster: 'cons', resource: 'apis.kcp.io/apibindings', namespace: '', name: 'cowboys' };
      store.create(key, bound('h1'));
      const b = new BoundResources(store);
      const defs = b.defsFor('cons');
      expect(defs.map((d) => [d.group, d.version, d.plural, d.storageKey])).toEqual([
        ['wildwest.dev', 'v1alpha1', 'cowboys', 'wildwest.dev/cowboys:h1'],
      ]);
      expect(b.defsFor('other')).toEqual([]);
      expect(b.defsFor('*')).toEqual([]);
      expect(defs.some((d) => b.isTerminating(d))).toBe(false);
      // A schema that is not the one bound (same name, other uid) serves nothing.
      store.update(key, bound('h1', 'another-uid'));
      expect(b.defsFor('cons')).toEqual([]);
      // A binding being deleted still serves its resources, as terminating ones, until it is gone.
      store.update(key, bound('h1', 'schema-uid', true));
      const terminating = b.defsFor('cons');
      expect(terminating.map((d) => d.storageKey)).toEqual(['wildwest.dev/cowboys:h1']);
      expect(terminating.every((d) => b.isTerminating(d))).toBe(true);
      store.delete(key);
      expect(b.defsFor('cons')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
