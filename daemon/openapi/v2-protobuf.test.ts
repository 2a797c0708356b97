// gnostic's openapi.v2.Document encoding, checked by an independent decoder: the field numbers below were written
// down from google/gnostic-models openapiv2/OpenAPIv2.proto message by message (not derived from the encoder), and
// decoding with them must give back the Swagger JSON (less what proto3 cannot carry: empty strings, false, 0).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { builtinResources } from '../apis/index.js';
import { buildSwaggerDocument } from './v2.js';
import { widgetDef } from '../registry/widget.testkit.js';
import { ALL_BATTERIES } from '../registry/types.js';
import { encodeOpenAPIv2, yamlOf } from './v2-protobuf.js';
import { readFields, WireType } from '../apimachinery/protobuf/wire.js';

type Kind =
  | 'string'
  | 'bool'
  | 'int64'
  | 'double'
  | 'strings'
  | 'any'
  | 'anys'
  /** repeated NamedAny merged into the enclosing object (vendor extensions, Examples). */
  | 'namedAnys'
  /** repeated NamedString merged into the enclosing object (Oauth2Scopes). */
  | 'namedStrings'
  | { msg: string }
  | { msgs: string }
  /** A oneof member (or a wrapper's only field) whose content is the enclosing object's. */
  | { self: string }
  /** repeated Named<msg> merged into the enclosing object. */
  | { named: string }
  /** A oneof bool that stands for the whole message (AdditionalPropertiesItem.boolean). */
  | 'boolValue';

interface MessageSpec {
  fields: Record<number, [json: string, kind: Kind]>;
  /** Turns the decoded wrapper into its JSON form (TypeItem → "object", ItemsItem → schema). */
  json?: (o: Record<string, unknown>) => unknown;
}

const ext = (no: number): Record<number, [string, Kind]> => ({ [no]: ['', 'namedAnys'] });
const primitive = (base: number): Record<number, [string, Kind]> => ({
  [base]: ['type', 'string'],
  [base + 1]: ['format', 'string'],
  [base + 2]: ['items', { msg: 'PrimitivesItems' }],
  [base + 3]: ['collectionFormat', 'string'],
  [base + 4]: ['default', 'any'],
  [base + 5]: ['maximum', 'double'],
  [base + 6]: ['exclusiveMaximum', 'bool'],
  [base + 7]: ['minimum', 'double'],
  [base + 8]: ['exclusiveMinimum', 'bool'],
  [base + 9]: ['maxLength', 'int64'],
  [base + 10]: ['minLength', 'int64'],
  [base + 11]: ['pattern', 'string'],
  [base + 12]: ['maxItems', 'int64'],
  [base + 13]: ['minItems', 'int64'],
  [base + 14]: ['uniqueItems', 'bool'],
  [base + 15]: ['enum', 'anys'],
  [base + 16]: ['multipleOf', 'double'],
});
const head4: Record<number, [string, Kind]> = {
  1: ['required', 'bool'],
  2: ['in', 'string'],
  3: ['description', 'string'],
  4: ['name', 'string'],
};

