// The custom resource strategy, and the resources a CRD serves through it: what differs from built-ins (generation,
// status on create, conditional updates only, no strategic merge patch, the deleted object as a DELETE's answer,
// the field selector message, printer columns, the served version's apiVersion) and the schema operations it runs.
import { describe, expect, it } from 'vitest';
import { fieldErrorString } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { storageResource } from '../registry/keys.js';
import { get, list } from '../registry/read.js';
import { compileSelectors } from '../registry/selectors.js';
import { statusOf, verbHarness } from '../registry/verbs.testkit.js';
import type { RequestContext, ResourceDef } from '../registry/types.js';
import { servingCRD } from './custom-resource-strategy.js';
import { loadCrdValidator } from './load.js';
import { servedResources } from './served-resources.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };

const crd = (scope: string, versions: unknown[]): KObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.dev', uid: 'crd-uid', generation: 1 },
  spec: { group: 'example.dev', scope, names: { plural: 'gadgets', kind: 'Gadget', shortNames: ['gd'] }, versions },
});

const schema = {
  openAPIV3Schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { size: { type: 'integer', minimum: 1 }, color: { type: 'string', default: 'red' } } },
      status: { type: 'object', properties: { ready: { type: 'boolean' } } },
    },
  },
};

const gadgets = servedResources(
  crd('Namespaced', [
    {
      name: 'v1',
      served: true,
      storage: true,
      schema,
      subresources: { status: {}, scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' } },
      additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
    },
    { name: 'v1beta1', served: true, storage: false, schema, deprecated: true },
    { name: 'v0', served: false, storage: false, schema },
  ]),
  new Map(),
);
const [v1, v1beta1] = gadgets as [ResourceDef, ResourceDef];
const gadget = (extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'example.dev/v1',
  kind: 'Gadget',
  metadata: { name: 'g', namespace: 'ns' },
  ...extra,
});

describe('the resources a CRD serves', () => {
  it('are its served versions, storage version first, named as spec.names says', () => {
    expect(gadgets.map((d) => [d.version, d.plural, d.kind, d.listKind, d.singular, d.namespaced])).toEqual([
      ['v1', 'gadgets', 'Gadget', 'GadgetList', 'gadget', true],
      ['v1beta1', 'gadgets', 'Gadget', 'GadgetList', 'gadget', true],
    ]);
    expect(v1beta1.deprecationWarning).toBe('example.dev/v1beta1 Gadget is deprecated');
    expect(servingCRD(v1)).toEqual({ uid: 'crd-uid', name: 'gadgets.example.dev' });
    expect(v1.openAPISchema).toBe(schema.openAPIV3Schema);
  });

  it('have the subresources of their version, printer columns, and the CRD table when none', () => {
    expect(Object.keys(v1.strategy.subresources)).toEqual(['status', 'scale']);
    expect(v1beta1.strategy.subresources).toEqual({});
    expect(v1.strategy.table.columns.map((c) => [c.name, c.type, c.description])).toEqual([
      ['Size', 'integer', 'Custom resource definition column (in JSONPath format): .spec.size'],
    ]);
    expect(v1.strategy.table.cells(gadget({ spec: { size: 3 } }), Date.now())).toEqual([3]);
    expect(v1beta1.strategy.table.columns.map((c) => c.name)).toEqual(['Age']);
  });
});

