import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { reconcileClaimLabels, type ClaimLabelDeps } from './reconcile-claim-labels.js';

const CM = { group: '', resource: 'configmaps', verbs: ['get'] };
const OTHER = { group: 'wildwest.dev', resource: 'cowboys', identityHash: 'h', verbs: ['get'] };

function world(accepted: unknown[], applied?: unknown[]) {
  let binding: KObject = {
    apiVersion: 'apis.kcp.io/v1alpha2',
    kind: 'APIBinding',
    metadata: { name: 'b', resourceVersion: '1' },
    spec: { reference: { export: { path: 'root:p', name: 'e' } }, permissionClaims: accepted },
    status: { phase: 'Bound', apiExportClusterName: 'prov', ...(applied ? { appliedPermissionClaims: applied } : {}) },
  };
  const relabelled: string[] = [];
  const deps: ClaimLabelDeps = {
    now: () => new Date('2026-01-01T00:00:00Z'),
    getBinding: () => structuredClone(binding),
    getExport: (c, n) =>
      c === 'prov' && n === 'e'
        ? { apiVersion: 'apis.kcp.io/v1alpha2', kind: 'APIExport', metadata: { name: 'e' }, spec: { permissionClaims: [CM] } }
        : undefined,
    updateBinding: (_c, b) => {
      binding = b;
      return true;
    },
    relabel: (_c, g, r) => {
      relabelled.push(`${r}.${g}`);
      return true;
    },
  };
  return { deps, relabelled, binding: () => binding };
}

const conditions = (b: KObject) =>
  (b['status'] as { conditions: Array<{ type: string; status: string; reason?: string; message?: string }> }).conditions;

describe('the permissionclaimlabel reconciler', () => {
  it('relabels what a newly accepted claim covers and records it as applied', () => {
    const w = world([{ ...CM, selector: { matchAll: true }, state: 'Accepted' }]);
    expect(reconcileClaimLabels(w.deps, 'c', 'b')).toBe('applied');
    expect(w.relabelled).toEqual(['configmaps.']);
    expect((w.binding()['status'] as { appliedPermissionClaims: unknown[] }).appliedPermissionClaims).toEqual([
      { ...CM, selector: { matchAll: true } },
    ]);
    expect(conditions(w.binding()).map((c) => `${c.type}=${c.status}`)).toEqual([
      'PermissionClaimsApplied=True',
      'PermissionClaimsValid=True',
    ]);
    // Applied already: nothing to relabel the next time.
    w.relabelled.length = 0;
    expect(reconcileClaimLabels(w.deps, 'c', 'b')).toBe('applied');
    expect(w.relabelled).toEqual([]);
  });

  it('relabels when a claim is rejected or its selector changes', () => {
    const applied = [{ ...CM, selector: { matchAll: true } }];
    const rejected = world([{ ...CM, selector: { matchAll: true }, state: 'Rejected' }], applied);
    reconcileClaimLabels(rejected.deps, 'c', 'b');
    expect(rejected.relabelled).toEqual(['configmaps.']);
    expect((rejected.binding()['status'] as { appliedPermissionClaims: unknown[] }).appliedPermissionClaims).toEqual([]);
    const narrowed = world([{ ...CM, selector: { matchLabels: { a: 'b' } }, state: 'Accepted' }], applied);
    reconcileClaimLabels(narrowed.deps, 'c', 'b');
    expect(narrowed.relabelled).toEqual(['configmaps.']);
  });

  it("reports accepted claims the export does not make, in kcp's words", () => {
    const w = world([{ ...OTHER, selector: { matchAll: true }, state: 'Accepted' }]);
    reconcileClaimLabels(w.deps, 'c', 'b');
    expect(conditions(w.binding()).find((c) => c.type === 'PermissionClaimsValid')).toMatchObject({
      status: 'False',
      reason: 'InvalidPermissionClaims',
      message:
        '1 unexpected and/or invalid permission claims (showing first 1): unexpected/invalid claim for cowboys.wildwest.dev (identity "h")',
    });
    expect(w.relabelled).toEqual([]);
  });
});
