// The Go types kube decodes request bodies into, as far as JSON decoding can tell them apart. A TypeNode is
// compiled once per schema component (see compile.ts) and walked per request (see check.ts).

export type TypeKind =
  | 'string'
  | 'bool'
  | 'int32'
  | 'int64'
  | 'float64'
  /** []byte: a base64 string. */
  | 'bytes'
  /** metav1.Time: RFC 3339 text, or null. */
  | 'time'
  /** metav1.MicroTime: RFC 3339 with six fractional digits. */
  | 'microtime'
  /** resource.Quantity: a string or number that parses as a quantity. */
  | 'quantity'
  /** intstr.IntOrString: a string or an int32. */
  | 'intorstring'
  | 'struct'
  | 'slice'
  | 'map'
  /** A Go struct kcpx does not model field by field: any JSON object (or null) is accepted as is. */
  | 'object'
  /** runtime.RawExtension, apiextensions JSON and the like: any JSON value. */
  | 'any'
  /**
   * A type with its own UnmarshalJSON taking one of several JSON kinds (JSONSchemaPropsOrArray, …OrBool): it decodes
   * the alternative with a json.Unmarshal of its own, whose errors Go then reports in the outer field's context.
   */
  | 'alternatives';

export interface Alternatives {
  object?: TypeNode;
  array?: TypeNode;
  bool?: boolean;
  /** Any other JSON value: ignored (decodes to the zero value), or refused with the unmarshaler's message. */
  other: 'ignored' | { message: string };
}

export interface TypeNode {
  kind: TypeKind;
  /** The destination type as Go's reflect.Type.String() prints it in decode errors: `v1.ObjectMeta`, `[]string`. */
  goType: string;
  /** Struct nodes: the struct's Name() (`ObjectMeta`), which error messages put before the field path. */
  struct?: string;
  /** Struct nodes: fields by JSON name (a null-prototype object, for fast lookups). */
  fields?: Record<string, TypeNode>;
  /** Slice and map nodes: the element type. */
  elem?: TypeNode;
  alternatives?: Alternatives;
}

/** Where a decode problem is: Go's error context and the full JSON path. */
export interface IssueLocation {
  /** The struct whose field was being decoded (`ObjectMeta`), '' at the top level. */
  struct: string;
  /** Go's field stack: struct field names from the top, map keys and list indices left out (`metadata.labels`). */
  fieldStack: string;
  /** The full path: object keys and list indices. */
  path: Array<string | number>;
}

/**
 * One decode problem. `type` problems are a JSON value of the wrong kind (or a number out of range) for `node`;
 * `value` problems are texts Go's unmarshalers refuse (base64, times, quantities), with Go's message.
 */
export interface DecodeIssue extends IssueLocation {
  problem: 'type' | 'value';
  /**
   * Go returns unmarshaler errors (Time, Quantity, IntOrString) at once and keeps decoding after plain type
   * mismatches, reporting the first of those only if nothing worse happens later.
   */
  immediate: boolean;
  node: TypeNode;
  value: unknown;
  /** Type problems: the Go type named in the message when it is not node.goType (Time decodes a string). */
  goType?: string;
  /** Value problems: Go's message. */
  message?: string;
}