/** openapiv2/OpenAPIv2.proto, field numbers as declared there. */
const PROTO: Record<string, MessageSpec> = {
  Document: {
    fields: {
      1: ['swagger', 'string'],
      2: ['info', { msg: 'Info' }],
      3: ['host', 'string'],
      4: ['basePath', 'string'],
      5: ['schemes', 'strings'],
      6: ['consumes', 'strings'],
      7: ['produces', 'strings'],
      8: ['paths', { msg: 'Paths' }],
      9: ['definitions', { msg: 'Definitions' }],
      10: ['parameters', { msg: 'ParameterDefinitions' }],
      11: ['responses', { msg: 'ResponseDefinitions' }],
      12: ['security', { msgs: 'SecurityRequirement' }],
      13: ['securityDefinitions', { msg: 'SecurityDefinitions' }],
      14: ['tags', { msgs: 'Tag' }],
      15: ['externalDocs', { msg: 'ExternalDocs' }],
      ...ext(16),
    },
  },
  Info: {
    fields: {
      1: ['title', 'string'],
      2: ['version', 'string'],
      3: ['description', 'string'],
      4: ['termsOfService', 'string'],
      5: ['contact', { msg: 'Contact' }],
      6: ['license', { msg: 'License' }],
      ...ext(7),
    },
  },
  Contact: { fields: { 1: ['name', 'string'], 2: ['url', 'string'], 3: ['email', 'string'], ...ext(4) } },
  License: { fields: { 1: ['name', 'string'], 2: ['url', 'string'], ...ext(3) } },
  ExternalDocs: { fields: { 1: ['description', 'string'], 2: ['url', 'string'], ...ext(3) } },
  Tag: { fields: { 1: ['name', 'string'], 2: ['description', 'string'], 3: ['externalDocs', { msg: 'ExternalDocs' }], ...ext(4) } },
  Paths: { fields: { ...ext(1), 2: ['', { named: 'PathItem' }] } },
  PathItem: {
    fields: {
      1: ['$ref', 'string'],
      2: ['get', { msg: 'Operation' }],
      3: ['put', { msg: 'Operation' }],
      4: ['post', { msg: 'Operation' }],
      5: ['delete', { msg: 'Operation' }],
      6: ['options', { msg: 'Operation' }],
      7: ['head', { msg: 'Operation' }],
      8: ['patch', { msg: 'Operation' }],
      9: ['parameters', { msgs: 'ParametersItem' }],
      ...ext(10),
    },
  },
  Operation: {
    fields: {
      1: ['tags', 'strings'],
      2: ['summary', 'string'],
      3: ['description', 'string'],
      4: ['externalDocs', { msg: 'ExternalDocs' }],
      5: ['operationId', 'string'],
      6: ['produces', 'strings'],
      7: ['consumes', 'strings'],
      8: ['parameters', { msgs: 'ParametersItem' }],
      9: ['responses', { msg: 'Responses' }],
      10: ['schemes', 'strings'],
      11: ['deprecated', 'bool'],
      12: ['security', { msgs: 'SecurityRequirement' }],
      ...ext(13),
    },
  },
  ParametersItem: { fields: { 1: ['', { self: 'Parameter' }], 2: ['', { self: 'JsonReference' }] } },
  Parameter: { fields: { 1: ['', { self: 'BodyParameter' }], 2: ['', { self: 'NonBodyParameter' }] } },
  JsonReference: { fields: { 1: ['$ref', 'string'], 2: ['description', 'string'] } },
  BodyParameter: {
    fields: {
      1: ['description', 'string'],
      2: ['name', 'string'],
      3: ['in', 'string'],
      4: ['required', 'bool'],
      5: ['schema', { msg: 'Schema' }],
      ...ext(6),
    },
  },
  NonBodyParameter: {
    fields: {
      1: ['', { self: 'HeaderParameterSubSchema' }],
      2: ['', { self: 'FormDataParameterSubSchema' }],
      3: ['', { self: 'QueryParameterSubSchema' }],
      4: ['', { self: 'PathParameterSubSchema' }],
    },
  },
  HeaderParameterSubSchema: { fields: { ...head4, ...primitive(5), ...ext(22) } },
  PathParameterSubSchema: { fields: { ...head4, ...primitive(5), ...ext(22) } },
  FormDataParameterSubSchema: { fields: { ...head4, 5: ['allowEmptyValue', 'bool'], ...primitive(6), ...ext(23) } },
  QueryParameterSubSchema: { fields: { ...head4, 5: ['allowEmptyValue', 'bool'], ...primitive(6), ...ext(23) } },
  PrimitivesItems: { fields: { ...primitive(1), ...ext(18) } },
  Header: { fields: { ...primitive(1), 18: ['description', 'string'], ...ext(19) } },
  Responses: { fields: { 1: ['', { named: 'ResponseValue' }], ...ext(2) } },
  ResponseValue: { fields: { 1: ['', { self: 'Response' }], 2: ['', { self: 'JsonReference' }] } },
  Response: {
    fields: {
      1: ['description', 'string'],
      2: ['schema', { msg: 'SchemaItem' }],
      3: ['headers', { msg: 'Headers' }],
      4: ['examples', { msg: 'Examples' }],
      ...ext(5),
    },
  },
  SchemaItem: { fields: { 1: ['', { self: 'Schema' }], 2: ['', { self: 'FileSchema' }] } },
  Headers: { fields: { 1: ['', { named: 'Header' }] } },
  Examples: { fields: { 1: ['', 'namedAnys'] } },
  Definitions: { fields: { 1: ['', { named: 'Schema' }] } },
  Properties: { fields: { 1: ['', { named: 'Schema' }] } },
  ParameterDefinitions: { fields: { 1: ['', { named: 'Parameter' }] } },
  ResponseDefinitions: { fields: { 1: ['', { named: 'Response' }] } },
  SecurityRequirement: { fields: { 1: ['', { named: 'StringArray' }] } },
  StringArray: { fields: { 1: ['value', 'strings'] }, json: (o) => o['value'] ?? [] },
  SecurityDefinitions: { fields: { 1: ['', { named: 'SecurityDefinitionsItem' }] } },
  SecurityDefinitionsItem: {
    fields: {
      1: ['', { self: 'BasicAuthenticationSecurity' }],
      2: ['', { self: 'ApiKeySecurity' }],
      3: ['', { self: 'Oauth2ImplicitSecurity' }],
      4: ['', { self: 'Oauth2PasswordSecurity' }],
      5: ['', { self: 'Oauth2ApplicationSecurity' }],
      6: ['', { self: 'Oauth2AccessCodeSecurity' }],
    },
  },
  BasicAuthenticationSecurity: { fields: { 1: ['type', 'string'], 2: ['description', 'string'], ...ext(3) } },
  ApiKeySecurity: {
    fields: { 1: ['type', 'string'], 2: ['name', 'string'], 3: ['in', 'string'], 4: ['description', 'string'], ...ext(5) },
  },
  Oauth2ImplicitSecurity: {
    fields: {
      1: ['type', 'string'],
      2: ['flow', 'string'],
      3: ['scopes', { msg: 'Oauth2Scopes' }],
      4: ['authorizationUrl', 'string'],
      5: ['description', 'string'],
      ...ext(6),
    },
  },
  Oauth2PasswordSecurity: {
    fields: {
      1: ['type', 'string'],
      2: ['flow', 'string'],
      3: ['scopes', { msg: 'Oauth2Scopes' }],
      4: ['tokenUrl', 'string'],
      5: ['description', 'string'],
      ...ext(6),
    },
  },
  Oauth2ApplicationSecurity: {
    fields: {
      1: ['type', 'string'],
      2: ['flow', 'string'],
      3: ['scopes', { msg: 'Oauth2Scopes' }],
      4: ['tokenUrl', 'string'],
      5: ['description', 'string'],
      ...ext(6),
    },
  },
  Oauth2AccessCodeSecurity: {
    fields: {
      1: ['type', 'string'],
      2: ['flow', 'string'],
      3: ['scopes', { msg: 'Oauth2Scopes' }],
      4: ['authorizationUrl', 'string'],
      5: ['tokenUrl', 'string'],
      6: ['description', 'string'],
      ...ext(7),
    },
  },
  Oauth2Scopes: { fields: { 1: ['', 'namedStrings'] } },
  Schema: {
    fields: {
      1: ['$ref', 'string'],
      2: ['format', 'string'],
      3: ['title', 'string'],
      4: ['description', 'string'],
      5: ['default', 'any'],
      6: ['multipleOf', 'double'],
      7: ['maximum', 'double'],
      8: ['exclusiveMaximum', 'bool'],
      9: ['minimum', 'double'],
      10: ['exclusiveMinimum', 'bool'],
      11: ['maxLength', 'int64'],
      12: ['minLength', 'int64'],
      13: ['pattern', 'string'],
      14: ['maxItems', 'int64'],
      15: ['minItems', 'int64'],
      16: ['uniqueItems', 'bool'],
      17: ['maxProperties', 'int64'],
      18: ['minProperties', 'int64'],
      19: ['required', 'strings'],
      20: ['enum', 'anys'],
      21: ['additionalProperties', { msg: 'AdditionalPropertiesItem' }],
      22: ['type', { msg: 'TypeItem' }],
      23: ['items', { msg: 'ItemsItem' }],
      24: ['allOf', { msgs: 'Schema' }],
      25: ['properties', { msg: 'Properties' }],
      26: ['discriminator', 'string'],
      27: ['readOnly', 'bool'],
      28: ['xml', { msg: 'Xml' }],
      29: ['externalDocs', { msg: 'ExternalDocs' }],
      30: ['example', 'any'],
      ...ext(31),
    },
  },
  FileSchema: {
    fields: {
      1: ['format', 'string'],
      2: ['title', 'string'],
      3: ['description', 'string'],
      4: ['default', 'any'],
      5: ['required', 'strings'],
      6: ['type', 'string'],
      7: ['readOnly', 'bool'],
      8: ['externalDocs', { msg: 'ExternalDocs' }],
      9: ['example', 'any'],
      ...ext(10),
    },
  },
  AdditionalPropertiesItem: {
    fields: { 1: ['', { self: 'Schema' }], 2: ['value', 'boolValue'] },
    json: (o) => ('value' in o ? o['value'] : o),
  },
  TypeItem: {
    fields: { 1: ['value', 'strings'] },
    json: (o) => ((o['value'] as string[]).length === 1 ? (o['value'] as string[])[0] : o['value']),
  },
  ItemsItem: {
    fields: { 1: ['schema', { msgs: 'Schema' }] },
    json: (o) => ((o['schema'] as unknown[]).length === 1 ? (o['schema'] as unknown[])[0] : o['schema']),
  },
  Xml: {
    fields: {
      1: ['name', 'string'],
      2: ['namespace', 'string'],
      3: ['prefix', 'string'],
      4: ['attribute', 'bool'],
      5: ['wrapped', 'bool'],
      ...ext(6),
    },
  },
};

