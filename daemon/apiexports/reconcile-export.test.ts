import { describe, expect, it } from 'vitest';
import { exportObject, FakeApis } from './apis.testkit.js';
import { identityHash, reconcileExport } from './reconcile-export.js';

describe('the apiexport reconciler', () => {
  it('creates the identity Secret, sets identityHash and the default endpoint slice', () => {
    const w = new FakeApis();
    w.put('exports', 'p', exportObject('cowboys'));
    expect(reconcileExport(w, 'p', 'cowboys')).toBe('ready');
    const secret = w.getSecret('p', 'kcp-system', 'cowboys')!;
    const key = Buffer.from((secret['data'] as { key: string }).key, 'base64');
    expect(key).toHaveLength(32);
    const exp = w.getExport('p', 'cowboys')!;
    expect(exp['status']).toMatchObject({
      identityHash: identityHash(key),
      conditions: [
        { type: 'IdentityValid', status: 'True' },
        { type: 'VirtualWorkspaceURLsReady', status: 'True' },
      ],
    });
    expect(exp['spec']).toMatchObject({ identity: { secretRef: { namespace: 'kcp-system', name: 'cowboys' } } });
    const slice = w.getEndpointSlice('p', 'cowboys')!;
    expect(slice['spec']).toEqual({ export: { path: 'p', name: 'cowboys' } });
    expect(slice.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'APIExport', name: 'cowboys', controller: true });
  });

  it('is harmless when run again and keeps the hash', () => {
    const w = new FakeApis();
    w.put('exports', 'p', exportObject('cowboys'));
    reconcileExport(w, 'p', 'cowboys');
    const before = w.getExport('p', 'cowboys')!;
    expect(reconcileExport(w, 'p', 'cowboys')).toBe('ready');
    expect(w.getExport('p', 'cowboys')!.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('refuses an identity Secret that no longer matches the hash', () => {
    const w = new FakeApis();
    w.put('exports', 'p', exportObject('cowboys'));
    reconcileExport(w, 'p', 'cowboys');
    const secret = w.getSecret('p', 'kcp-system', 'cowboys')!;
    w.put('secrets', 'p', { ...secret, data: { key: Buffer.alloc(32, 1).toString('base64') } });
    expect(reconcileExport(w, 'p', 'cowboys')).toBe('identity-invalid');
    expect((w.getExport('p', 'cowboys')!['status'] as { conditions: unknown[] }).conditions).toContainEqual(
      expect.objectContaining({ type: 'IdentityValid', status: 'False', reason: 'IdentityVerificationFailed' }),
    );
  });

  it('waits for a Secret it was told to use, and makes no slice when asked not to', () => {
    const w = new FakeApis();
    w.put('exports', 'p', exportObject('cowboys', { spec: { identity: { secretRef: { namespace: 'mine', name: 'id' } } } }));
    const exp = w.read('exports', 'p', 'cowboys')!;
    exp.metadata.annotations = { 'apiexports.apis.kcp.io/skip-endpointslice': 'true' };
    w.put('exports', 'p', exp);
    expect(reconcileExport(w, 'p', 'cowboys')).toBe('identity-invalid');
    expect(w.getSecret('p', 'mine', 'id')).toBeUndefined();
    expect(w.getEndpointSlice('p', 'cowboys')).toBeUndefined();
  });

  it('leaves a deleted export alone and reports a lost race', () => {
    const w = new FakeApis();
    expect(reconcileExport(w, 'p', 'gone')).toBe('gone');
    w.put('exports', 'p', { ...exportObject('x'), metadata: { name: 'x', deletionTimestamp: '2026-01-01T00:00:00Z' } });
    expect(reconcileExport(w, 'p', 'x')).toBe('deleting');
    w.put('exports', 'p', exportObject('y'));
    w.updateExport = () => false;
    expect(reconcileExport(w, 'p', 'y')).toBe('conflict');
  });
});
