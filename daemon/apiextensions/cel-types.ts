// The CEL declaration types of a custom resource schema, as kube derives them (SchemaDeclType in
// k8s.io/apiserver/pkg/cel/common) for cost estimation: each node's kind and the most elements — characters,
// items, entries — it can hold. A bound the schema leaves open comes from the request size limit: a list of
// unbounded length holds at most as many items as fit, at their smallest serialization, in 3 MiB.
// The same shape describes one value at hand (valueDeclType), so a rule's cost can be bounded for the data it runs on.
import type { Schema } from '../apimachinery/types.js';
import { isObject } from '../apimachinery/is-object.js';

export type CelKind =
  'object' | 'list' | 'map' | 'string' | 'bytes' | 'int' | 'uint' | 'double' | 'bool' | 'null' | 'timestamp' | 'duration' | 'dyn';

export interface DeclType {
  readonly kind: CelKind;
  /** The most characters (bytes for strings bounded by maxLength, as kube counts), items or entries; 0 for others. */
  readonly maxElements: number;
  /** The items of a list, the values of a map. */
  elem(): DeclType | undefined;
  /** The keys of a map. */
  key(): DeclType | undefined;
  /** A declared property of an object. */
  field(name: string): DeclType | undefined;
}

/** k8s.io/apiserver/pkg/apis/cel: the request size limit that bounds what a schema leaves unbounded. */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;
const MIN_STRING_SIZE = 2; // ""
const MIN_BOOL_SIZE = 4; // true
const MIN_NUMBER_SIZE = 1; // 0
const MIN_DURATION_SIZE_JSON = 3; // "0"
const MAX_DURATION_SIZE_JSON = 32;
const JSON_DATE_SIZE = 12; // "YYYY-MM-DD"
const MIN_DATETIME_SIZE_JSON = 21;
const MAX_DATETIME_SIZE_JSON = 32;
/** DNS1123SubdomainMaxLength: kube caps metadata.name (and generateName one less) at it for cost estimation. */
const NAME_MAX_LENGTH = 253;

class SchemaDeclType implements DeclType {
  constructor(
    readonly kind: CelKind,
    readonly maxElements: number,
    /** The fewest bytes a value serializes to in JSON: how many of them one request can carry. */
    readonly minSerializedSize: number,
    private readonly items?: SchemaDeclType,
    private readonly keys?: SchemaDeclType,
    private readonly fields?: ReadonlyMap<string, SchemaDeclType>,
  ) {}

  elem(): SchemaDeclType | undefined {
    return this.items;
  }

  key(): SchemaDeclType | undefined {
    return this.keys;
  }

  field(name: string): SchemaDeclType | undefined {
    return this.fields?.get(name);
  }
}

/** Map keys are plain strings of no declared length: kube's estimates take their size as 0. */
const MAP_KEY = new SchemaDeclType('string', 0, MIN_STRING_SIZE);

const nonNegative = (n: number) => Math.max(0, n);

/** A string bounded by maxLength (characters) can take up to 4 bytes each. */
const maxLengthElements = (s: Schema) => nonNegative(s.maxLength ?? 0) * 4;

/**
 * The CEL declaration type of a schema, or undefined where kube exposes nothing to rules (no type, or a list or map
 * of such). `resourceRoot` marks the root of a custom resource or an embedded resource: apiVersion, kind and
 * metadata.name/generateName are always there.
 */