// --- an independent decoder driven by the table above ----------------------------------------------------------

const WIRE: Record<string, number> = {
  bool: WireType.Varint,
  int64: WireType.Varint,
  boolValue: WireType.Varint,
  double: WireType.Fixed64,
};

function decodeAny(bytes: Buffer): unknown {
  let yaml: string | undefined;
  for (const f of readFields(bytes)) {
    // google.protobuf.Any (field 1) is for binary payloads, which a JSON document never needs.
    expect(f.no).toBe(2);
    yaml = f.bytes!.toString('utf8');
  }
  return YAML.parse(yaml ?? '');
}

function decodeNamed(bytes: Buffer, value: (b: Buffer) => unknown): [string, unknown] {
  let name = '';
  let v: unknown;
  for (const f of readFields(bytes)) {
    if (f.no === 1) name = f.bytes!.toString('utf8');
    else if (f.no === 2) v = value(f.bytes!);
    else throw new Error(`Named*: unexpected field ${f.no}`);
  }
  return [name, v];
}

function decode(type: string, bytes: Buffer): unknown {
  const spec = PROTO[type];
  if (!spec) throw new Error(`no message ${type}`);
  const out: Record<string, unknown> = {};
  const push = (key: string, v: unknown) => ((out[key] as unknown[] | undefined) ?? (out[key] = [])) && (out[key] as unknown[]).push(v);
  for (const f of readFields(bytes)) {
    const field = spec.fields[f.no];
    if (!field) throw new Error(`${type}: unknown field ${f.no}`);
    const [key, kind] = field;
    expect(f.wire, `${type}.${key} wire type`).toBe(
      typeof kind === 'string' ? (WIRE[kind] ?? WireType.LengthDelimited) : WireType.LengthDelimited,
    );
    const text = () => f.bytes!.toString('utf8');
    if (kind === 'string') out[key] = text();
    else if (kind === 'strings') push(key, text());
    else if (kind === 'bool' || kind === 'boolValue') out[key] = f.varint !== 0n;
    else if (kind === 'int64') out[key] = Number(BigInt.asIntN(64, f.varint!));
    else if (kind === 'double') out[key] = f.bytes!.readDoubleLE(0);
    else if (kind === 'any') out[key] = decodeAny(f.bytes!);
    else if (kind === 'anys') push(key, decodeAny(f.bytes!));
    else if (kind === 'namedAnys') Object.assign(out, Object.fromEntries([decodeNamed(f.bytes!, decodeAny)]));
    else if (kind === 'namedStrings') Object.assign(out, Object.fromEntries([decodeNamed(f.bytes!, (b) => b.toString('utf8'))]));
    else if ('msg' in kind) out[key] = decode(kind.msg, f.bytes!);
    else if ('msgs' in kind) push(key, decode(kind.msgs, f.bytes!));
    else if ('self' in kind) Object.assign(out, decode(kind.self, f.bytes!));
    else Object.assign(out, Object.fromEntries([decodeNamed(f.bytes!, (b) => decode(kind.named, b))]));
  }
  return spec.json ? spec.json(out) : out;
}

