import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import type { RequestContext } from '../../registry/types.js';
import { apibindingsV1alpha1, apibindingsV1alpha2 } from './apibindings.js';
import { apiexportendpointslices } from './apiexportendpointslices.js';
import { apiexportsV1alpha1, apiexportsV1alpha2 } from './apiexports.js';

const ctx: RequestContext = { cluster: 'c', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const binding = (path: string): KObject => ({
  apiVersion: 'apis.kcp.io/v1alpha2',
  kind: 'APIBinding',
  metadata: { name: 'b' },
  spec: { reference: { export: { path, name: 'e' } } },
});

describe('the APIBinding strategy', () => {
  it("adds kcp's finalizer on create", () => {
    const b = binding('root:p');
    apibindingsV1alpha2.strategy.prepareForCreate(b, ctx);
    expect(b.metadata.finalizers).toEqual(['apis.kcp.io/apibinding-finalizer']);
  });

  it("refuses a changed reference with the words of kcp's rule, whichever version wrote it", () => {
    const errs = apibindingsV1alpha2.strategy.validateUpdate(binding('root:q'), binding('root:p'), ctx).map(fieldErrorString);
    expect(errs).toEqual(['spec.reference: Invalid value: "object": APIExport reference must not be changed']);
    const v1 = { ...binding('root:p'), apiVersion: 'apis.kcp.io/v1alpha1' };
    expect(apibindingsV1alpha1.strategy.validateUpdate(v1, binding('root:p'), ctx)).toEqual([]);
    expect(apibindingsV1alpha2.strategy.validate({ ...binding('x'), spec: { reference: {} } }, ctx).map(fieldErrorString)).toEqual([
      'spec.reference.export: Required value',
    ]);
  });

  it('serves each version converted, with the Ready column', () => {
    expect(apibindingsV1alpha1.strategy.served(binding('root:p')).apiVersion).toBe('apis.kcp.io/v1alpha1');
    expect(apibindingsV1alpha2.strategy.storedIsServed).toBe(false);
    expect(apibindingsV1alpha2.strategy.table.columns.map((c) => c.name)).toEqual(['Age', 'Ready']);
  });
});

describe('the APIExport strategy', () => {
  it('keeps identityHash once set', () => {
    const exp = (hash?: string): KObject => ({
      apiVersion: 'apis.kcp.io/v1alpha2',
      kind: 'APIExport',
      metadata: { name: 'e' },
      spec: {},
      ...(hash ? { status: { identityHash: hash } } : {}),
    });
    expect(apiexportsV1alpha2.strategy.validateUpdate(exp('a'), exp(), ctx)).toEqual([]);
    expect(apiexportsV1alpha2.strategy.validateUpdate(exp('b'), exp('a'), ctx).map(fieldErrorString)).toEqual([
      'status.identityHash: Invalid value: "b": field is immutable',
    ]);
    expect(apiexportsV1alpha1.strategy.table.columns.map((c) => c.name)).toEqual(['Age', 'Ready']);
    expect(apiexportsV1alpha2.strategy.table.columns.map((c) => c.name)).toEqual(['Age']);
  });
});

describe('the APIExportEndpointSlice strategy', () => {
  it('keeps its export reference and prints kcp columns', () => {
    const s = (name: string): KObject => ({
      apiVersion: 'apis.kcp.io/v1alpha1',
      kind: 'APIExportEndpointSlice',
      metadata: { name: 's' },
      spec: { export: { name } },
    });
    expect(apiexportendpointslices.strategy.validateUpdate(s('b'), s('a'), ctx).map(fieldErrorString)).toEqual([
      'spec.export: Invalid value: "object": APIExport reference must not be changed',
    ]);
    expect(apiexportendpointslices.strategy.table.columns.map((c) => c.name)).toEqual(['Export', 'Partition', 'Age']);
  });
});
