// Every built-in kind kcpx serves from kube's API groups decodes from protobuf, as client-go sends them: for each
// served kind (and each subresource's body kind), an object with every field of its schema component set is encoded
// by a test encoder driven by the descriptors and must decode back to itself — so a kind added without a descriptor,
// or a field its descriptor lacks, fails here. kcp's own kinds are JSON-only on kcp as well: 415.
import { describe, expect, it } from 'vitest';
import { builtinResources } from '../../apis/index.js';
import { components } from '../../schemas/index.js';
import { ALL_BATTERIES } from '../../registry/types.js';
import { StatusError } from '../status.js';
import type { Schema } from '../types.js';
import { isMap, isMessage, isRepeated, isValue, type ElementType, type MessageType } from './descriptor.js';
import { decodeKubernetesProtobuf } from './index.js';
import { messageFor } from './kinds.js';
import { envelope, pb } from './protobuf.testkit.js';

const TIME = '2024-05-06T07:08:09Z';
const MICRO = '2024-05-06T07:08:09.123456Z';
const REF = '#/components/schemas/';
const JSON_SCHEMA = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.';

/** Values for the components whose JSON form is not an object of their properties. */
const SPECIAL: Record<string, (depth: number) => unknown> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => TIME,
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => MICRO,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': () => '1500m',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': () => ({ 'f:data': { 'f:a': {} } }),
  [`${JSON_SCHEMA}JSON`]: () => ({ any: ['json', 1, true] }),
  [`${JSON_SCHEMA}JSONSchemaPropsOrArray`]: (d) => [schemaSample(d), schemaSample(d)],
  [`${JSON_SCHEMA}JSONSchemaPropsOrBool`]: (d) => schemaSample(d),
  [`${JSON_SCHEMA}JSONSchemaPropsOrStringArray`]: () => ['a', 'b'],
};

type Obj = Record<string, unknown>;

function deref(s: Schema): { name?: string; schema: Schema } {
  const ref = (s as { $ref?: string }).$ref ?? (s.allOf?.[0] as { $ref?: string } | undefined)?.$ref;
  if (!ref) return { schema: s };
  const name = ref.slice(REF.length);
  return { name, schema: components[name]! };
}

/** A value with every property set (non-zero, so no omitempty drops it), recursion cut at `depth`. */
function sample(s: Schema, depth: number): unknown {
  const { name, schema } = deref(s);
  if (name && SPECIAL[name]) return SPECIAL[name](depth + 1);
  if (depth > 5) return undefined;
  if (schema.enum?.length) return schema.enum[schema.enum.length - 1];
  if ((schema as Obj)['x-kubernetes-int-or-string']) return '1500m';
  switch (schema.type) {
    case 'string':
      return schema.format === 'byte' ? 'aGk=' : schema.format === 'date-time' ? TIME : 'x';
    case 'integer':
      return 3;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array': {
      const item = sample(schema.items as Schema, depth + 1);
      return item === undefined ? undefined : [item];
    }
  }
  const out: Obj = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) {
    if (k === 'apiVersion' || k === 'kind') continue;
    const v = sample(p, depth + 1);
    if (v !== undefined) out[k] = v;
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object') {
    const v = sample(extra, depth + 1);
    if (v !== undefined) out['key'] = v;
  }
  return out;
}

/** A JSONSchemaProps sample, shallower than the others (it nests itself in a dozen fields). */
function schemaSample(depth: number): unknown {
  return depth > 3 ? { type: 'string', maximum: 2.5 } : sample({ $ref: `${REF}${JSON_SCHEMA}JSONSchemaProps` }, depth + 2);
}

// ---- a protobuf encoder driven by the descriptors (what client-go's generated Marshal does for these objects)

const timestamp = (text: string) => {
  const ms = Date.parse(text);
  const micros = /\.(\d{6})Z$/.exec(text)?.[1];
  return Buffer.concat([pb.varint(1, Math.floor(ms / 1000)), ...(micros ? [pb.varint(2, Number(micros) * 1000)] : [])]);
};

const VALUES: Record<string, (v: unknown) => Buffer> = {
  Time: (v) => timestamp(v as string),
  MicroTime: (v) => timestamp(v as string),
  Quantity: (v) => pb.str(1, v as string),
  FieldsV1: (v) => pb.str(1, JSON.stringify(v)),
  StringList: (v) => Buffer.concat((v as string[]).map((s) => pb.str(1, s))),
  JSON: (v) => pb.str(1, JSON.stringify(v)),
  JSONSchemaPropsOrArray: (v) =>
    Array.isArray(v)
      ? Buffer.concat(v.map((s) => pb.bytes(2, encode(schemaType(), s as Obj))))
      : pb.bytes(1, encode(schemaType(), v as Obj)),
  JSONSchemaPropsOrBool: (v) => (typeof v === 'boolean' ? pb.varint(1, v) : pb.bytes(2, encode(schemaType(), v as Obj))),
  JSONSchemaPropsOrStringArray: (v) =>
    Array.isArray(v) ? Buffer.concat(v.map((s) => pb.str(2, s as string))) : pb.bytes(1, encode(schemaType(), v as Obj)),
};