/** Values gnostic carries as YAML (Any), verbatim. */
const FREE_FORM = new Set(['enum', 'default', 'example', 'examples']);
/** Maps whose keys are names: `x-foo` there is an entry, not a vendor extension. */
const NAME_MAPS = new Set(['properties', 'definitions', 'securityDefinitions', 'headers']);

/**
 * What proto3 keeps of a JSON document: no empty strings, false, 0 or empty lists outside free-form values.
 * `nameMap`: the keys of `v` are names (definitions, properties, a security requirement's schemes).
 */
function proto3View(v: unknown, nameMap = false): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!nameMap && (FREE_FORM.has(k) || k.startsWith('x-'))) {
      out[k] = x;
      continue;
    }
    // A security requirement's scope list is a StringArray message: present even when empty.
    const dropped =
      x === '' || x === 0 || (x === false && k !== 'additionalProperties') || (Array.isArray(x) && x.length === 0 && !nameMap);
    if (dropped) continue;
    const childIsNameMap = NAME_MAPS.has(k) || (k === 'parameters' && !Array.isArray(x));
    out[k] = Array.isArray(x) ? x.map((e) => proto3View(e, k === 'security')) : proto3View(x, childIsNameMap);
  }
  return out;
}

/** Key order is not part of the comparison (a oneof member's fields and extensions interleave differently). */
const sorted = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;

