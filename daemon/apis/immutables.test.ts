// The fields each built-in kind freezes, refused with kube's messages on every write path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { fieldErrorString } from '../apimachinery/status.js';
import { JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from '../registry/patch-types.js';
import { statusOf, verbHarness, type VerbHarness } from '../registry/verbs.testkit.js';
import { validateCRDUpdate } from '../apiextensions/validate-crd.js';

let h: VerbHarness;

beforeAll(async () => {
  h = verbHarness();
  await h.create(h.def('', 'namespaces'), { metadata: { name: 'default' } });
});
afterAll(() => h.close());

describe('ConfigMaps and Secrets marked immutable', () => {
  it('freeze data and binaryData, and the mark itself', async () => {
    const cm = h.def('', 'configmaps');
    await h.create(cm, { metadata: { name: 'frozen' }, data: { a: '1', b: '2' }, immutable: true });
    const msg = async (type: string, body: unknown) => (await statusOf(h.patch(cm, 'frozen', type, body))).message;
    expect(await msg(MERGE_PATCH, { data: { a: 'x' } })).toBe(
      'ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    expect(await msg(JSON_PATCH, [{ op: 'add', path: '/binaryData', value: { z: 'AA==' } }])).toBe(
      'ConfigMap "frozen" is invalid: binaryData: Forbidden: field is immutable when `immutable` is set',
    );
    expect(await msg(STRATEGIC_PATCH, { immutable: false, data: { c: '3' } })).toBe(
      'ConfigMap "frozen" is invalid: [immutable: Forbidden: field is immutable when `immutable` is set, data: Forbidden: field is immutable when `immutable` is set]',
    );
    expect(await msg(JSON_PATCH, [{ op: 'remove', path: '/immutable' }])).toBe(
      'ConfigMap "frozen" is invalid: immutable: Forbidden: field is immutable when `immutable` is set',
    );
    // The same data in another key order, and labels, may still change.
    const r = await h.patch(cm, 'frozen', MERGE_PATCH, { metadata: { labels: { l: 'v' } } });
    expect((r.body as KObject).metadata.labels).toEqual({ l: 'v' });
    const same = h.get(cm, 'frozen')!;
    await h.update(cm, 'frozen', { ...same, data: { b: '2', a: '1' } });
  });

  it('freeze a Secret’s data (stringData included) and its type', async () => {
    const secrets = h.def('', 'secrets');
    await h.create(secrets, {
      metadata: { name: 's' },
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'u', password: 'p' },
      immutable: true,
    });
    expect((await statusOf(h.patch(secrets, 's', MERGE_PATCH, { stringData: { password: 'q' } }))).message).toBe(
      'Secret "s" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
    expect((await statusOf(h.patch(secrets, 's', MERGE_PATCH, { type: 'Opaque' }))).message).toBe(
      'Secret "s" is invalid: type: Invalid value: "Opaque": field is immutable',
    );
  });
});

describe('bindings, quotas and events', () => {
  it('refuses a new roleRef, printing it as kube does, but not a reordered one', async () => {
    const rb = h.def('rbac.authorization.k8s.io', 'rolebindings');
    await h.create(rb, {
      metadata: { name: 'rb' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'User', name: 'bob' }],
    });
    expect((await statusOf(h.patch(rb, 'rb', MERGE_PATCH, { roleRef: { name: 'admin' } }))).message).toBe(
      'RoleBinding.rbac.authorization.k8s.io "rb" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"admin"}: cannot change roleRef',
    );
    const cur = h.get(rb, 'rb')!;
    await h.update(rb, 'rb', { ...cur, roleRef: { name: 'view', kind: 'ClusterRole', apiGroup: 'rbac.authorization.k8s.io' } });
  });

  it('refuses new quota scopes, as a set', async () => {
    const q = h.def('', 'resourcequotas');
    await h.create(q, { metadata: { name: 'q' }, spec: { hard: { pods: '1' }, scopes: ['BestEffort', 'NotTerminating'] } });
    await h.patch(q, 'q', MERGE_PATCH, { spec: { scopes: ['NotTerminating', 'BestEffort', 'BestEffort'] } });
    expect((await statusOf(h.patch(q, 'q', MERGE_PATCH, { spec: { scopes: ['BestEffort'] } }))).message).toBe(
      'ResourceQuota "q" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort"}: field is immutable',
    );
    expect((await statusOf(h.patch(q, 'q', MERGE_PATCH, { spec: { scopes: null } }))).message).toBe(
      'ResourceQuota "q" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope(nil): field is immutable',
    );
  });

  it('freezes what an events.k8s.io Event reports, under the internal field names', async () => {
    const ev = h.def('events.k8s.io', 'events');
    await h.create(ev, {
      metadata: { name: 'e' },
      eventTime: '2026-01-02T03:04:05.123456Z',
      reportingController: 'example.com/ctl',
      reportingInstance: 'i',
      action: 'Act',
      reason: 'Why',
      type: 'Normal',
      regarding: { kind: 'Pod', namespace: 'default', name: 'p', apiVersion: 'v1' },
      note: 'hello',
    });
    expect((await statusOf(h.patch(ev, 'e', MERGE_PATCH, { note: 'changed', regarding: { name: 'q' } }))).message).toBe(
      'Event.events.k8s.io "e" is invalid: [involvedObject: Invalid value: core.ObjectReference{Kind:"Pod", Namespace:"default", Name:"q", UID:"", APIVersion:"v1", ResourceVersion:"", FieldPath:""}: field is immutable, message: Invalid value: "changed": field is immutable]',
    );
    expect((await statusOf(h.patch(ev, 'e', MERGE_PATCH, { eventTime: '2026-01-02T03:04:06.000001Z' }))).message).toBe(
      'Event.events.k8s.io "e" is invalid: eventTime: Invalid value: 2026-01-02 03:04:06.000001 +0000 UTC: field is immutable',
    );
    // The same instant spelled differently is no change; a series may be added.
    await h.patch(ev, 'e', MERGE_PATCH, {
      eventTime: '2026-01-02T03:04:05.123456+00:00',
      series: { count: 2, lastObservedTime: '2026-01-02T03:05:00.000000Z' },
    });
    // The core/v1 view of Events keeps no such rules.
    const core = h.def('', 'events');
    await h.create(core, {
      metadata: { name: 'c' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
      reason: 'R',
      message: 'm',
    });
    await h.patch(core, 'c', MERGE_PATCH, { message: 'm2', count: 3 });
  });
});

describe('CustomResourceDefinitions', () => {
  const crd = (scope: string, kind: string, plural = 'widgets', group = 'example.dev', established = true): KObject => ({
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope, names: { plural, kind } },
    status: { conditions: established ? [{ type: 'Established', status: 'True' }] : [] },
  });

  it('freezes group and plural always, scope and kind once established', () => {
    const errs = (now: KObject, old: KObject) => validateCRDUpdate(now, old).map(fieldErrorString);
    expect(errs(crd('Cluster', 'Gadget'), crd('Namespaced', 'Widget'))).toEqual([
      'spec.scope: Invalid value: "Cluster": field is immutable',
      'spec.names.kind: Invalid value: "Gadget": field is immutable',
    ]);
    expect(errs(crd('Cluster', 'Gadget'), crd('Namespaced', 'Widget', 'widgets', 'example.dev', false))).toEqual([]);
    expect(errs(crd('Namespaced', 'Widget', 'gadgets', 'other.dev'), crd('Namespaced', 'Widget'))).toEqual([
      'spec.group: Invalid value: "other.dev": field is immutable',
      'spec.names.plural: Invalid value: "gadgets": field is immutable',
    ]);
  });
});