export function schemaDeclType(s: Schema, resourceRoot: boolean): SchemaDeclType | undefined {
  if (s['x-kubernetes-int-or-string']) {
    return new SchemaDeclType('dyn', s.maxLength !== undefined ? maxLengthElements(s) : MAX_REQUEST_SIZE_BYTES - 2, 1);
  }
  if (resourceRoot) s = withTypeAndObjectMeta(s);
  switch (s.type) {
    case 'array': {
      const items = s.items && schemaDeclType(s.items, !!s.items['x-kubernetes-embedded-resource']);
      if (!items) return undefined;
      const max =
        s.maxItems !== undefined ? nonNegative(s.maxItems) : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (items.minSerializedSize + 1));
      return new SchemaDeclType('list', max, 2, items);
    }
    case 'object': {
      const ap = s.additionalProperties;
      if (ap && typeof ap === 'object') {
        const values = schemaDeclType(ap, !!ap['x-kubernetes-embedded-resource']);
        if (!values) return undefined;
        // a key of at least one character in quotes, a colon and a comma around each value
        const max =
          s.maxProperties !== undefined
            ? nonNegative(s.maxProperties)
            : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (values.minSerializedSize + 6));
        return new SchemaDeclType('map', max, 2, values, MAP_KEY);
      }
      const fields = new Map<string, SchemaDeclType>();
      const required = new Set(s.required ?? []);
      let minSize = 2; // {}
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const t = schemaDeclType(prop, !!prop['x-kubernetes-embedded-resource']);
        if (!t) continue;
        fields.set(name, t);
        // required properties without a default must be there: "name":value,
        if (required.has(name) && prop.default === undefined) minSize += name.length + t.minSerializedSize + 4;
      }
      return new SchemaDeclType('object', 0, minSize, undefined, undefined, fields);
    }
    case 'string':
      switch (s.format) {
        case 'byte':
          return new SchemaDeclType(
            'bytes',
            s.maxLength !== undefined ? nonNegative(s.maxLength) : MAX_REQUEST_SIZE_BYTES - 2,
            MIN_STRING_SIZE,
          );
        case 'duration':
          return new SchemaDeclType('duration', MAX_DURATION_SIZE_JSON, MIN_DURATION_SIZE_JSON);
        case 'date':
          return new SchemaDeclType('timestamp', JSON_DATE_SIZE, JSON_DATE_SIZE);
        case 'date-time':
          return new SchemaDeclType('timestamp', MAX_DATETIME_SIZE_JSON, MIN_DATETIME_SIZE_JSON);
      }
      if (s.maxLength !== undefined) return new SchemaDeclType('string', maxLengthElements(s), MIN_STRING_SIZE);
      if (s.enum?.length)
        return new SchemaDeclType('string', Math.max(0, ...s.enum.map((v) => (typeof v === 'string' ? v.length : 0))), MIN_STRING_SIZE);
      return new SchemaDeclType('string', MAX_REQUEST_SIZE_BYTES - 2, MIN_STRING_SIZE);
    case 'boolean':
      return new SchemaDeclType('bool', 0, MIN_BOOL_SIZE);
    case 'number':
      return new SchemaDeclType('double', 0, MIN_NUMBER_SIZE);
    case 'integer':
      return new SchemaDeclType('int', 0, MIN_NUMBER_SIZE);
    default:
      return undefined;
  }
}

/** What a rule on a schema kube gives rules no type for may see: anything, as large as a request. */
export const UNTYPED: DeclType = new SchemaDeclType('dyn', MAX_REQUEST_SIZE_BYTES - 2, 1);

/** kube's WithTypeAndObjectMeta: the fields every resource has, metadata.name and generateName capped in length. */
function withTypeAndObjectMeta(s: Schema): Schema {
  const meta = s.properties?.['metadata'];
  const capped = (existing: Schema | undefined, max: number): Schema => ({
    type: 'string',
    maxLength: existing?.maxLength !== undefined && existing.maxLength < max ? existing.maxLength : max,
  });
  return {
    ...s,
    properties: {
      ...s.properties,
      kind: { type: 'string' },
      apiVersion: { type: 'string' },
      metadata: {
        type: 'object',
        properties: {
          name: capped(meta?.properties?.['name'], NAME_MAX_LENGTH),
          generateName: capped(meta?.properties?.['generateName'], NAME_MAX_LENGTH - 1),
        },
      },
    },
  };
}

/**
 * How many times data of this type can occur in one request: the bound on how often a rule under lists and maps
 * without maxItems or maxProperties runs (kube's maxCardinality, one comma between elements).
 */