const roundTrip = (doc: object) => sorted(decode('Document', encodeOpenAPIv2(doc)));
const expected = (doc: object) => sorted(proto3View(JSON.parse(JSON.stringify(doc))));

// --- tests -----------------------------------------------------------------------------------------------------

const builtinDoc = buildSwaggerDocument(builtinResources(new Set(ALL_BATTERIES)));

describe('encodeOpenAPIv2', () => {
  it('starts with Document.swagger (field 1) and Document.info (field 2)', () => {
    const b = encodeOpenAPIv2({ swagger: '2.0', info: { title: 'T', version: 'v' } });
    expect(b.toString('hex')).toBe('0a03322e30' + '1206' + '0a0154' + '120176');
  });

  it('round-trips the built-in document through an independent decoder', () => {
    expect(roundTrip(builtinDoc)).toEqual(expected(builtinDoc));
  });

  it('round-trips a document with a custom resource (enum, extensions, a property named x-…)', () => {
    const widget = widgetDef({
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-validations': [{ rule: 'self.a != "b\\n"', message: 'quote " and newline \n' }],
          properties: {
            size: { type: 'string', enum: ['small', 'large', ''] },
            'x-custom': { type: 'integer', minimum: 0, maximum: 10.5 },
          },
        },
      },
    });
    const doc = buildSwaggerDocument([widget]);
    expect(roundTrip(doc)).toEqual(expected(doc));
  });

  it('keeps the shapes kube-openapi reads: GVK extension as YAML, empty properties present, Named lists in order', () => {
    const doc = roundTrip(builtinDoc) as { definitions: Record<string, Record<string, unknown>> };
    expect(doc.definitions['io.k8s.api.core.v1.ConfigMap']!['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'ConfigMap' },
    ]);
    const b = encodeOpenAPIv2({ definitions: { B: { type: 'object', properties: {} }, A: { additionalProperties: false } } });
    const defs = decode('Document', b) as { definitions: Record<string, unknown> };
    expect(Object.keys(defs.definitions)).toEqual(['B', 'A']);
    expect(defs.definitions).toEqual({ B: { type: 'object', properties: {} }, A: { additionalProperties: false } });
  });

  it('encodes every Swagger construct: parameter kinds, references, file responses, security schemes, tags', () => {
    const doc = {
      swagger: '2.0',
      info: {
        title: 'T',
        version: '1',
        description: 'd',
        termsOfService: 'tos',
        contact: { name: 'n', url: 'u', email: 'e' },
        license: { name: 'Apache', url: 'l' },
        'x-info': 1,
      },
      host: 'h',
      basePath: '/b',
      schemes: ['https'],
      consumes: ['application/json'],
      produces: ['application/json'],
      paths: {
        'x-paths': { a: [1, 2] },
        '/p/{id}': {
          parameters: [{ $ref: '#/parameters/shared' }],
          get: {
            tags: ['t'],
            summary: 's',
            operationId: 'op',
            deprecated: true,
            externalDocs: { url: 'x' },
            security: [{ key: ['r', 'w'] }],
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'string', pattern: '^[a-z]+$', maxLength: 5, minLength: 1 },
              {
                name: 'h',
                in: 'header',
                type: 'integer',
                format: 'int32',
                minimum: -3,
                exclusiveMinimum: true,
                maximum: 9,
                multipleOf: 3,
                default: 3,
              },
              {
                name: 'f',
                in: 'formData',
                type: 'array',
                allowEmptyValue: true,
                collectionFormat: 'csv',
                items: { type: 'string', enum: ['a', 'b'], items: { type: 'number' } },
                maxItems: 2,
                minItems: 1,
                uniqueItems: true,
              },
              { name: 'q', in: 'query', type: 'boolean', allowEmptyValue: true, 'x-q': 'ext' },
              { name: 'body', in: 'body', description: 'b', required: true, schema: { $ref: '#/definitions/D' }, 'x-b': true },
            ],
            responses: {
              '200': {
                description: 'ok',
                schema: { type: 'file', format: 'binary', required: ['a'] },
                headers: { 'X-Rate': { type: 'integer', description: 'r' } },
                examples: { 'application/json': { a: 1 } },
              },
              default: { $ref: '#/responses/err' },
              'x-resp': 'v',
            },
            'x-kubernetes-action': 'get',
          },
          'x-item': null,
        },
      },
      definitions: {
        D: {
          title: 't',
          discriminator: 'kind',
          readOnly: true,
          required: ['kind'],
          minProperties: 1,
          maxProperties: 3,
          allOf: [{ $ref: '#/definitions/E' }],
          xml: { name: 'd', namespace: 'ns', prefix: 'p', attribute: true, wrapped: true },
          externalDocs: { description: 'more', url: 'u' },
          example: { kind: 'k' },
          items: [{ type: 'string' }, { type: 'integer' }],
          type: ['object', 'null'],
          properties: {
            kind: { type: 'string' },
            map: { type: 'object', additionalProperties: { type: 'string' } },
            'x-not-an-extension': { type: 'boolean' },
          },
        },
        E: { type: 'object', additionalProperties: true },
      },
      parameters: { shared: { name: 'pretty', in: 'query', type: 'string' } },
      responses: { err: { description: 'error', schema: { $ref: '#/definitions/E' } } },
      security: [{ key: [] }],
      securityDefinitions: {
        basic: { type: 'basic', description: 'b' },
        key: { type: 'apiKey', name: 'authorization', in: 'header' },
        implicit: { type: 'oauth2', flow: 'implicit', authorizationUrl: 'a', scopes: { r: 'read' } },
        password: { type: 'oauth2', flow: 'password', tokenUrl: 't', scopes: { w: 'write' } },
        application: { type: 'oauth2', flow: 'application', tokenUrl: 't', scopes: {} },
        accessCode: { type: 'oauth2', flow: 'accessCode', authorizationUrl: 'a', tokenUrl: 't', scopes: { r: 'read' } },
      },
      tags: [{ name: 't', description: 'tag', externalDocs: { url: 'x' }, 'x-tag': 1 }],
      externalDocs: { description: 'docs', url: 'u' },
      'x-doc': { nested: ['a', { b: null }] },
    };
    expect(roundTrip(doc)).toEqual(expected(doc));
  });
});

describe('yamlOf (Any.yaml)', () => {
  it('writes values a YAML parser reads back unchanged', () => {
    for (const v of [
      null,
      true,
      false,
      0,
      -1.5,
      1e21,
      '',
      'plain',
      'yes',
      '08',
      ': -',
      '"\\\n\t\r',
      '\u0000\u0007\u007f\u0085\u2028\u2029\ufeff',
      'é ☃ 😀',
      [],
      {},
      { '': [1, { a: 'b' }] },
    ]) {
      expect(YAML.parse(yamlOf(v))).toEqual(v);
    }
  });

  it('replaces lone surrogates, which no UTF-8 reader accepts', () => {
    expect(YAML.parse(yamlOf('a\ud800b'))).toBe('a\ufffdb');
  });

  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(YAML.parse(yamlOf(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});
