import { describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { bindingToV1alpha1, bindingToV1alpha2, exportToV1alpha1, exportToV1alpha2 } from './conversion.js';

const v2Export: KObject = {
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIExport',
  metadata: { name: 'cowboys' },
  spec: {
    resources: [{ name: 'cowboys', group: 'wildwest.dev', schema: 'today.cowboys.wildwest.dev', storage: { crd: {} } }],
    permissionClaims: [
      { group: '', resource: 'configmaps', verbs: ['*'] },
      { group: '', resource: 'secrets', verbs: ['get', 'list'] },
    ],
  },
};

describe('APIExport conversion', () => {
  it('serves v1alpha2 resources as v1alpha1 latestResourceSchemas, and back', () => {
    const v1 = exportToV1alpha1(v2Export);
    expect(v1.apiVersion).toBe('apis.kcp.io/v1alpha1');
    expect(v1['spec']).toMatchObject({
      latestResourceSchemas: ['today.cowboys.wildwest.dev'],
      permissionClaims: [
        { resource: 'configmaps', all: true },
        { resource: 'secrets', all: true },
      ],
    });
    // What v1alpha1 cannot say (verbs other than *) rides along in an annotation, so the round trip loses nothing.
    expect(exportToV1alpha2(v1)).toEqual(v2Export);
    expect(v2Export.apiVersion).toBe('apis.kcp.io/v1alpha2');
  });

  it('reads a v1alpha1 export written by a client as v1alpha2', () => {
    const v1: KObject = {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIExport',
      metadata: { name: 'x' },
      spec: {
        latestResourceSchemas: ['v1.widgets.example.dev', 'v2.things.core'],
        permissionClaims: [{ resource: 'configmaps', all: true }],
      },
    };
    expect(exportToV1alpha2(v1)['spec']).toEqual({
      resources: [
        { name: 'widgets', group: 'example.dev', schema: 'v1.widgets.example.dev', storage: { crd: {} } },
        { name: 'things', group: '', schema: 'v2.things.core', storage: { crd: {} } },
      ],
      permissionClaims: [{ resource: 'configmaps', verbs: ['*'] }],
    });
  });
});

describe('APIBinding conversion', () => {
  it('maps claims between all/state and verbs/selector/state', () => {
    const v1: KObject = {
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIBinding',
      metadata: { name: 'b' },
      spec: {
        reference: { export: { path: 'root:p', name: 'e' } },
        permissionClaims: [{ resource: 'configmaps', all: true, state: 'Accepted' }],
      },
    };
    const v2 = bindingToV1alpha2(v1);
    expect(v2['spec']).toEqual({
      reference: { export: { path: 'root:p', name: 'e' } },
      permissionClaims: [{ resource: 'configmaps', verbs: ['*'], selector: { matchAll: true }, state: 'Accepted' }],
    });
    expect(bindingToV1alpha1(v2)).toEqual(v1);
  });
});