describe('the custom resource strategy', () => {
  const s = v1.strategy;

  it('tracks generation, wants a resourceVersion on update, refuses strategic merge patch and answers deletes with the object', () => {
    expect([s.tracksGeneration, s.allowUnconditionalUpdate, s.returnDeletedObject, s.storedIsServed]).toEqual([true, false, true, false]);
    expect(s.patchTypes).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  });

  it('starts a create without status when status is a subresource, and keeps the stored one on update', () => {
    expect('status' in s.resetFields(gadget({ status: { ready: true } }))).toBe(false);
    expect(v1beta1.strategy.resetFields(gadget({ status: { ready: true } }))['status']).toEqual({ ready: true });
    expect(s.resetFields(gadget({ status: { ready: false } }), gadget({ status: { ready: true } }))['status']).toEqual({ ready: true });
  });

  it('serves an object stored through another version with its own apiVersion', () => {
    const stored = gadget({ apiVersion: 'example.dev/v1beta1' });
    expect(s.served(stored)).toEqual({ ...stored, apiVersion: 'example.dev/v1' });
    expect(stored.apiVersion).toBe('example.dev/v1beta1');
    const same = gadget();
    expect(s.served(same)).toBe(same);
  });

  it('judges stored JSON as served by its first key only, never by an apiVersion further in', () => {
    const judge = (o: unknown) => s.servesStoredText!(JSON.stringify(o));
    expect(judge(gadget({ spec: { size: 1 } }))).toBe(true);
    expect(judge({ apiVersion: 'example.dev/v1' })).toBe(true);
    // Stored through the older version, naming the served one in spec and in an owner reference.
    const older = gadget({
      apiVersion: 'example.dev/v1beta1',
      spec: { apiVersion: 'example.dev/v1', template: { apiVersion: 'example.dev/v1' } },
    });
    older.metadata.ownerReferences = [{ apiVersion: 'example.dev/v1', kind: 'Gadget', name: 'o', uid: 'u' }];
    expect(judge(older)).toBe(false);
    expect(v1beta1.strategy.servesStoredText!(JSON.stringify(older))).toBe(true);
    // apiVersion not first: served the slow way, even when it is the served version.
    expect(judge({ kind: 'Gadget', apiVersion: 'example.dev/v1', metadata: { name: 'g' } })).toBe(false);
    expect(judge({ metadata: { name: 'g' }, spec: { apiVersion: 'example.dev/v1' }, apiVersion: 'example.dev/v1beta1' })).toBe(false);
    // A version that only starts like the served one.
    expect(judge({ apiVersion: 'example.dev/v10' })).toBe(false);
    expect(judge({ apiVersion: 'example.dev/v1"' })).toBe(false);
  });

  it("is selected by metadata.name and metadata.namespace only, with apiextensions' words for the rest", () => {
    expect(compileSelectors(v1, { labelSelector: '', fieldSelector: 'metadata.namespace=ns' })!(gadget())).toBe(true);
    expect(() => compileSelectors(v1, { labelSelector: '', fieldSelector: 'spec.size=1' })).toThrow(
      '"spec.size" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    const [cluster] = servedResources(crd('Cluster', [{ name: 'v1', served: true, storage: true, schema }]), new Map());
    expect(() => compileSelectors(cluster!, { labelSelector: '', fieldSelector: 'metadata.namespace=x' })).toThrow(
      '"metadata.namespace" is not a known field selector: only "metadata.name"',
    );
  });

  it("types TypeMeta and ObjectMeta only; its own fields are the schema's", () => {
    const opts = { normalize: false, stopAtImmediate: false, max: 8 };
    expect(
      s
        .decodeIssues(gadget({ kind: 5, metadata: { name: 'g', labels: { a: 1 } }, spec: { size: 'big' } }), opts)
        .map((i) => i.path.join('.')),
    ).toEqual(['kind', 'metadata.labels.a']);
  });

  it('prunes unknown fields whatever fieldValidation says, defaults, and validates by the schema once its validator is loaded', async () => {
    await loadCrdValidator();
    expect(s.prepare?.()).toBeUndefined();
    const o = gadget({ spec: { size: 0, junk: 1 }, extra: true });
    expect(s.decodeFields(o, false).sort()).toEqual(['extra', 'spec.junk']);
    expect(o['spec']).toEqual({ size: 0, color: 'red' });
    expect(s.validate(o, ctx).map(fieldErrorString)).toEqual([
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    ]);
    expect(s.validateUpdate(gadget({ spec: { size: 2 } }), o, ctx)).toEqual([]);
  });
});

describe('custom resources through the verbs', () => {
  it('need a resourceVersion to update and answer a DELETE with the deleted object', async () => {
    const h = verbHarness([v1]);
    try {
      await h.create(h.def('', 'namespaces'), { metadata: { name: 'ns' } });
      const made = await h.create(v1, gadget({ spec: { size: 2 }, status: { ready: true } }), 'ns');
      expect(made.metadata.generation).toBe(1);
      expect('status' in made).toBe(false);
      const unconditional = await statusOf(
        h.update(v1, 'g', { ...gadget({ spec: { size: 3 } }), metadata: { name: 'g', namespace: 'ns' } }, { namespace: 'ns' }),
      );
      expect([unconditional.code, unconditional.message]).toEqual([
        422,
        'gadgets.example.dev "g" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      ]);
      const gone = await h.delete(v1, 'g', undefined, { namespace: 'ns' });
      expect((gone.body as KObject).kind).toBe('Gadget');
    } finally {
      h.close();
    }
  });

  it('are read as stored text when stored in the served version, and served with its apiVersion when not', async () => {
    const h = verbHarness([v1, v1beta1]);
    try {
      await h.create(h.def('', 'namespaces'), { metadata: { name: 'ns' } });
      await h.create(v1, gadget({ metadata: { name: 'a', namespace: 'ns', labels: { k: 'v' } }, spec: { size: 1 } }), 'ns');
      // Stored through v1beta1 with its metadata first, an owner reference naming v1 before its own apiVersion.
      const owner = { apiVersion: 'example.dev/v1', kind: 'Gadget', name: 'a', uid: 'u' };
      const older = {
        metadata: { name: 'b', namespace: 'ns', ownerReferences: [owner] },
        apiVersion: 'example.dev/v1beta1',
        kind: 'Gadget',
        spec: { size: 2 },
      };
      await h.create(v1beta1, older, 'ns');
      const storedText = (name: string) => h.reg.store.getRaw({ cluster: 'root', resource: storageResource(v1), namespace: 'ns', name })!;
      expect(JSON.parse(storedText('b')).apiVersion).toBe('example.dev/v1beta1');
      expect(v1.strategy.servesStoredText!(storedText('a'))).toBe(true);

      const rawRead = async (def: ResourceDef, o: { name?: string; query?: string }) => {
        const call = { ...h.call(def, { namespace: 'ns', ...o }), rawOk: true };
        const r = await (o.name === undefined ? list(h.reg, call) : get(h.reg, call));
        return r.raw!;
      };
      const all = await rawRead(v1, {});
      expect(all).toContain(storedText('a'));
      const items = (JSON.parse(all) as { items: KObject[] }).items;
      expect(items.map((i) => [i.metadata.name, i.apiVersion])).toEqual([
        ['a', 'example.dev/v1'],
        ['b', 'example.dev/v1'],
      ]);
      expect(items[1]!.metadata.ownerReferences).toEqual([owner]);
      expect(JSON.parse(await rawRead(v1, { name: 'b' })).apiVersion).toBe('example.dev/v1');
      expect(await rawRead(v1beta1, { name: 'b' })).toBe(storedText('b'));
      expect((JSON.parse(await rawRead(v1beta1, { name: 'a' })) as KObject).apiVersion).toBe('example.dev/v1beta1');

      // Pages and selectors as any list.
      const first = JSON.parse(await rawRead(v1beta1, { query: 'limit=1' })) as { metadata: Record<string, unknown>; items: KObject[] };
      expect([first.items.map((i) => i.apiVersion), first.metadata['remainingItemCount']]).toEqual([['example.dev/v1beta1'], 1]);
      const next = JSON.parse(await rawRead(v1beta1, { query: `limit=1&continue=${String(first.metadata['continue'])}` })) as {
        items: KObject[];
      };
      expect(next.items.map((i) => [i.metadata.name, i.apiVersion])).toEqual([['b', 'example.dev/v1beta1']]);
      const selected = JSON.parse(await rawRead(v1, { query: 'labelSelector=k%3Dv' })) as { items: KObject[] };
      expect(selected.items.map((i) => i.metadata.name)).toEqual(['a']);
    } finally {
      h.close();
    }
  });
});
