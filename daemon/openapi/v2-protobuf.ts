// A Swagger 2.0 JSON document as gnostic's `openapi.v2.Document` protobuf (google/gnostic-models,
// openapiv2/OpenAPIv2.proto): what kubectl and client-go ask /openapi/v2 for. Field numbers are that .proto's.
// gnostic's shapes differ from JSON: maps are repeated Named* {name, value} messages in document order, JSON unions are
// oneof wrappers (ParametersItem, SchemaItem, AdditionalPropertiesItem, …), `type` and `items` are wrapped lists, and
// free-form values (default, example, enum, vendor extensions) are `Any` messages holding the value as YAML text —
// which is how kube-openapi's parser reads extensions like x-kubernetes-group-version-kind back.
import { isObject } from '../apimachinery/is-object.js';

type Obj = Record<string, unknown>;

const EMPTY = Buffer.alloc(0);

/** One-byte varints, shared: most keys and lengths in a document are below 128. */
const SMALL = Array.from({ length: 128 }, (_, i) => Buffer.from([i]));

function varint(value: number): Buffer {
  if (value >= 0 && value < 128) return SMALL[value]!;
  // Negative int64s take ten bytes of two's complement; BigInt keeps that exact.
  let v = value < 0 ? BigInt.asUintN(64, BigInt(value)) : BigInt(value);
  const out: number[] = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

const tags = new Map<number, Buffer>();
function tag(no: number, wire: number): Buffer {
  const key = no * 8 + wire;
  let t = tags.get(key);
  if (!t) tags.set(key, (t = varint(key)));
  return t;
}

/**
 * Appends fields to one growing list of chunks; a nested message reserves a slot for its key and length and fills it
 * once its content is written, so nothing is copied until the final concat. Scalars follow proto3: zero values are
 * not written. Message fields are written whenever the JSON has them, even empty (`properties: {}` must stay present).
 */
class Writer {
  private readonly parts: Buffer[] = [];
  private length = 0;

  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }

  bytes(no: number, b: Buffer): void {
    this.push(tag(no, 2));
    this.push(varint(b.length));
    this.push(b);
  }

  string(no: number, v: unknown): void {
    if (typeof v === 'string' && v !== '') this.bytes(no, Buffer.from(v, 'utf8'));
  }

  /** Repeated strings: every element is written, empty ones too. */
  strings(no: number, v: unknown): void {
    for (const s of Array.isArray(v) ? v : []) if (typeof s === 'string') this.bytes(no, Buffer.from(s, 'utf8'));
  }

  bool(no: number, v: unknown, always = false): void {
    if (typeof v !== 'boolean' || (!v && !always)) return;
    this.push(tag(no, 0));
    this.push(varint(v ? 1 : 0));
  }

  int64(no: number, v: unknown): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v === 0) return;
    this.push(tag(no, 0));
    this.push(varint(v));
  }

  double(no: number, v: unknown): void {
    if (typeof v !== 'number' || v === 0) return;
    const b = Buffer.alloc(8);
    b.writeDoubleLE(v);
    this.push(tag(no, 1));
    this.push(b);
  }

  message(no: number, fill: (w: Writer) => void): void {
    const slot = this.parts.length;
    this.parts.push(EMPTY);
    const start = this.length;
    fill(this);
    const header = Buffer.concat([tag(no, 2), varint(this.length - start)]);
    this.parts[slot] = header;
    this.length += header.length;
  }

  finish(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

// --- YAML for Any ---------------------------------------------------------------------------------------------

/**
 * A JSON value as YAML that Go's yaml.v2/v3 read back unchanged: flow style, every string double-quoted with
 * anything libyaml would not take literally (controls, line and paragraph separators, BOM, lone surrogates) escaped.
 */
export function yamlOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string') return yamlString(v);
  if (Array.isArray(v)) return `[${v.map(yamlOf).join(', ')}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${yamlString(k)}: ${yamlOf(x)}`)
      .join(', ')}}`;
  return 'null';
}

const ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function yamlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ESCAPES[ch]) out += ESCAPES[ch];
    else if (isPrintable(cp)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\uFFFD';
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** YAML's printable set, minus the characters libyaml treats as line breaks or a byte-order mark. */
function isPrintable(cp: number): boolean {
  if (cp >= 0x20 && cp <= 0x7e) return true;
  if (cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) return false;
  return (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
}

// --- messages -------------------------------------------------------------------------------------------------

/** Any { yaml = 2 } (google.protobuf.Any value = 1 is for binary payloads; gnostic's compiler leaves it empty). */
function any(w: Writer, no: number, v: unknown): void {
  if (v !== undefined) w.message(no, (a) => a.string(2, yamlOf(v)));
}

function anys(w: Writer, no: number, v: unknown): void {
  for (const x of Array.isArray(v) ? v : []) w.message(no, (a) => a.string(2, yamlOf(x)));
}

/** repeated NamedAny: the object's `x-` keys, in order. */
function extensions(w: Writer, no: number, o: Obj): void {
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('x-') && v !== undefined) w.message(no, (n) => (n.string(1, k), any(n, 2, v)));
  }
}

/**
 * repeated Named<T> { name = 1; T value = 2 } for the entries of a JSON map. Only Paths and Responses set `x-` keys
 * apart as vendor extensions; elsewhere (definitions, properties, …) `x-foo` is an ordinary name.
 */
function named(w: Writer, no: number, o: unknown, value: (w: Writer, v: Obj) => void, skipExtensions = false): void {
  if (!isObject(o)) return;
  for (const [k, v] of Object.entries(o)) {
    if ((skipExtensions && k.startsWith('x-')) || !isObject(v)) continue;
    w.message(no, (n) => {
      n.string(1, k);
      n.message(2, (m) => value(m, v));
    });
  }
}

function optional(w: Writer, no: number, v: unknown, fill: (w: Writer, v: Obj) => void): void {
  if (isObject(v)) w.message(no, (m) => fill(m, v));
}

function externalDocs(w: Writer, d: Obj): void {
  w.string(1, d['description']);
  w.string(2, d['url']);
  extensions(w, 3, d);
}

function xml(w: Writer, x: Obj): void {
  w.string(1, x['name']);
  w.string(2, x['namespace']);
  w.string(3, x['prefix']);
  w.bool(4, x['attribute']);
  w.bool(5, x['wrapped']);
  extensions(w, 6, x);
}

function schema(w: Writer, s: Obj): void {
  w.string(1, s['$ref']);
  w.string(2, s['format']);
  w.string(3, s['title']);
  w.string(4, s['description']);
  any(w, 5, s['default']);
  w.double(6, s['multipleOf']);
  w.double(7, s['maximum']);
  w.bool(8, s['exclusiveMaximum']);
  w.double(9, s['minimum']);
  w.bool(10, s['exclusiveMinimum']);
  w.int64(11, s['maxLength']);
  w.int64(12, s['minLength']);
  w.string(13, s['pattern']);
  w.int64(14, s['maxItems']);
  w.int64(15, s['minItems']);
  w.bool(16, s['uniqueItems']);
  w.int64(17, s['maxProperties']);
  w.int64(18, s['minProperties']);
  w.strings(19, s['required']);
  anys(w, 20, s['enum']);
  additionalProperties(w, s['additionalProperties']);
  const type = s['type'];
  if (type !== undefined) w.message(22, (t) => t.strings(1, Array.isArray(type) ? type : [type]));
  const items = s['items'];
  if (items !== undefined)
    w.message(23, (i) => (Array.isArray(items) ? items : [items]).filter(isObject).forEach((x) => i.message(1, (m) => schema(m, x))));
  for (const x of Array.isArray(s['allOf']) ? s['allOf'] : []) if (isObject(x)) w.message(24, (m) => schema(m, x));
  optional(w, 25, s['properties'], (p, props) => named(p, 1, props, schema));
  w.string(26, s['discriminator']);
  w.bool(27, s['readOnly']);
  optional(w, 28, s['xml'], xml);
  optional(w, 29, s['externalDocs'], externalDocs);
  any(w, 30, s['example']);
  extensions(w, 31, s);
}

/** AdditionalPropertiesItem: oneof { Schema schema = 1; bool boolean = 2 } — a oneof member is written even if false. */
function additionalProperties(w: Writer, v: unknown): void {
  if (isObject(v)) w.message(21, (a) => a.message(1, (m) => schema(m, v)));
  else if (typeof v === 'boolean') w.message(21, (a) => a.bool(2, v, true));
}

function fileSchema(w: Writer, s: Obj): void {
  w.string(1, s['format']);
  w.string(2, s['title']);
  w.string(3, s['description']);
  any(w, 4, s['default']);
  w.strings(5, s['required']);
  w.string(6, s['type']);
  w.bool(7, s['readOnly']);
  optional(w, 8, s['externalDocs'], externalDocs);
  any(w, 9, s['example']);
  extensions(w, 10, s);
}

/**
 * The validation keywords shared by PrimitivesItems, Header and the non-body parameter sub-schemas, which number
 * them consecutively from `type` (= base) to `multipleOf` (= base + 16).
 */
function primitiveFields(w: Writer, p: Obj, base: number): void {
  w.string(base, p['type']);
  w.string(base + 1, p['format']);
  optional(w, base + 2, p['items'], primitivesItems);
  w.string(base + 3, p['collectionFormat']);
  any(w, base + 4, p['default']);
  w.double(base + 5, p['maximum']);
  w.bool(base + 6, p['exclusiveMaximum']);
  w.double(base + 7, p['minimum']);
  w.bool(base + 8, p['exclusiveMinimum']);
  w.int64(base + 9, p['maxLength']);
  w.int64(base + 10, p['minLength']);
  w.string(base + 11, p['pattern']);
  w.int64(base + 12, p['maxItems']);
  w.int64(base + 13, p['minItems']);
  w.bool(base + 14, p['uniqueItems']);
  anys(w, base + 15, p['enum']);
  w.double(base + 16, p['multipleOf']);
}

function primitivesItems(w: Writer, p: Obj): void {
  primitiveFields(w, p, 1);
  extensions(w, 18, p);
}

function header(w: Writer, h: Obj): void {
  primitiveFields(w, h, 1);
  w.string(18, h['description']);
  extensions(w, 19, h);
}

/** Body parameters and the four non-body sub-schemas (path and header lack allowEmptyValue, shifting the rest). */
function parameter(w: Writer, p: Obj): void {
  if (p['in'] === 'body') {
    w.message(1, (b) => {
      b.string(1, p['description']);
      b.string(2, p['name']);
      b.string(3, p['in']);
      b.bool(4, p['required']);
      optional(b, 5, p['schema'], schema);
      extensions(b, 6, p);
    });
    return;
  }
  const which = { header: 1, formData: 2, query: 3, path: 4 }[String(p['in'])] ?? 3;
  const allowEmpty = which === 2 || which === 3;
  w.message(2, (nb) =>
    nb.message(which, (s) => {
      s.bool(1, p['required']);
      s.string(2, p['in']);
      s.string(3, p['description']);
      s.string(4, p['name']);
      if (allowEmpty) s.bool(5, p['allowEmptyValue']);
      const base = allowEmpty ? 6 : 5;
      primitiveFields(s, p, base);
      extensions(s, base + 17, p);
    }),
  );
}

function jsonReference(w: Writer, r: Obj): void {
  w.string(1, r['$ref']);
  w.string(2, r['description']);
}

/** repeated ParametersItem: oneof { Parameter parameter = 1; JsonReference json_reference = 2 }. */
function parametersItems(w: Writer, no: number, v: unknown): void {
  for (const p of Array.isArray(v) ? v : []) {
    if (!isObject(p)) continue;
    w.message(no, (item) =>
      typeof p['$ref'] === 'string' ? item.message(2, (r) => jsonReference(r, p)) : item.message(1, (m) => parameter(m, p)),
    );
  }
}

function response(w: Writer, r: Obj): void {
  w.string(1, r['description']);
  const s = r['schema'];
  // SchemaItem: oneof { Schema schema = 1; FileSchema file_schema = 2 }.
  if (isObject(s))
    w.message(2, (si) => (s['type'] === 'file' ? si.message(2, (m) => fileSchema(m, s)) : si.message(1, (m) => schema(m, s))));
  optional(w, 3, r['headers'], (h, hs) => named(h, 1, hs, header));
  optional(w, 4, r['examples'], (e, ex) => {
    for (const [k, v] of Object.entries(ex)) e.message(1, (n) => (n.string(1, k), any(n, 2, v)));
  });
  extensions(w, 5, r);
}

function responses(w: Writer, r: Obj): void {
  // ResponseValue: oneof { Response response = 1; JsonReference json_reference = 2 }.
  named(
    w,
    1,
    r,
    (rv, v) => (typeof v['$ref'] === 'string' ? rv.message(2, (m) => jsonReference(m, v)) : rv.message(1, (m) => response(m, v))),
    true,
  );
  extensions(w, 2, r);
}

function securityRequirements(w: Writer, no: number, v: unknown): void {
  for (const req of Array.isArray(v) ? v : []) {
    if (!isObject(req)) continue;
    w.message(no, (r) => {
      for (const [k, scopes] of Object.entries(req)) {
        r.message(1, (n) => {
          n.string(1, k);
          n.message(2, (a) => a.strings(1, scopes));
        });
      }
    });
  }
}

function operation(w: Writer, o: Obj): void {
  w.strings(1, o['tags']);
  w.string(2, o['summary']);
  w.string(3, o['description']);
  optional(w, 4, o['externalDocs'], externalDocs);
  w.string(5, o['operationId']);
  w.strings(6, o['produces']);
  w.strings(7, o['consumes']);
  parametersItems(w, 8, o['parameters']);
  optional(w, 9, o['responses'], responses);
  w.strings(10, o['schemes']);
  w.bool(11, o['deprecated']);
  securityRequirements(w, 12, o['security']);
  extensions(w, 13, o);
}

const METHODS = { get: 2, put: 3, post: 4, delete: 5, options: 6, head: 7, patch: 8 } as const;

function pathItem(w: Writer, p: Obj): void {
  w.string(1, p['$ref']);
  for (const [method, no] of Object.entries(METHODS)) optional(w, no, p[method], operation);
  parametersItems(w, 9, p['parameters']);
  extensions(w, 10, p);
}

function paths(w: Writer, p: Obj): void {
  extensions(w, 1, p);
  named(w, 2, p, pathItem, true);
}

function info(w: Writer, i: Obj): void {
  w.string(1, i['title']);
  w.string(2, i['version']);
  w.string(3, i['description']);
  w.string(4, i['termsOfService']);
  optional(w, 5, i['contact'], (c, v) => (c.string(1, v['name']), c.string(2, v['url']), c.string(3, v['email']), extensions(c, 4, v)));
  optional(w, 6, i['license'], (l, v) => (l.string(1, v['name']), l.string(2, v['url']), extensions(l, 3, v)));
  extensions(w, 7, i);
}

/** SecurityDefinitionsItem: a oneof over the scheme type (and, for oauth2, the flow). */
function securityScheme(w: Writer, s: Obj): void {
  const ext = (m: Writer, no: number) => extensions(m, no, s);
  const scopes = (m: Writer) =>
    optional(m, 3, s['scopes'], (o, sc) => Object.entries(sc).forEach(([k, v]) => o.message(1, (n) => (n.string(1, k), n.string(2, v)))));
  if (s['type'] === 'basic') return w.message(1, (m) => (m.string(1, s['type']), m.string(2, s['description']), ext(m, 3)));
  if (s['type'] === 'apiKey')
    return w.message(
      2,
      (m) => (m.string(1, s['type']), m.string(2, s['name']), m.string(3, s['in']), m.string(4, s['description']), ext(m, 5)),
    );
  const flow = s['flow'];
  const start = (m: Writer) => (m.string(1, s['type']), m.string(2, flow), scopes(m));
  if (flow === 'implicit')
    return w.message(3, (m) => (start(m), m.string(4, s['authorizationUrl']), m.string(5, s['description']), ext(m, 6)));
  if (flow === 'password') return w.message(4, (m) => (start(m), m.string(4, s['tokenUrl']), m.string(5, s['description']), ext(m, 6)));
  if (flow === 'application') return w.message(5, (m) => (start(m), m.string(4, s['tokenUrl']), m.string(5, s['description']), ext(m, 6)));
  if (flow === 'accessCode')
    return w.message(
      6,
      (m) => (start(m), m.string(4, s['authorizationUrl']), m.string(5, s['tokenUrl']), m.string(6, s['description']), ext(m, 7)),
    );
}

function tagMessage(w: Writer, t: Obj): void {
  w.string(1, t['name']);
  w.string(2, t['description']);
  optional(w, 3, t['externalDocs'], externalDocs);
  extensions(w, 4, t);
}

/** openapi.v2.Document bytes for a Swagger 2.0 JSON document. */
export function encodeOpenAPIv2(doc: object): Buffer {
  const d = doc as Obj;
  const w = new Writer();
  w.string(1, d['swagger']);
  optional(w, 2, d['info'], info);
  w.string(3, d['host']);
  w.string(4, d['basePath']);
  w.strings(5, d['schemes']);
  w.strings(6, d['consumes']);
  w.strings(7, d['produces']);
  optional(w, 8, d['paths'], paths);
  optional(w, 9, d['definitions'], (m, defs) => named(m, 1, defs, schema));
  optional(w, 10, d['parameters'], (m, ps) => named(m, 1, ps, parameter));
  optional(w, 11, d['responses'], (m, rs) => named(m, 1, rs, response));
  securityRequirements(w, 12, d['security']);
  optional(w, 13, d['securityDefinitions'], (m, sd) => named(m, 1, sd, securityScheme));
  for (const t of Array.isArray(d['tags']) ? d['tags'] : []) if (isObject(t)) w.message(14, (m) => tagMessage(m, t));
  optional(w, 15, d['externalDocs'], externalDocs);
  extensions(w, 16, d);
  return w.finish();
}
