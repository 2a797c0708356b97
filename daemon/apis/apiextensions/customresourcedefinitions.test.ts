// The CustomResourceDefinition strategy: defaulted and validated on every write (its validator loaded by its own
// preparation), the cleanup finalizer and an empty status on create.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { statusOf, verbHarness, type VerbHarness } from '../../registry/verbs.testkit.js';
import type { RequestContext } from '../../registry/types.js';
import { customresourcedefinitions as crds } from './customresourcedefinitions.js';

const ctx: RequestContext = { cluster: 'root', user: { username: 'u', groups: [] }, now: new Date(), dryRun: false };

const crd = (name = 'widgets.example.dev', spec: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name },
  spec: {
    group: 'example.dev',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    ...spec,
  },
});

let h: VerbHarness;
beforeAll(() => {
  h = verbHarness();
});
afterAll(() => h.close());

describe('the CustomResourceDefinition strategy', () => {
  it('loads the schema validator it validates with before the first write', async () => {
    const pending = crds.strategy.prepare?.();
    if (pending) await pending;
    expect(crds.strategy.prepare?.()).toBeUndefined();
  });

  it('defaults names and conversion, adds the cleanup finalizer and starts from an empty status', () => {
    const o = crd();
    o['status'] = { conditions: [{ type: 'Established', status: 'True' }] };
    crds.strategy.prepareForCreate(o, ctx);
    expect(o['spec']).toMatchObject({
      names: { plural: 'widgets', kind: 'Widget', singular: 'widget', listKind: 'WidgetList' },
      conversion: { strategy: 'None' },
    });
    expect(o.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    expect(o['status']).toEqual({ conditions: [], acceptedNames: { plural: '', kind: '' }, storedVersions: [] });
    expect([crds.strategy.tracksGeneration, Object.keys(crds.strategy.subresources)]).toEqual([true, ['status']]);
  });

  it('refuses an invalid CRD with every error at once, its name once', async () => {
    const status = await statusOf(h.create(crds, crd('widgets', { scope: 'Galactic' })));
    expect(status.code).toBe(422);
    expect(status.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "widgets" is invalid: [metadata.name: Invalid value: "widgets": must be spec.names.plural+"."+spec.group, spec.scope: Unsupported value: "Galactic": supported values: "Cluster", "Namespaced"]',
    );
    const mismatch = await statusOf(h.create(crds, crd('gadgets.example.dev')));
    expect(mismatch.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "gadgets.example.dev" is invalid: metadata.name: Invalid value: "gadgets.example.dev": must be spec.names.plural+"."+spec.group',
    );
  });

  it('keeps group and plural, and once established scope and kind, on update', async () => {
    const made = await h.create(crds, crd());
    expect(made.metadata.finalizers).toEqual(['customresourcecleanup.apiextensions.k8s.io']);
    const moved = await statusOf(
      h.update(crds, 'widgets.example.dev', { ...made, spec: { ...(made['spec'] as object), group: 'other.dev' } }),
    );
    expect(moved.message).toContain('spec.group: Invalid value: "other.dev": field is immutable');
  });
});
