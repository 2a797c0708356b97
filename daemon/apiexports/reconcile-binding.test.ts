import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { bindingObject, exportObject, FakeApis, SCHEMA } from './apis.testkit.js';
import { reconcileBinding } from './reconcile-binding.js';

function world(): FakeApis {
  const w = new FakeApis();
  w.paths.set('root:providers', 'prov');
  w.put('schemas', 'prov', SCHEMA);
  w.put('exports', 'prov', { ...exportObject('cowboys'), status: { identityHash: 'h'.repeat(64) } });
  return w;
}

const status = (w: FakeApis, cluster: string, name: string) =>
  w.getBinding(cluster, name)!['status'] as {
    phase?: string;
    conditions?: Array<{ type: string; status: string; reason?: string; message?: string }>;
  } & Record<string, unknown>;
const condition = (w: FakeApis, cluster: string, name: string, type: string) =>
  status(w, cluster, name).conditions?.find((c) => c.type === type);

describe('the apibinding reconciler', () => {
  it('binds an export: boundResources, the export cluster, Bound and Ready', async () => {
    const w = world();
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('bound');
    const s = status(w, 'cons', 'cowboys');
    expect(s.phase).toBe('Bound');
    expect(s['apiExportClusterName']).toBe('prov');
    expect(s['boundResources']).toEqual([
      {
        group: 'wildwest.dev',
        resource: 'cowboys',
        schema: { name: 'today.cowboys.wildwest.dev', UID: 'schema-uid', identityHash: 'h'.repeat(64) },
        storageVersions: ['v1alpha1'],
      },
    ]);
    expect(s.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=True',
      'APIExportValid=True',
      'BindingUpToDate=True',
      'InitialBindingCompleted=True',
    ]);
    // Level-based: nothing changes when it runs again.
    const rv = w.getBinding('cons', 'cowboys')!.metadata.resourceVersion;
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('bound');
    expect(w.getBinding('cons', 'cowboys')!.metadata.resourceVersion).toBe(rv);
  });

  it('says so, in kcp words, when the export is missing or has no identity yet', async () => {
    const w = world();
    w.put('bindings', 'cons', bindingObject('nothing', 'root:providers', 'nothing'));
    expect(await reconcileBinding(w, 'cons', 'nothing')).toBe('export-invalid');
    expect(status(w, 'cons', 'nothing').phase).toBe('Binding');
    expect(condition(w, 'cons', 'nothing', 'APIExportValid')).toMatchObject({
      status: 'False',
      reason: 'APIExportNotFound',
      message: 'APIExport root:providers|nothing not found',
    });
    expect(condition(w, 'cons', 'nothing', 'Ready')).toMatchObject({ status: 'False', reason: 'WaitingForEstablished' });
    w.put('exports', 'prov', exportObject('fresh'));
    w.put('bindings', 'cons', bindingObject('fresh', 'root:providers', 'fresh'));
    expect(await reconcileBinding(w, 'cons', 'fresh')).toBe('export-invalid');
    expect(condition(w, 'cons', 'fresh', 'APIExportValid')).toMatchObject({
      reason: 'MissingIdentityHash',
      message: 'APIExport root:providers|fresh is missing status.identityHash',
    });
  });

  it('reports a naming conflict with a local CRD or another binding and does not bind', async () => {
    const w = world();
    const crd: KObject = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'cowboys.wildwest.dev' },
      spec: { group: 'wildwest.dev', names: { plural: 'cowboys' } },
    };
    w.put('crds', 'cons', crd);
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('naming-conflict');
    expect(condition(w, 'cons', 'cowboys', 'BindingUpToDate')).toMatchObject({
      reason: 'NamingConflicts',
      message:
        'Unable to bind APIs: naming conflict with CustomResourceDefinition "cowboys.wildwest.dev": spec.names.plural=cowboys is forbidden',
    });
    expect(status(w, 'cons', 'cowboys').phase).toBe('Binding');

    const other = world();
    other.put('bindings', 'cons', bindingObject('first', 'root:providers', 'cowboys'));
    await reconcileBinding(other, 'cons', 'first');
    other.put('bindings', 'cons', bindingObject('second', 'root:providers', 'cowboys'));
    expect(await reconcileBinding(other, 'cons', 'second')).toBe('naming-conflict');
    expect(condition(other, 'cons', 'second', 'Ready')?.message).toBe(
      'Unable to bind APIs: naming conflict with APIBinding "first" bound to APIExport root:providers:cowboys: spec.names.plural=cowboys is forbidden',
    );
  });

  it('names a missing schema as kcp does', async () => {
    const w = world();
    w.objects.delete('schemas|prov|today.cowboys.wildwest.dev');
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('export-invalid');
    expect(condition(w, 'cons', 'cowboys', 'APIExportValid')?.message).toBe(
      'Invalid APIExport. Please contact the APIExport owner to resolve: APIResourceSchema "today.cowboys.wildwest.dev" not found',
    );
  });

  it('deletes the objects of a deleted binding, then lets it go', async () => {
    const w = world();
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    await reconcileBinding(w, 'cons', 'cowboys');
    const b = w.getBinding('cons', 'cowboys')!;
    b.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    w.put('bindings', 'cons', b);
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('removed');
    expect(w.deleted).toEqual([{ cluster: 'cons', resource: `wildwest.dev/cowboys:${'h'.repeat(64)}` }]);
    expect(w.getBinding('cons', 'cowboys')).toBeUndefined();
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('gone');
  });

  it('waits for objects held by their finalizers, saying which in kcp words, then lets the binding go', async () => {
    const w = world();
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    await reconcileBinding(w, 'cons', 'cowboys');
    const b = w.getBinding('cons', 'cowboys')!;
    b.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    w.put('bindings', 'cons', b);
    const key = `wildwest.dev/cowboys:${'h'.repeat(64)}`;
    w.leftover.set(key, [['example.dev/keep'], ['example.dev/keep', 'other.dev/too']]);
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('content-remaining');
    expect(condition(w, 'cons', 'cowboys', 'BindingResourceDeleteSuccess')).toMatchObject({
      status: 'False',
      reason: 'SomeFinalizersRemain',
      message:
        'Some content in the workspace has finalizers remaining: example.dev/keep in 2 resource instances, other.dev/too in 1 resource instances',
    });
    w.leftover.set(key, [[]]);
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('content-remaining');
    expect(condition(w, 'cons', 'cowboys', 'BindingResourceDeleteSuccess')).toMatchObject({
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: cowboys.wildwest.dev has 1 resource instances',
    });
    w.leftover.delete(key);
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('removed');
    expect(w.getBinding('cons', 'cowboys')).toBeUndefined();
  });

  it('reports a lost race instead of writing over a newer version', async () => {
    const w = world();
    w.put('bindings', 'cons', bindingObject('cowboys', 'root:providers', 'cowboys'));
    w.updateBinding = () => false;
    expect(await reconcileBinding(w, 'cons', 'cowboys')).toBe('conflict');
  });
});
