// Message descriptors: for each protobuf field number, the JSON name kube's Go types give it, its type, and how Go's
// encoding/json treats its zero value. Authored from k8s.io/api/<group>/<version>/generated.proto (field numbers) and
// types.go (json tags), because gogo-protobuf writes every non-pointer scalar even when empty.

/**
 * Scalars as they appear in kube's generated.proto. int32/int64/double become JSON numbers (double: a fixed64 field,
 * JSONSchemaProps' float64 bounds), bytes become base64.
 */
export type ScalarType = 'string' | 'bytes' | 'int32' | 'int64' | 'bool' | 'double';

/**
 * How the Go field serialises to JSON, which decides whether a zero value survives decoding:
 * - `omitempty`: a value field with `,omitempty` — "", 0 and false are dropped (gogo sends them anyway);
 * - `pointer`: a pointer field (`*bool`, `*int64`, …) — gogo sends it only when set, so whatever arrives is kept;
 * - `always`: a value field without `,omitempty` — Go's JSON would print the zero value, so it is kept.
 * Messages, lists and maps ignore this: a message present on the wire is an object (possibly `{}`), an empty list
 * or map cannot be told from an absent one and is left out.
 */
export type Presence = 'omitempty' | 'pointer' | 'always';

/** A message whose JSON form is not an object: Time → string, Quantity → string, ExtraValue → string[]. */
export interface ValueType {
  readonly value: string;
  /** JSON value for the message bytes; `undefined` where Go's JSON would print null (a zero Time). */
  decode(bytes: Buffer): unknown;
}

export interface MessageType {
  readonly message: string;
  /** In declaration (= Go struct, = JSON output) order. */
  readonly fields: ReadonlyMap<number, FieldDesc>;
}

export type ElementType = ScalarType | ValueType | MessageType;

export type FieldType = ElementType | { readonly repeated: ElementType } | { readonly map: ElementType };

export interface FieldDesc {
  /** `''` for an embedded struct whose fields Go's JSON inlines (`json:",inline"`): a message field on the wire. */
  readonly json: string;
  readonly type: FieldType;
  readonly presence: Presence;
}

export type FieldSpec = readonly [json: string, type: FieldType, presence?: Presence];

/**
 * A message descriptor from `{ fieldNumber: [jsonName, type, presence?] }`. The output order of the JSON keys is the
 * order of `order` when given (Go's struct order where it differs from field numbers), else by field number.
 */
export function message(name: string, fields: Record<number, FieldSpec>, order?: readonly number[]): MessageType {
  const numbers = order ?? Object.keys(fields).map(Number);
  const map = new Map<number, FieldDesc>();
  for (const no of numbers) {
    const spec = fields[no];
    if (!spec) throw new Error(`descriptor ${name}: no field ${no}`);
    map.set(no, { json: spec[0], type: spec[1], presence: spec[2] ?? 'omitempty' });
  }
  if (map.size !== Object.keys(fields).length) throw new Error(`descriptor ${name}: order does not list every field`);
  return { message: name, fields: map };
}

export const repeated = (element: ElementType): FieldType => ({ repeated: element });
export const mapOf = (element: ElementType): FieldType => ({ map: element });

export function isRepeated(t: FieldType): t is { readonly repeated: ElementType } {
  return typeof t === 'object' && 'repeated' in t;
}

export function isMap(t: FieldType): t is { readonly map: ElementType } {
  return typeof t === 'object' && 'map' in t;
}

export function isMessage(t: FieldType): t is MessageType {
  return typeof t === 'object' && 'message' in t;
}

export function isValue(t: FieldType): t is ValueType {
  return typeof t === 'object' && 'value' in t;
}
