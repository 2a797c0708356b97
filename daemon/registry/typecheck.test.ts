// Typed decoding: kube's Status for a body of the wrong shape, on each path a body takes (create/update, JSON and
// merge patches, strategic merge patches, server-side apply, DeleteOptions), and the normalisation Go's decoder
// applies (nulls, timestamps) — for built-ins from their schemas and for custom resources' metadata.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCustomResourceSchema } from '../apiextensions/validator.js';
import { customresourcedefinitions as crds } from '../apis/apiextensions/customresourcedefinitions.js';
import { authenticationResources } from '../apis/authentication/index.js';
import { authorizationResources } from '../apis/authorization/index.js';
import { leases } from '../apis/coordination/leases.js';
import { configmaps } from '../apis/core/configmaps.js';
import { coreEvents } from '../apis/core/events.js';
import { namespaces } from '../apis/core/namespaces.js';
import { resourcequotas } from '../apis/core/resourcequotas.js';
import { secrets } from '../apis/core/secrets.js';
import { serviceAccounts } from '../apis/core/serviceaccounts.js';
import { roles } from '../apis/rbac/roles.js';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { widgetDef } from './widget.testkit.js';
import { decodeDeleteOptions, decodeTyped, typeProblems, type DecodePath } from './typecheck.js';
import type { ResourceDef } from './types.js';