export function maxCardinality(t: DeclType): number {
  const min = t instanceof SchemaDeclType ? t.minSerializedSize : 1;
  return Math.floor(MAX_REQUEST_SIZE_BYTES / (min + 1));
}

/**
 * The declaration type of values at hand: the schema's kinds and fields, with the sizes the data has (the largest,
 * over all the values one node stands for: every item of a list, say). Sizes are measured when first asked, so a
 * rule that only compares integers measures nothing.
 */
export function valueDeclType(schema: DeclType, values: readonly unknown[]): DeclType {
  return new ValueDeclType(schema, values);
}

class ValueDeclType implements DeclType {
  private size?: number;
  // memoized as { t } since "no such type" is an answer too
  private items?: { t: DeclType | undefined };
  private keys?: { t: DeclType | undefined };
  private readonly fields = new Map<string, DeclType | undefined>();

  constructor(
    private readonly schema: DeclType,
    private readonly values: readonly unknown[],
  ) {}

  get kind(): CelKind {
    return this.schema.kind;
  }

  get maxElements(): number {
    if (this.size === undefined) {
      let max = 0;
      for (const v of this.values) max = Math.max(max, sizeOf(v));
      this.size = max;
    }
    return this.size;
  }

  elem(): DeclType | undefined {
    this.items ??= {
      t: this.derived(this.schema.elem(), (v, out) => {
        for (const x of Array.isArray(v) ? v : isObject(v) ? Object.values(v) : []) out.push(x);
      }),
    };
    return this.items.t;
  }

  key(): DeclType | undefined {
    this.keys ??= {
      t: this.derived(this.schema.key(), (v, out) => {
        if (isObject(v)) for (const k of Object.keys(v)) out.push(k);
      }),
    };
    return this.keys.t;
  }

  field(name: string): DeclType | undefined {
    if (!this.fields.has(name)) {
      this.fields.set(
        name,
        this.derived(this.schema.field(name), (v, out) => isObject(v) && v[name] !== undefined && v[name] !== null && out.push(v[name])),
      );
    }
    return this.fields.get(name);
  }

  private derived(t: DeclType | undefined, collect: (v: unknown, out: unknown[]) => unknown): DeclType | undefined {
    if (!t) return undefined;
    const out: unknown[] = [];
    for (const v of this.values) collect(v, out);
    return new ValueDeclType(t, out);
  }
}

/** CEL's size(): characters (UTF-16 units here, never fewer than runes), items, entries, bytes; 1 for scalars. */
function sizeOf(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) return v.length;
  if (isObject(v)) return Object.keys(v).length;
  return 1;
}

/** A step from a declaration type to one inside it: a field, the items/values, or the keys. */
export type DeclStep = { field: string } | 'elem' | 'key';

/**
 * `decl`, noting every size read through it: the paths (from `decl`) whose maxElements were asked for. What reads
 * them — a cost estimate — is then a function of the sizes at those paths alone.
 */
export function recordSizeReads(decl: DeclType): { decl: DeclType; paths: DeclStep[][] } {
  const seen = new Map<string, DeclStep[]>();
  const wrap = (t: DeclType, path: DeclStep[]): DeclType => ({
    kind: t.kind,
    get maxElements() {
      seen.set(JSON.stringify(path), path);
      return t.maxElements;
    },
    elem: () => child(t.elem(), path, 'elem'),
    key: () => child(t.key(), path, 'key'),
    field: (name) => child(t.field(name), path, { field: name }),
  });
  const child = (t: DeclType | undefined, path: DeclStep[], step: DeclStep) => t && wrap(t, [...path, step]);
  return {
    decl: wrap(decl, []),
    get paths() {
      return [...seen.values()];
    },
  };
}

/** The size at `path` from `decl`, or -1 where the path leads nowhere. */
export function sizeAt(decl: DeclType, path: readonly DeclStep[]): number {
  let t: DeclType | undefined = decl;
  for (const step of path) t = step === 'elem' ? t?.elem() : step === 'key' ? t?.key() : t?.field(step.field);
  return t ? t.maxElements : -1;
}
