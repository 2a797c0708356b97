// The fuzzer's generators (fast-check): values that break a schema (wrong JSON types, nulls, deep nesting, numbers
// at and past the edges of float64/int64/int32, awkward unicode, huge strings), edits that put them at a kind's
// paths, and whole bodies that are not objects at all. Values that JSON.stringify cannot express (1e400, -0,
// 100000 levels of nesting) are Raw JSON text.
import fc from 'fast-check';
import type { SchemaPath, Segment } from './schemas.js';

/** JSON text placed as is into a body. */
export class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may contain Raw parts. */
export function toJSONText(v: unknown): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : toJSONText(x))).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) if (x !== undefined) parts.push(`${JSON.stringify(k)}:${toJSONText(x)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const nestedArrays = (n: number) => new Raw(`${'['.repeat(n)}${']'.repeat(n)}`);
const nestedObjects = (n: number) => new Raw(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);

/** Nesting around and far beyond the server's limits (1000 for JSON). */
const deep = fc
  .constantFrom(8, 199, 200, 201, 999, 1000, 1001, 5000, 100_000)
  .chain((n) => fc.constantFrom(nestedArrays(n), nestedObjects(n)));

const numbers = fc.constantFrom<unknown>(
  0,
  -1,
  1.5,
  0.1,
  2147483647,
  2147483648,
  -2147483649,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  new Raw('1e400'),
  new Raw('-1e400'),
  new Raw('9223372036854775807'),
  new Raw('9223372036854775808'),
  new Raw('-9223372036854775809'),
  new Raw('1' + '0'.repeat(400)),
  new Raw('-0'),
  new Raw('1.0'),
  new Raw('1E2'),
);

const strings = fc.oneof(
  fc.constantFrom<unknown>(
    '',
    'x',
    ' ',
    '0',
    'true',
    'null',
    '1e400',
    'a/b',
    '../..',
    '%2F',
    'Ünïcødé',
    '😀',
    '\u202eevil',
    'a\u0000b',
    'line\nbreak',
    '"',
    '\\',
    'x'.repeat(70_000),
  ),
  fc.constantFrom<unknown>(new Raw('"\\ud800"'), new Raw('"\\udc00x"'), new Raw('"\\u0000"')),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom<unknown>(
    '2024-01-01T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2024-01-01T00:00:00+24:00',
    'aGk=',
    'aGk',
    '1Gi',
    '1.5.5',
    '500m',
    'not base64!',
  ),
);

const shapes = fc.constantFrom<unknown>(
  true,
  false,
  {},
  { a: 1 },
  { a: null },
  [],
  ['x'],
  [1],
  [null],
  [{}],
  [[]],
  { '': 'x' },
  { __proto__x: 1 },
);

/** A value of any JSON type, biased to ones a schema will not expect. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: shapes },
  { weight: 4, arbitrary: numbers },
  { weight: 4, arbitrary: strings },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: deep },
);

export type Edit =
  | { op: 'set'; path: Segment[]; value: unknown }
  | { op: 'delete'; path: Segment[] }
  | { op: 'extra'; path: Segment[]; key: string; value: unknown };

/** One to three edits at the paths of a kind (plus its root). */
export function editsFor(paths: SchemaPath[]): fc.Arbitrary<Edit[]> {
  const at = paths.length ? fc.constantFrom(...paths.map((p) => p.path)) : fc.constant<Segment[]>([]);
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set' as const), path: at, value: anyValue }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), path: at }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('extra' as const),
        path: fc.oneof(at, fc.constant<Segment[]>([])),
        key: fc.constantFrom('zz', '$patch', 'metadata', 'unknownField', '__proto__'),
        value: anyValue,
      }),
    },
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 });
}

/** A copy of a generated value (keeping Raw texts): fast-check hands out shared constants, which edits would alter. */
function copy(v: unknown): unknown {
  if (v instanceof Raw || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(copy);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
}

/** Applies edits to (a copy of) an object, creating the containers a path needs. */
export function applyEdits(obj: Record<string, unknown>, edits: Edit[]): Record<string, unknown> {
  const out = structuredClone(obj);
  for (const e of edits) {
    const path = e.op === 'extra' ? [...e.path, e.key] : e.path;
    if (path.length === 0) continue;
    let cur: Record<string | number, unknown> = out;
    for (const seg of path.slice(0, -1)) {
      let next = cur[seg];
      if (next === null || typeof next !== 'object' || next instanceof Raw) {
        next = typeof seg === 'number' ? [] : {};
        cur[seg] = next;
      }
      cur = next as Record<string | number, unknown>;
    }
    const last = path[path.length - 1]!;
    if (e.op === 'delete') {
      if (Array.isArray(cur) && typeof last === 'number') cur.splice(last, 1);
      else delete cur[last];
    } else {
      Object.defineProperty(cur, last, { value: copy(e.value), enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

/** Kubernetes protobuf: the `k8s\0` envelope around arbitrary bytes (sent as latin1 text, byte for byte). */
const protobuf = fc
  .uint8Array({ maxLength: 64 })
  .map((bytes) => ({ contentType: 'application/vnd.kubernetes.protobuf', text: `k8s\u0000${Buffer.from(bytes).toString('latin1')}` }));

/** Bodies that are no object of any kind, or that attack the decoders themselves. */
export const malformedBodies: fc.Arbitrary<{ contentType: string; text: string; binary?: boolean }> = fc.oneof(
  protobuf.map((b) => ({ ...b, binary: true })),
  fc
    .constantFrom(
      'null',
      '[]',
      '[1]',
      '"x"',
      '1',
      'true',
      '',
      '{',
      '{"a":}',
      '{"apiVersion":1}',
      '{"kind":[]}',
      '{"metadata":"x"}',
      '{"metadata":{"name":{}}}',
      '\u0000',
      '{"a":1}{"b":2}',
      '{"a":1,"a":2}',
    )
    .map((text) => ({ contentType: 'application/json', text })),
  deep.map((v) => ({ contentType: 'application/json', text: toJSONText(v) })),
  fc
    .constantFrom(
      'a: [' + '['.repeat(100_000),
      '['.repeat(50_000) + ']'.repeat(50_000),
      Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
      Array.from({ length: 3000 }, () => '- ').join('') + 'x',
      billionLaughs(),
      'a: .inf\nmetadata: {name: x}',
      'metadata:\n  name: x\n  creationTimestamp: 2024-01-01T00:00:00Z\n',
      'metadata: {name: y}\nbinaryData: {a: !!binary aGk=}',
      '--- a\n--- b',
      '{{{',
      'metadata: &a {name: z}\nspec: *a',
    )
    .map((text) => ({ contentType: 'application/yaml', text })),
);

function billionLaughs(): string {
  let doc = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const c of 'bcdefghi') {
    doc += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = c;
  }
  return doc;
}
