// The Namespace strategy: what create and update settle, the namespaces never let go, graceful deletion while
// spec.finalizers remain, and the finalize subresource through which alone they change.
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../apimachinery/status.js';
import type { KObject } from '../../apimachinery/types.js';
import { compileSelectors } from '../../registry/selectors.js';
import type { RequestContext } from '../../registry/types.js';
import { namespaces } from './namespaces.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const ns = (name: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name },
  ...extra,
});
const s = namespaces.strategy;

describe('the Namespace strategy', () => {
  it('adds the kubernetes finalizer, phase Active and the name label on create', () => {
    const o = ns('demo', { spec: { finalizers: ['example.com/x'] }, status: { phase: 'Terminating' } });
    o.metadata.labels = { team: 'a' };
    s.prepareForCreate(o, ctx);
    expect(o['spec']).toEqual({ finalizers: ['example.com/x', 'kubernetes'] });
    expect(o['status']).toEqual({ phase: 'Active' });
    expect(o.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'demo' });
  });

  it('keeps spec.finalizers and the name label on update', () => {
    const old = ns('demo', { spec: { finalizers: ['kubernetes'] } });
    const o = ns('demo', { spec: { finalizers: [] } });
    s.prepareForUpdate(o, old, ctx);
    expect(o['spec']).toEqual({ finalizers: ['kubernetes'] });
    expect(o.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'demo' });
  });

  it('is named by DNS-1123 label rules and refuses deleting default, kube-system and kube-public', () => {
    expect(s.nameRule).toBe('dns1123-label');
    for (const name of ['default', 'kube-system', 'kube-public']) {
      try {
        s.checkDelete(name);
        expect.unreachable();
      } catch (err) {
        expect((err as StatusError).status).toMatchObject({
          code: 403,
          reason: 'Forbidden',
          message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
        });
      }
    }
    expect(() => s.checkDelete('demo')).not.toThrow();
  });

  it('stays while spec.finalizers remain, and turns Terminating when deletion starts', () => {
    expect(s.hasPendingFinalizers(ns('a', { spec: { finalizers: ['kubernetes'] } }))).toBe(true);
    expect(s.hasPendingFinalizers(ns('a', { spec: {} }))).toBe(false);
    const o = ns('a', { status: { phase: 'Active', conditions: [] } });
    s.prepareForDelete(o, ctx);
    expect(o['status']).toEqual({ phase: 'Terminating', conditions: [] });
    expect(s.returnDeletedObject).toBe(false);
  });

  it('has status and finalize subresources; finalize changes spec.finalizers and nothing else', () => {
    expect(Object.keys(s.subresources)).toEqual(['status', 'finalize']);
    const finalize = s.subresources['finalize']!;
    expect(finalize.verbs).toEqual(['update']);
    const old = ns('a', { spec: { finalizers: ['kubernetes'], other: 1 }, status: { phase: 'Terminating' } });
    const next = finalize.updateStrategy!.resetFields(
      ns('a', { spec: { finalizers: [] }, status: { phase: 'Active' }, metadata: { name: 'a', labels: { x: 'y' } } }),
      old,
    );
    expect(next['spec']).toEqual({ finalizers: [], other: 1 });
    expect(next['status']).toEqual({ phase: 'Terminating' });
    expect(next.metadata.labels).toBeUndefined();
    finalize.updateStrategy!.prepareForUpdate(next, old, ctx);
    expect(next['spec']).toEqual({ finalizers: [], other: 1 });
    expect(next.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'a' });
  });

  it('is selected by status.phase and printed with its status', () => {
    const match = compileSelectors(namespaces, { labelSelector: '', fieldSelector: 'status.phase=Active' })!;
    expect(match(ns('a', { status: { phase: 'Active' } }))).toBe(true);
    expect(match(ns('b', { status: { phase: 'Terminating' } }))).toBe(false);
    expect(() => compileSelectors(namespaces, { labelSelector: '', fieldSelector: 'metadata.namespace=x' })).toThrow(
      'field label not supported: metadata.namespace',
    );
    expect(s.table.columns.map((c) => c.name)).toEqual(['Status', 'Age']);
    expect(s.table.cells(ns('a', { status: { phase: 'Active' } }), Date.now())[0]).toBe('Active');
  });
});
