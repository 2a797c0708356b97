import { describe, expect, it } from 'vitest';
import { exportObject, FakeApis } from './apis.testkit.js';
import { reconcileEndpointSlice } from './reconcile-endpoint-slice.js';

const slice = (name: string, path: string, exportName: string) => ({
  apiVersion: 'apis.kcp.io/v1alpha1',
  kind: 'APIExportEndpointSlice',
  metadata: { name },
  spec: { export: { path, name: exportName } },
});

describe('the endpoint slice reconciler', () => {
  it('publishes the virtual workspace URL only once a workspace binds the export', () => {
    const w = new FakeApis();
    w.paths.set('root:providers', 'prov');
    w.put('exports', 'prov', exportObject('cowboys'));
    w.put('slices', 'prov', slice('cowboys', 'root:providers', 'cowboys'));
    expect(reconcileEndpointSlice(w, 'prov', 'cowboys')).toBe('no-binding');
    expect(w.getEndpointSlice('prov', 'cowboys')!['status']).toMatchObject({ conditions: [{ type: 'APIExportValid', status: 'True' }] });
    expect((w.getEndpointSlice('prov', 'cowboys')!['status'] as { endpoints?: unknown }).endpoints).toBeUndefined();
    w.bindingsTo.add('prov/cowboys');
    expect(reconcileEndpointSlice(w, 'prov', 'cowboys')).toBe('published');
    expect((w.getEndpointSlice('prov', 'cowboys')!['status'] as { endpoints: unknown }).endpoints).toEqual([
      { url: 'https://127.0.0.1:6443/services/apiexport/prov/cowboys' },
    ]);
  });

  it('says when its export does not exist', () => {
    const w = new FakeApis();
    w.put('slices', 'c', slice('s', 'root:nowhere', 'x'));
    expect(reconcileEndpointSlice(w, 'c', 's')).toBe('export-missing');
    expect((w.getEndpointSlice('c', 's')!['status'] as { conditions: unknown[] }).conditions).toEqual([
      expect.objectContaining({
        type: 'APIExportValid',
        status: 'False',
        reason: 'APIExportNotFound',
        message: 'APIExport root:nowhere|x not found',
      }),
    ]);
    expect(reconcileEndpointSlice(w, 'c', 'gone')).toBe('gone');
  });
});
