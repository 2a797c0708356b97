// No write can move an object to another key or change what identifies it: every write path (PUT, the three
// patch types, apply, status and scale) answers kube's refusals, and nothing is stored under the old key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH } from './patch-types.js';
import { widgetDef } from './widget.testkit.js';
import type { ResourceDef } from './types.js';
import { statusOf, verbHarness, type VerbHarness } from './verbs.testkit.js';
import { create } from './write.js';

let h: VerbHarness;
let cm: ResourceDef;
let ns: ResourceDef;
let widgets: ResourceDef;
let original: KObject;

const widgetSchema = {
  type: 'object' as const,
  properties: {
    spec: { type: 'object' as const, properties: { replicas: { type: 'integer' as const } } },
    status: { type: 'object' as const, properties: { replicas: { type: 'integer' as const } } },
  },
};

beforeAll(async () => {
  widgets = widgetDef(widgetSchema);
  h = verbHarness([widgets]);
  cm = h.def('', 'configmaps');
  ns = h.def('', 'namespaces');
  await h.create(ns, { metadata: { name: 'default' } });
  await h.create(ns, { metadata: { name: 'kube-system' } });
  original = await h.create(cm, { metadata: { name: 'a' }, data: { k: 'v' } });
  await h.create(widgets, { apiVersion: 'example.dev/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 1 } });
});
afterAll(() => h.close());

const RENAMED = 'the name of the object (coredns) does not match the name on the URL (a)';
const NO_NAME = 'the name of the object (a based on URL) was undeterminable: name must be provided';
const OTHER_NS = 'the namespace of the provided object does not match the namespace sent on the request';

describe('a write names its object by its URL', () => {
  it.each([
    ['PUT', () => h.update(cm, 'a', { ...original, metadata: { ...original.metadata, name: 'coredns' } }), RENAMED],
    ['PUT without a name', () => h.update(cm, 'a', { data: { k: 'v' } }), NO_NAME],
    [
      'PUT into another namespace',
      () => h.update(cm, 'a', { ...original, metadata: { ...original.metadata, namespace: 'kube-system' } }),
      OTHER_NS,
    ],
    [
      'JSON patch replace /metadata/name',
      () => h.patch(cm, 'a', JSON_PATCH, [{ op: 'replace', path: '/metadata/name', value: 'coredns' }]),
      RENAMED,
    ],
    ['JSON patch remove /metadata/name', () => h.patch(cm, 'a', JSON_PATCH, [{ op: 'remove', path: '/metadata/name' }]), NO_NAME],
    [
      'JSON patch replace /metadata/namespace',
      () => h.patch(cm, 'a', JSON_PATCH, [{ op: 'replace', path: '/metadata/namespace', value: 'kube-system' }]),
      OTHER_NS,
    ],
    ['merge patch of metadata.name', () => h.patch(cm, 'a', MERGE_PATCH, { metadata: { name: 'coredns' } }), RENAMED],
    ['merge patch of metadata.namespace', () => h.patch(cm, 'a', MERGE_PATCH, { metadata: { namespace: 'kube-system' } }), OTHER_NS],
    ['merge patch removing the name', () => h.patch(cm, 'a', MERGE_PATCH, { metadata: { name: null } }), NO_NAME],
    ['strategic merge patch of metadata.name', () => h.patch(cm, 'a', STRATEGIC_PATCH, { metadata: { name: 'coredns' } }), RENAMED],
    [
      'strategic merge patch of metadata.namespace',
      () => h.patch(cm, 'a', STRATEGIC_PATCH, { metadata: { namespace: 'kube-system' } }),
      OTHER_NS,
    ],
    [
      'apply with another name',
      () =>
        h.patch(cm, 'a', APPLY_PATCH, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns' } }, { query: 'fieldManager=m' }),
      RENAMED,
    ],
    [
      'apply into another namespace',
      () =>
        h.patch(
          cm,
          'a',
          APPLY_PATCH,
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'kube-system' } },
          { query: 'fieldManager=m' },
        ),
      OTHER_NS,
    ],
    [
      'status PUT with another name',
      () => h.update(cm, 'a', { ...original, metadata: { ...original.metadata, name: 'coredns' } }, { subresource: 'status' }),
      RENAMED,
    ],
  ])('%s → 400', async (_what, write, message) => {
    expect(await statusOf(write())).toMatchObject({ code: 400, reason: 'BadRequest', message });
    expect(h.get(cm, 'a')).toMatchObject({
      metadata: { name: 'a', namespace: 'default', resourceVersion: original.metadata.resourceVersion },
    });
    expect(h.get(cm, 'coredns', 'kube-system')).toBeUndefined();
    expect(h.get(cm, 'coredns')).toBeUndefined();
  });

  it('holds the scale and status subresources to the URL too', async () => {
    const scaleRename = await statusOf(
      h.patch(widgets, 'w', JSON_PATCH, [{ op: 'replace', path: '/metadata/name', value: 'other' }], { subresource: 'scale' }),
    );
    expect(scaleRename).toMatchObject({ code: 400, message: 'the name of the object (other) does not match the name on the URL (w)' });
    const statusMove = await statusOf(
      h.patch(widgets, 'w', MERGE_PATCH, { metadata: { namespace: 'kube-system' } }, { subresource: 'status' }),
    );
    expect(statusMove).toMatchObject({ code: 400, message: OTHER_NS });
    expect(h.get(widgets, 'w')).toMatchObject({ metadata: { name: 'w', namespace: 'default' } });
  });

  it('creates through apply only under the URL name', async () => {
    const s = await statusOf(
      h.patch(cm, 'fresh', APPLY_PATCH, { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } }, { query: 'fieldManager=m' }),
    );
    expect(s).toMatchObject({
      code: 400,
      message: 'the name of the object (fresh based on URL) was undeterminable: name must be provided',
    });
    expect(h.get(cm, 'fresh')).toBeUndefined();
  });
});

