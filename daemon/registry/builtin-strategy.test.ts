// What a built-in kind gets without saying anything (BaseStrategy, BuiltinStrategy): kube's generic store with a
// strategy that adds nothing — and what its options change.
import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { BuiltinStrategy, loadBuiltinTyping } from './builtin-strategy.js';
import { define } from './define.js';
import { CREATED_AT_TABLE } from './table-cells.js';
import type { RequestContext } from './types.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };
const cm = (extra: Record<string, unknown> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, ...extra });

const plain = define({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  namespaced: true,
  schemaName: 'io.k8s.api.core.v1.ConfigMap',
});
const withStatus = define(
  {
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    plural: 'resourcequotas',
    namespaced: true,
    schemaName: 'io.k8s.api.core.v1.ResourceQuota',
  },
  (r) => new BuiltinStrategy(r, { status: true, generation: true, strategicMergePatch: false, nameRule: 'dns1123-label' }),
);

describe('a built-in strategy by default', () => {
  const s = plain.strategy;

  it('takes strategic merge patches, unconditional updates, answers deletes with a Status and serves objects as stored', () => {
    expect(s.patchTypes).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect([s.allowUnconditionalUpdate, s.returnDeletedObject, s.storedIsServed, s.tracksGeneration]).toEqual([true, false, true, false]);
    expect(s.nameRule).toBe('dns1123-subdomain');
    expect(s.subresources).toEqual({});
    const obj = cm();
    expect(s.served(obj)).toBe(obj);
  });

  it("prints Created At, and refuses field selectors it does not know with kube's words", () => {
    expect(s.table).toBe(CREATED_AT_TABLE);
    expect(s.table.cells(cm({ metadata: { name: 'a', creationTimestamp: '2026-01-01T00:00:00Z' } }), Date.now())).toEqual([
      '2026-01-01T00:00:00Z',
    ]);
    expect(s.fieldSelectors).toEqual({});
    const refusal = s.unsupportedFieldSelector('spec.x');
    expect([refusal.status.code, refusal.status.message]).toEqual([400, 'field label not supported: spec.x']);
  });

  it('types objects by their schema component and reports (never drops) unknown fields when asked', async () => {
    const fresh = new BuiltinStrategy(plain);
    // What typing takes loads with the verbs, not with the kind: until then, decoding is a caller's bug, never a pass.
    expect(() => fresh.decodeIssues(cm({}), { normalize: false, stopAtImmediate: false, max: 8 })).toThrow(/loadBuiltinTyping/);
    await loadBuiltinTyping();
    const issues = s.decodeIssues(cm({ data: { a: 1 } }), { normalize: false, stopAtImmediate: false, max: 8 });
    expect(issues.map((i) => i.path.join('.'))).toEqual(['data.a']);
    const obj = cm({ data: { a: 'x' }, junk: 1, metadata: { name: 'a', bogus: true } });
    expect(s.decodeFields(obj, true)).toEqual(['metadata.bogus', 'junk']);
    expect(s.decodeFields(obj, false)).toEqual([]);
    expect(obj['junk']).toBe(1);
    expect(s.coerce(obj)).toBeUndefined();
  });

  it('changes nothing on its own: no preparation, no validation, no graceful deletion of its own', () => {
    const obj = cm({ data: { a: 'x' } });
    const before = structuredClone(obj);
    s.prepareForCreate(obj, ctx);
    s.prepareForUpdate(obj, before, ctx);
    expect(obj).toEqual(before);
    expect(s.validate(obj, ctx)).toEqual([]);
    expect(s.validateUpdate(obj, before, ctx)).toEqual([]);
    expect(() => s.checkDelete('anything')).not.toThrow();
    expect(s.hasPendingFinalizers(obj)).toBe(false);
    expect(s.resetFields(obj, before)).toBe(obj);
  });

  it('validates an update as a create unless the kind says otherwise', () => {
    class Picky extends BuiltinStrategy {
      override validate() {
        return [{ type: 'FieldValueRequired' as const, field: 'data', detail: '' }];
      }
    }
    const picky = define({ group: '', version: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true }, (r) => new Picky(r));
    expect(picky.strategy.validateUpdate(cm(), cm(), ctx)).toHaveLength(1);
  });
});

describe('a built-in strategy with options', () => {
  const s = withStatus.strategy;

  it('tracks generation, refuses strategic merge patches and names by its rule', () => {
    expect(s.tracksGeneration).toBe(true);
    expect(s.patchTypes).not.toContain('application/strategic-merge-patch+json');
    expect(s.nameRule).toBe('dns1123-label');
  });

  it("serves status as a subresource, which the resource's own updates leave as stored", () => {
    expect(Object.keys(s.subresources)).toEqual(['status']);
    expect(s.subresources['status']!.verbs).toEqual(['get', 'patch', 'update']);
    const old = cm({ status: { used: { pods: '1' } } });
    expect(s.resetFields(cm({ status: { used: { pods: '9' } } }), old)['status']).toEqual({ used: { pods: '1' } });
    const fromNone = s.resetFields(cm({ status: { used: {} } }), cm());
    expect('status' in fromNone).toBe(false);
    // A create keeps what it was sent: only custom resources start without status.
    expect(s.resetFields(cm({ status: { used: {} } }))['status']).toEqual({ used: {} });
  });
});