const schemaType = () => findMessage(messageFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!, 'JSONSchemaProps')!;

function findMessage(t: MessageType, name: string, seen = new Set<MessageType>()): MessageType | undefined {
  if (t.message === name) return t;
  if (seen.has(t)) return undefined;
  seen.add(t);
  for (const d of t.fields.values()) {
    const el = isRepeated(d.type) ? d.type.repeated : isMap(d.type) ? d.type.map : d.type;
    if (typeof el === 'object' && isMessage(el)) {
      const hit = findMessage(el, name, seen);
      if (hit) return hit;
    }
  }
  return undefined;
}

function element(no: number, t: ElementType, v: unknown): Buffer {
  switch (t) {
    case 'string':
      return pb.str(no, v as string);
    case 'bytes':
      return pb.bytes(no, Buffer.from(v as string, 'base64'));
    case 'int32':
    case 'int64':
      return pb.varint(no, BigInt(v as number));
    case 'bool':
      return pb.varint(no, v as boolean);
    case 'double': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(v as number);
      return pb.fixed64(no, b);
    }
  }
  if (isMessage(t)) return pb.bytes(no, encode(t, v as Obj));
  const value = VALUES[t.value];
  if (!value) throw new Error(`no test encoder for ${t.value}`);
  return pb.bytes(no, value(v));
}

/** What the decoder gives back: a MicroTime always has its six fractional digits (here zero). */
function expected(t: ElementType, v: unknown): unknown {
  if (typeof t === 'string') return v;
  if (isValue(t)) return t.value === 'MicroTime' ? (v as string).replace(/Z$/, '.000000Z') : v;
  const out: Obj = { ...(v as Obj) };
  for (const d of t.fields.values()) {
    const x = d.json === '' ? undefined : out[d.json];
    if (x === undefined) continue;
    const dt = d.type;
    if (isRepeated(dt)) out[d.json] = (x as unknown[]).map((e) => expected(dt.repeated, e));
    else if (isMap(dt)) out[d.json] = Object.fromEntries(Object.entries(x as Obj).map(([k, e]) => [k, expected(dt.map, e)]));
    else out[d.json] = expected(dt, x);
  }
  return out;
}

function encode(type: MessageType, obj: Obj): Buffer {
  const out: Buffer[] = [];
  for (const [no, d] of type.fields) {
    // An inlined struct takes its fields from the object itself.
    const v = d.json === '' ? obj : obj[d.json];
    if (v === undefined) continue;
    const t = d.type;
    if (isRepeated(t)) for (const x of v as unknown[]) out.push(element(no, t.repeated, x));
    else if (isMap(t)) for (const [k, x] of Object.entries(v as Obj)) out.push(pb.entry(no, k, element(2, t.map, x)));
    else out.push(element(no, t, v));
  }
  return Buffer.concat(out);
}

// ---- the served kinds

const served = builtinResources(new Set(ALL_BATTERIES), {}, true);
const gv = (d: { group: string; version: string }) => (d.group ? `${d.group}/${d.version}` : d.version);
const isKcp = (group: string) => group.endsWith('kcp.io');

/** Each kind a client may send a body of: the served kinds and their subresources' own kinds. */
function bodyKinds(): Array<{ group: string; version: string; kind: string; schemaName: string }> {
  const out = new Map<string, { group: string; version: string; kind: string; schemaName: string }>();
  for (const d of served) {
    out.set(`${gv(d)}/${d.kind}`, { group: d.group, version: d.version, kind: d.kind, schemaName: d.schemaName! });
    for (const sub of Object.values(d.strategy.subresources)) {
      if (!sub.kind) continue;
      const suffix = `.${sub.kind.version}.${sub.kind.kind}`;
      const pkg = sub.kind.group.split('.')[0]!;
      const schemaName = Object.keys(components).find((k) => k.endsWith(suffix) && k.includes(`.${pkg}.`))!;
      out.set(`${gv(sub.kind)}/${sub.kind.kind}`, { ...sub.kind, schemaName });
    }
  }
  // Bodies of subresources that the kinds above do not list with these options: a ServiceAccount's token
  // (served when the daemon issues tokens) and a custom resource's scale.
  for (const [group, version, kind] of [
    ['authentication.k8s.io', 'v1', 'TokenRequest'],
    ['autoscaling', 'v1', 'Scale'],
  ] as const) {
    out.set(`${gv({ group, version })}/${kind}`, {
      group,
      version,
      kind,
      schemaName: `io.k8s.api.${group.split('.')[0]}.${version}.${kind}`,
    });
  }
  return [...out.values()];
}

