import { describe, expect, it } from 'vitest';
import type { KObject, Schema } from '../../apimachinery/types.js';
import { compileMutatingPolicy, mutate, type MutatingPolicySpec } from './evaluate.js';

const cm = (extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', labels: { a: '1' } },
  data: { k: 'v' },
  ...extra,
});
const input = (object: KObject, params: unknown = null) => ({
  object,
  oldObject: null,
  request: { operation: 'CREATE' },
  params,
  namespaceObject: null,
});
const jsonPatch = (expression: string) => ({ patchType: 'JSONPatch', jsonPatch: { expression } });
const apply = (expression: string) => ({ patchType: 'ApplyConfiguration', applyConfiguration: { expression } });
const run = (spec: MutatingPolicySpec, object = cm(), schema?: Schema, params: unknown = null) =>
  mutate(compileMutatingPolicy(spec), input(object, params), schema, (o) => o);

const schema: Schema = {
  type: 'object',
  properties: {
    metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } },
    data: { type: 'object', additionalProperties: { type: 'string' } },
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        tags: { type: 'array', items: { type: 'string' } },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        selector: { type: 'object', 'x-kubernetes-map-type': 'atomic', properties: { app: { type: 'string' } } },
      },
    },
  },
};

describe('mutate: JSONPatch', () => {
  it('applies the operations the expression builds, with escapeKey, params and variables', () => {
    const out = run(
      {
        variables: [{ name: 'team', expression: 'params.data.team' }],
        mutations: [
          jsonPatch(
            '[JSONPatch{op: "add", path: "/metadata/labels/" + jsonpatch.escapeKey("example.com/team"), value: variables.team}, JSONPatch{op: "replace", path: "/data/k", value: "w"}, JSONPatch{op: "remove", path: "/metadata/labels/a"}]',
          ),
        ],
      },
      cm(),
      undefined,
      { data: { team: 'blue' } },
    );
    expect(out).toEqual({
      matched: true,
      errors: [],
      object: { ...cm(), metadata: { name: 'c', labels: { 'example.com/team': 'blue' } }, data: { k: 'w' } },
    });
  });

  it('leaves the object as it was when a test operation fails, and runs the mutations in turn', () => {
    const out = run({
      mutations: [
        jsonPatch('[JSONPatch{op: "test", path: "/data/k", value: "nope"}, JSONPatch{op: "replace", path: "/data/k", value: "x"}]'),
        jsonPatch('[JSONPatch{op: "add", path: "/data/seen", value: object.data.k + "!"}]'),
      ],
    });
    expect(out).toEqual({ matched: true, errors: [], object: { ...cm(), data: { k: 'v', seen: 'v!' } } });
  });

  it('reports runtime errors and bad patches in kube’s words, keeping the other mutations', () => {
    const out = run({
      mutations: [
        jsonPatch('[JSONPatch{op: "add", path: "/data/x", value: object.missing.field}]'),
        jsonPatch('[JSONPatch{op: "remove", path: "/nope/x"}]'),
        jsonPatch('[{"op": "add"}]'),
        jsonPatch('[JSONPatch{op: "add", path: "/data/ok", value: "1"}]'),
      ],
    });
    expect(out.matched && out.errors.length).toBe(3);
    if (!out.matched) return;
    expect(out.errors[0]).toMatch(
      /^expression '\[JSONPatch\{op: "add", path: "\/data\/x", value: object.missing.field\}\]' resulted in error: /,
    );
    expect(out.errors[1]).toMatch(/^JSONPath: /);
    expect(out.errors[2]).toBe('type mismatch: JSONPatchType.expression should evaluate to array of JSONPatch');
    expect(out.object['data']).toEqual({ k: 'v', ok: '1' });
  });

  it('is skipped when a matchCondition is false, and fails when one errs', () => {
    expect(run({ matchConditions: [{ name: 'no', expression: 'false' }], mutations: [jsonPatch('[]')] })).toEqual({ matched: false });
    const out = run({ matchConditions: [{ name: 'bad', expression: 'object.nope == 1' }], mutations: [jsonPatch('[]')] });
    expect(out.matched && out.errors[0]).toMatch(/^failed to evaluate match condition "bad": /);
  });

  it('keeps compilation errors', () => {
    const out = run({ mutations: [jsonPatch('[Nope{a: 1}]')] });
    expect(out.matched && out.errors).toEqual(["compilation failed: ERROR: <input>: undeclared reference to 'Nope' (in container '')"]);
  });
});

describe('mutate: ApplyConfiguration', () => {
  const obj = cm({ spec: { replicas: 1, ports: [{ name: 'a', port: 1 }], selector: { app: 'x' } } });

  it('merges the configuration as structured-merge-diff does: maps and keyed lists by key', () => {
    const out = run(
      {
        mutations: [
          apply(
            'Object{spec: Object.spec{replicas: 3, ports: [Object.spec.ports{name: "b", port: 2}]}, metadata: Object.metadata{labels: {"b": "2"}}}',
          ),
        ],
      },
      obj,
      schema,
    );
    expect(out).toEqual({
      matched: true,
      errors: [],
      object: {
        ...obj,
        metadata: { name: 'c', labels: { a: '1', b: '2' } },
        spec: {
          replicas: 3,
          ports: [
            { name: 'a', port: 1 },
            { name: 'b', port: 2 },
          ],
          selector: { app: 'x' },
        },
      },
    });
  });

  it('refuses atomic values and type names that are not their field’s path', () => {
    const atomic = run(
      { mutations: [apply('Object{spec: Object.spec{selector: Object.spec.selector{app: "y"}, tags: ["t"]}}')] },
      obj,
      schema,
    );
    expect(atomic.matched && atomic.errors).toEqual([
      'error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: .spec.selector, .spec.tags',
    ]);
    const wrong = run({ mutations: [apply('Object{spec: Object.spec{selector: Object.spec.wrong{}}}')] }, obj, schema);
    expect(wrong.matched && wrong.errors[0]).toMatch(/type mismatch/);
    const notObject = run({ mutations: [apply('{"spec": {"replicas": 3}}')] }, obj, schema);
    expect(notObject.matched && notObject.errors[0]).toMatch(/^unsupported return type from ApplyConfiguration expression/);
  });
});