function refusal(def: ResourceDef, body: unknown, path?: DecodePath): StatusError {
  try {
    decodeTyped(def, body as KObject, path);
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(body)} decoded`);
}

const message = (def: ResourceDef, body: unknown, path?: DecodePath) => refusal(def, body, path).message;

describe('typed decoding of request bodies (400, as encoding/json words it)', () => {
  it('names the struct, the field path and the Go type', () => {
    expect(message(configmaps, { data: { a: 1 } })).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
    expect(message(configmaps, { metadata: { name: ['x1'] } })).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal array into Go struct field ObjectMeta.metadata.name of type string',
    );
    expect(message(configmaps, { metadata: { finalizers: 'x' } })).toMatch(
      /Go struct field ObjectMeta.metadata.finalizers of type \[\]string$/,
    );
    expect(message(configmaps, { metadata: { ownerReferences: {} } })).toMatch(
      /cannot unmarshal object into Go struct field ObjectMeta.metadata.ownerReferences of type \[\]v1.OwnerReference$/,
    );
    expect(message(configmaps, { metadata: { ownerReferences: [{ uid: 5 }] } })).toMatch(
      /cannot unmarshal number into Go struct field OwnerReference.metadata.ownerReferences.uid of type types.UID$/,
    );
    expect(message(configmaps, { metadata: 'x' })).toMatch(
      /cannot unmarshal string into Go struct field ConfigMap.metadata of type v1.ObjectMeta$/,
    );
    expect(message(roles, { rules: [{ verbs: [1] }] })).toBe(
      'Role in version "v1" cannot be handled as a Role: json: cannot unmarshal number into Go struct field PolicyRule.rules.verbs of type string',
    );
    expect(message(secrets, { type: 1 })).toMatch(/cannot unmarshal number into Go struct field Secret.type of type v1.SecretType$/);
    expect(message(namespaces, { spec: { finalizers: 'kubernetes' } })).toMatch(
      /Go struct field NamespaceSpec.spec.finalizers of type \[\]v1.FinalizerName$/,
    );
    expect(message(serviceAccounts(), { automountServiceAccountToken: 'yes' })).toMatch(
      /cannot unmarshal string into Go struct field ServiceAccount.automountServiceAccountToken of type bool$/,
    );
    expect(message(leases, { spec: { leaseDurationSeconds: '15' } })).toMatch(
      /cannot unmarshal string into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32$/,
    );
  });

  it('checks numbers against their Go type: integers, and their range', () => {
    expect(message(configmaps, { metadata: { generation: 1.5 } })).toMatch(
      /cannot unmarshal number 1.5 into Go struct field ObjectMeta.metadata.generation of type int64$/,
    );
    expect(message(leases, { spec: { leaseDurationSeconds: 2147483648 } })).toMatch(
      /cannot unmarshal number 2147483648 into Go struct field LeaseSpec.spec.leaseDurationSeconds of type int32$/,
    );
    expect(message(configmaps, { metadata: { generation: 10000000000000000000 } })).toMatch(
      /cannot unmarshal number 10000000000000000000 into Go struct field ObjectMeta.metadata.generation of type int64$/,
    );
    // 2^63 - 1 is int64's largest, but as a double it is 2^63, which no Go client could read back.
    expect(message(configmaps, { metadata: { generation: 2 ** 63 } })).toMatch(/of type int64$/);
    expect(() => decodeTyped(leases, { metadata: {}, spec: { leaseDurationSeconds: -2147483648 } })).not.toThrow();
  });

  it("reports what Go's own unmarshalers say: base64, times, quantities, int-or-string", () => {
    expect(message(configmaps, { binaryData: { a: 'not base64!' } })).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data at input byte 3',
    );
    expect(message(secrets, { data: { a: 'aGk' } })).toMatch(/: illegal base64 data at input byte 0$/);
    expect(message(configmaps, { metadata: { creationTimestamp: 'yesterday' } })).toMatch(
      /: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"$/,
    );
    expect(message(configmaps, { metadata: { creationTimestamp: 5 } })).toMatch(
      /cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string$/,
    );
    expect(message(coreEvents, { eventTime: '2024-01-01T00:00:00Z', involvedObject: {} })).toMatch(
      /: parsing time "2024-01-01T00:00:00Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "Z" as ".000000"$/,
    );
    expect(message(resourcequotas, { spec: { hard: { cpu: 'lots' } } })).toMatch(/: quantities must match the regular expression/);
    expect(message(resourcequotas, { spec: { hard: { cpu: true } } })).toMatch(/: quantities must match the regular expression/);
  });

  it('reports the first error Go returns at once (unmarshalers) before saved type mismatches', () => {
    expect(message(configmaps, { data: { a: 1 }, metadata: { creationTimestamp: 'x' } })).toMatch(/parsing time "x"/);
    expect(message(configmaps, { data: { a: 1 }, immutable: 'yes' })).toMatch(/ConfigMap.data of type string$/);
  });

  it('normalises as Go decodes: null fields dropped, null items and values zeroed, timestamps re-encoded', () => {
    const cm = {
      metadata: { name: 'a', labels: { x: null }, annotations: null, creationTimestamp: '2024-01-01T01:00:00+01:00' },
      data: null,
    } as unknown as KObject;
    decodeTyped(configmaps, cm);
    expect(cm).toEqual({ metadata: { name: 'a', labels: { x: '' }, creationTimestamp: '2024-01-01T00:00:00Z' } });
    const quota = { metadata: {}, spec: { hard: { pods: 10, cpu: 1.5, memory: null } } } as unknown as KObject;
    decodeTyped(resourcequotas, quota);
    expect(quota['spec']).toEqual({ hard: { pods: '10', cpu: '1.5', memory: '0' } });
    const role = { metadata: {}, rules: [null, { verbs: [null, 'get'] }] } as unknown as KObject;
    decodeTyped(roles, role);
    expect(role['rules']).toEqual([{}, { verbs: ['', 'get'] }]);
  });

  it('types the review kinds', () => {
    const sar = [...authenticationResources(), ...authorizationResources()].find((d) => d.kind === 'SubjectAccessReview')!;
    expect(message(sar, { spec: { resourceAttributes: { verb: ['get'] } } })).toMatch(
      /cannot unmarshal array into Go struct field ResourceAttributes.spec.resourceAttributes.verb of type string$/,
    );
    expect(message(sar, { spec: { extra: { a: 'b' } } })).toMatch(
      /cannot unmarshal string into Go struct field SubjectAccessReviewSpec.spec.extra of type v1.ExtraValue$/,
    );
    const tr = [...authenticationResources(), ...authorizationResources()].find((d) => d.kind === 'TokenReview')!;
    expect(message(tr, { spec: { token: 1 } })).toMatch(/Go struct field TokenReviewSpec.spec.token of type string$/);
  });

  it('leaves unknown fields to fieldValidation', () => {
    expect(() => decodeTyped(configmaps, { metadata: {}, unknown: { a: 1 } })).not.toThrow();
  });
});

describe('typed decoding on the patch paths', () => {
  it('JSON and merge patches: 422 on the patched object, as kube wraps DecodeInto', () => {
    const err = refusal(configmaps, { metadata: { name: 'a' }, data: { a: 1 } }, { via: 'patch' });
    expect(err.code).toBe(422);
    expect(err.message).toBe(
      ' "" is invalid: patch: Invalid value: "{\\"metadata\\":{\\"name\\":\\"a\\"},\\"data\\":{\\"a\\":1}}": json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
    );
    expect(err.status.details).toEqual({
      causes: [{ reason: 'FieldValueInvalid', field: 'patch', message: expect.stringMatching(/^Invalid value: /) as string }],
    });
  });

  it("strategic merge patches: 422 naming the patch as Go prints a map, with the converter's words", () => {
    const patch = { data: { a: 1 } };
    expect(message(configmaps, { metadata: {}, data: { a: 1 } }, { via: 'strategic-patch', patch })).toBe(
      ' "" is invalid: patch: Invalid value: "map[data:map[a:1]]": cannot convert int64 to string',
    );
    expect(message(configmaps, { metadata: {}, data: { a: 1.5 } }, { via: 'strategic-patch', patch })).toMatch(
      /: unrecognized type: string$/,
    );
    expect(message(configmaps, { metadata: { finalizers: 'x' } }, { via: 'strategic-patch', patch })).toMatch(
      /: cannot restore slice from string$/,
    );
    expect(message(configmaps, { metadata: { labels: [] } }, { via: 'strategic-patch', patch })).toMatch(
      /: cannot restore map from slice$/,
    );
    expect(message(configmaps, { metadata: 1 }, { via: 'strategic-patch', patch })).toMatch(/: cannot restore struct from: int64$/);
    expect(message(configmaps, { binaryData: { a: '!' } }, { via: 'strategic-patch', patch })).toMatch(
      /: error decoding from json: illegal base64 data at input byte 0$/,
    );
  });

  it("server-side apply: 400 with structured-merge-diff's typed patch errors, all of them", () => {
    const path: DecodePath = { via: 'apply', namespace: 'ns', name: 'n' };
    expect(message(configmaps, { metadata: {}, data: { a: 1 } }, path)).toBe(
      'failed to create typed patch object (ns/n; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:1}',
    );
    expect(message(configmaps, { metadata: { labels: { x: [] } }, data: { a: true } }, path)).toBe(
      'failed to create typed patch object (ns/n; /v1, Kind=ConfigMap): errors:\n  .metadata.labels.x: expected string, got &value.valueUnstructured{Value:[]interface {}{}}\n  .data.a: expected string, got &value.valueUnstructured{Value:true}',
    );
    expect(message(leases, { metadata: {}, spec: { leaseDurationSeconds: 'x' } }, path)).toMatch(
      /\.spec\.leaseDurationSeconds: expected numeric \(int or float\), got string$/,
    );
    expect(message(configmaps, { metadata: {}, immutable: 'x' }, path)).toMatch(/\.immutable: expected boolean, got &\{x\}$/);
    expect(message(roles, { metadata: {}, rules: {} }, path)).toMatch(/\.rules: expected list, got &\{map\[\]\}$/);
    expect(message(configmaps, { metadata: {}, binaryData: { a: '!' } }, path)).toBe(
      'failed to convert new object (ns/n; /v1, Kind=ConfigMap) to proper version: error decoding from json: illegal base64 data at input byte 0',
    );
  });

  it('DeleteOptions: 400 with the bare decode error (kube answers 500 with it)', () => {
    expect(() => decodeDeleteOptions({ propagationPolicy: 1 })).toThrow(
      /^json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation$/,
    );
    expect(() => decodeDeleteOptions({ preconditions: { uid: [] } })).toThrow(
      /Go struct field Preconditions.preconditions.uid of type types.UID$/,
    );
    expect(() => decodeDeleteOptions({ dryRun: 'All' })).toThrow(/Go struct field DeleteOptions.dryRun of type \[\]string$/);
    expect(() => decodeDeleteOptions({ gracePeriodSeconds: 0, propagationPolicy: 'Foreground' })).not.toThrow();
  });
});

describe('custom resources', () => {
  const schema = {
    type: 'object' as const,
    properties: {
      spec: {
        type: 'object' as const,
        properties: {
          n: { type: 'integer' as const },
          note: { type: 'string' as const, nullable: true },
          mode: { type: 'string' as const, default: 'a' },
          template: { type: 'object' as const, 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  };
  const def = widgetDef(schema, {}, compileCustomResourceSchema(schema, { kind: 'Widget', group: 'example.dev' }));
  // The write verbs prepare a strategy before decoding with it; these tests decode directly.
  beforeAll(() => def.strategy.prepare?.());

  it('types metadata as ObjectMeta decoded on its own, as GetObjectMeta does (400)', () => {
    expect(message(def, { metadata: { labels: { a: 1 } } })).toBe(
      'Widget in version "v1" cannot be handled as a Widget: json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string',
    );
    expect(message(def, { metadata: 'x' })).toBe(
      'Widget in version "v1" cannot be handled as a Widget: json: cannot unmarshal string into Go value of type v1.ObjectMeta',
    );
    expect(message(def, { apiVersion: 1, metadata: {} })).toMatch(
      /cannot unmarshal number into Go struct field .apiVersion of type string$/,
    );
    expect(message(def, { metadata: { labels: { a: 1 } } }, { via: 'apply', namespace: 'ns', name: 'w' })).toBe(
      'failed to create typed patch object (ns/w; example.dev/v1, Kind=Widget): .metadata.labels.a: expected string, got &value.valueUnstructured{Value:1}',
    );
  });

  it("leaves the rest to the CRD's schema (422 from validation), but not its embedded resources' TypeMeta and metadata", () => {
    expect(() => decodeTyped(def, { metadata: {}, spec: { n: 'x' } })).not.toThrow();
    expect(message(def, { metadata: {}, spec: { template: { apiVersion: 1 } } })).toBe(
      'Widget in version "v1" cannot be handled as a Widget: spec.template.apiVersion: Invalid value: 1: must be a string',
    );
    expect(message(def, { metadata: {}, spec: { template: { metadata: { name: 2 } } } })).toBe(
      'Widget in version "v1" cannot be handled as a Widget: spec.template.metadata: Invalid value: map[string]interface {}{"name":2}: json: cannot unmarshal number into Go struct field ObjectMeta.name of type string',
    );
  });

  it('drops nulls the schema neither allows nor defaults', () => {
    const w = { metadata: {}, spec: { n: null, note: null, mode: null, other: null } } as unknown as KObject;
    decodeTyped(def, w);
    expect(w['spec']).toEqual({ note: null, mode: null, other: null });
  });
});

describe('CustomResourceDefinition bodies: JSONSchemaProps typed as kube decodes it', () => {
  const crd = (openAPIV3Schema: unknown) => ({
    metadata: { name: 'ws.example.dev' },
    spec: {
      group: 'example.dev',
      scope: 'Cluster',
      names: { plural: 'ws', kind: 'W' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } }],
    },
  });

  it('types schema fields through properties maps', () => {
    expect(message(crds, crd({ type: 'object', properties: { a: { type: 5 } } }))).toBe(
      'CustomResourceDefinition in version "v1" cannot be handled as a CustomResourceDefinition: json: cannot unmarshal number into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.properties.type of type string',
    );
    expect(message(crds, crd({ type: 'object', required: 'a' }))).toMatch(
      /Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.required of type \[\]string$/,
    );
    expect(message(crds, crd({ type: 'object', properties: { a: { enum: 'x' } } }))).toMatch(/of type \[\]v1.JSON$/);
    expect(message(crds, crd({ type: 'object', 'x-kubernetes-validations': [{ rule: 1 }] }))).toMatch(
      /Go struct field ValidationRule.spec.versions.schema.openAPIV3Schema.x-kubernetes-validations.rule of type string$/,
    );
  });

  it('decodes the unions with their own unmarshalers: errors inside name the outer field, other values are dropped or refused', () => {
    // items: the schema's own decode error, reported at the outer field with the inner type.
    expect(message(crds, crd({ type: 'object', properties: { a: { type: 'array', items: { type: 'string', minLength: 'x' } } } }))).toMatch(
      /json: cannot unmarshal string into Go struct field JSONSchemaProps.spec.versions.schema.openAPIV3Schema.properties.items of type int64$/,
    );
    expect(message(crds, crd({ type: 'object', additionalProperties: 'x' }))).toMatch(
      /cannot be handled as a CustomResourceDefinition: boolean or JSON schema expected$/,
    );
    const ignored = crd({
      type: 'object',
      properties: { a: { type: 'array', items: 5 } },
      additionalProperties: false,
    }) as unknown as KObject;
    decodeTyped(crds, ignored);
    const schema = (
      ignored['spec'] as {
        versions: Array<{ schema: { openAPIV3Schema: { properties: { a: Record<string, unknown> }; additionalProperties: unknown } } }>;
      }
    ).versions[0]!.schema.openAPIV3Schema;
    expect(schema.properties.a).toEqual({ type: 'array' });
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('read-back checks', () => {
  it('finds every problem in a stored object without changing it', () => {
    const stored = { metadata: { name: 'a', labels: { x: 1 } }, data: { a: true }, binaryData: { b: '!' } } as unknown as KObject;
    expect(typeProblems(configmaps, stored).map((p) => p.path.join('.'))).toEqual(['metadata.labels.x', 'data.a', 'binaryData.b']);
    expect(typeProblems(configmaps, { metadata: { name: 'a', labels: { x: null } } } as unknown as KObject)).toEqual([]);
  });
});