describe('what identifies an object cannot change', () => {
  it('refuses a new uid, deletionTimestamp or deletionGracePeriodSeconds with kube messages', async () => {
    expect((await statusOf(h.patch(cm, 'a', MERGE_PATCH, { metadata: { uid: 'forged' } }))).message).toBe(
      'ConfigMap "a" is invalid: metadata.uid: Invalid value: "forged": field is immutable',
    );
    expect((await statusOf(h.patch(cm, 'a', MERGE_PATCH, { metadata: { deletionTimestamp: '2020-01-02T03:04:05Z' } }))).message).toBe(
      'ConfigMap "a" is invalid: metadata.deletionTimestamp: Invalid value: 2020-01-02 03:04:05 +0000 UTC: field is immutable',
    );
    expect((await statusOf(h.patch(cm, 'a', MERGE_PATCH, { metadata: { deletionGracePeriodSeconds: 5 } }))).message).toBe(
      'ConfigMap "a" is invalid: metadata.deletionGracePeriodSeconds: Invalid value: 5: field is immutable',
    );
  });

  it('silently keeps uid (when left out), creationTimestamp and generation', async () => {
    const r = await h.patch(cm, 'a', MERGE_PATCH, {
      metadata: { uid: null, creationTimestamp: '2001-01-01T00:00:00Z', generation: 42 },
      data: { k: 'w' },
    });
    const o = r.body as KObject;
    expect(o.metadata).toMatchObject({ uid: original.metadata.uid, creationTimestamp: original.metadata.creationTimestamp });
    expect(o.metadata.generation).toBeUndefined();
  });

  it('answers a resourceVersion that is no number with 400, and requires one for custom resources', async () => {
    expect(await statusOf(h.patch(cm, 'a', MERGE_PATCH, { metadata: { resourceVersion: 'abc' } }))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'strconv.ParseUint: parsing "abc": invalid syntax',
    });
    const w = h.get(widgets, 'w')!;
    expect((await statusOf(h.update(widgets, 'w', { ...w, metadata: { ...w.metadata, resourceVersion: undefined } }))).message).toBe(
      'widgets.example.dev "w" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
    );
  });

  it('refuses a create that names a revision, as etcd does (not a dry run, nor a create through apply)', async () => {
    const named = { metadata: { name: 'revisioned', resourceVersion: '42' } };
    expect(await statusOf(h.create(cm, named))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      reason: 'BadRequest',
      code: 400,
      message: 'resourceVersion should not be set on objects to be created',
    });
    expect(h.get(cm, 'revisioned')).toBeUndefined();
    const dry = await create(h.reg, h.call(cm, { body: structuredClone(named), query: 'dryRun=All' }));
    expect(dry.status).toBe(201);
    // A revision the versioner cannot read is no revision to etcd.
    expect((await h.create(cm, { metadata: { name: 'unread', resourceVersion: 'abc' } })).metadata.resourceVersion).not.toBe('abc');
    const applied = await h.patch(
      cm,
      'via-apply',
      APPLY_PATCH,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'via-apply', resourceVersion: '42' } },
      { query: 'fieldManager=m' },
    );
    expect(applied.status).toBe(201);
  });
});