describe('protobuf bodies for every served built-in kind', () => {
  const kinds = bodyKinds();

  it('covers what kcpx serves', () => {
    const names = kinds.map((k) => `${gv(k)}/${k.kind}`);
    expect(names).toEqual(expect.arrayContaining(['v1/ConfigMap', 'autoscaling/v1/Scale', 'authentication.k8s.io/v1/TokenRequest']));
    expect(names.length).toBeGreaterThanOrEqual(served.length);
  });

  for (const k of kinds.filter((x) => !isKcp(x.group))) {
    it(`${gv(k)} ${k.kind} decodes every field of its schema`, () => {
      const type = messageFor(gv(k), k.kind);
      expect(type, `no protobuf descriptor for ${gv(k)}, Kind=${k.kind}`).toBeDefined();
      const object = sample({ $ref: `${REF}${k.schemaName}` }, 0) as Obj;
      const decoded = decodeKubernetesProtobuf(envelope(gv(k), k.kind, encode(type!, object)));
      expect(decoded).toEqual({ apiVersion: gv(k), kind: k.kind, ...(expected(type!, object) as Obj) });
    });
  }

  it("answers kcp's kinds with 415, as kcp (JSON only)", () => {
    const kcp = kinds.filter((x) => isKcp(x.group));
    expect(kcp.map((x) => x.kind)).toEqual(expect.arrayContaining(['Workspace', 'LogicalCluster', 'APIBinding']));
    for (const k of kcp) {
      let err: unknown;
      try {
        decodeKubernetesProtobuf(envelope(gv(k), k.kind, pb.msg(1, pb.str(1, 'x'))));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StatusError);
      expect((err as StatusError).code).toBe(415);
      expect((err as StatusError).message).toBe(
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, ' +
          `application/vnd.kubernetes.protobuf (not for ${gv(k)}, Kind=${k.kind})`,
      );
    }
  });

  it('decodes DeleteOptions under every served group version', () => {
    for (const version of new Set(served.map(gv))) {
      const d = decodeKubernetesProtobuf(envelope(version, 'DeleteOptions', pb.varint(1, 0), pb.str(4, 'Foreground')));
      expect(d).toEqual({ apiVersion: version, kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Foreground' });
    }
  });
});

describe('JSONSchemaProps in both of its forms', () => {
  const crd = (schema: Obj) => ({
    metadata: { name: 'widgets.example.dev' },
    spec: {
      group: 'example.dev',
      names: { plural: 'widgets', kind: 'Widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: schema } }],
    },
  });
  const roundTrip = (schema: Obj) => {
    const type = messageFor('apiextensions.k8s.io/v1', 'CustomResourceDefinition')!;
    const decoded = decodeKubernetesProtobuf(envelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', encode(type, crd(schema))));
    return (decoded['spec'] as { versions: Array<{ schema: { openAPIV3Schema: Obj } }> }).versions[0]!.schema.openAPIV3Schema;
  };

  it('reads items, additionalProperties and dependencies as a schema or as their other form', () => {
    const one = { type: 'object', items: { type: 'string' }, additionalProperties: false, dependencies: { a: ['b'] } };
    expect(roundTrip(one)).toEqual(one);
    const other = {
      type: 'object',
      items: [{ type: 'string' }, { type: 'integer' }],
      additionalProperties: { type: 'number' },
      dependencies: { a: { required: ['b'] } },
    };
    expect(roundTrip(other)).toEqual(other);
  });

  it('inlines default, example and enum values as JSON, and keeps float bounds', () => {
    const s = { type: 'number', default: 1.25, example: { a: [null] }, enum: ['x', 2, null], maximum: 9.75, minimum: -1, multipleOf: 0.25 };
    expect(roundTrip(s)).toEqual({ ...s, enum: ['x', 2, null] });
  });

  it('refuses a float bound sent with another wire type', () => {
    // CRD{spec{versions[{name, schema{openAPIV3Schema{maximum as a varint}}}]}}
    const raw = pb.msg(2, pb.msg(7, pb.str(1, 'v1'), pb.msg(4, pb.msg(1, pb.varint(9, 1)))));
    let err: unknown;
    try {
      decodeKubernetesProtobuf(envelope('apiextensions.k8s.io/v1', 'CustomResourceDefinition', raw));
    } catch (e) {
      err = e;
    }
    expect((err as StatusError).code).toBe(400);
    expect((err as StatusError).message).toBe(
      'unable to decode protobuf body: CustomResourceDefinition.spec.versions.schema.openAPIV3Schema.maximum: wire type varint, expected fixed64',
    );
  });
});
