// The words kube uses for a decode problem, which depend on which of its decoders met it:
// - encoding/json (request bodies, JSON and merge patches): `json: cannot unmarshal number into Go struct field
//   ConfigMap.data of type string`, or the unmarshaler's own text;
// - runtime.DefaultUnstructuredConverter (strategic merge patches): `cannot convert int64 to string`,
//   `cannot restore slice from string`;
// - structured-merge-diff (server-side apply): `.data.a: expected string, got &value.valueUnstructured{Value:1}`.
import { goKindOf, goNumber, goSharpValue, goTypeOf, goValue } from '../apimachinery/gostrings.js';
import type { DecodeIssue, TypeKind } from './model.js';

const NUMERIC: ReadonlySet<TypeKind> = new Set(['int32', 'int64', 'float64']);

/** The issue Go's decoder returns: the first one returned at once, else the first one saved. */
export function firstDecodeIssue(issues: DecodeIssue[]): DecodeIssue | undefined {
  return issues.find((i) => i.immediate) ?? issues[0];
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** encoding/json's UnmarshalTypeError text (or the unmarshaler's message). */
export function jsonDecodeMessage(issue: DecodeIssue): string {
  if (issue.problem === 'value') return issue.message!;
  const goType = issue.goType ?? issue.node.goType;
  // A number into a numeric type failed its range or form: Go names the literal.
  const numericTarget = issue.goType === 'int32' || (issue.goType === undefined && NUMERIC.has(issue.node.kind));
  const what = typeof issue.value === 'number' && numericTarget ? `number ${goNumber(issue.value)}` : jsonKind(issue.value);
  const where = issue.struct || issue.fieldStack ? `Go struct field ${issue.struct}.${issue.fieldStack}` : 'Go value';
  return `json: cannot unmarshal ${what} into ${where} of type ${goType}`;
}

/** reflect.Kind names of the destination types, as `unrecognized type: <kind>` prints them. */
const KIND_NAMES: Partial<Record<TypeKind, string>> = {
  string: 'string',
  bool: 'bool',
  int32: 'int32',
  int64: 'int64',
  float64: 'float64',
};

/** runtime.DefaultUnstructuredConverter.FromUnstructured's text for the issue. */
export function converterMessage(issue: DecodeIssue): string {
  const { node, value } = issue;
  if (issue.problem === 'value') return node.kind === 'bytes' ? `error decoding from json: ${issue.message}` : issue.message!;
  const src = goTypeOf(value);
  switch (node.kind) {
    case 'string':
    case 'bool':
    case 'int32':
    case 'int64':
    case 'float64': {
      // Go converts between numeric kinds and from integers to strings; other pairs are not convertible.
      const fromInt = typeof value === 'number' && Number.isInteger(value);
      const convertible =
        (typeof value === 'number' && NUMERIC.has(node.kind)) ||
        (fromInt && node.kind === 'string') ||
        (typeof value === 'string' && node.kind === 'string');
      return convertible ? `cannot convert ${src} to ${node.goType}` : `unrecognized type: ${KIND_NAMES[node.kind]}`;
    }
    case 'time':
    case 'microtime':
      return `json: cannot unmarshal ${jsonKind(value)} into Go value of type string`;
    case 'intorstring':
      return typeof value === 'number'
        ? `json: cannot unmarshal number ${goNumber(value)} into Go value of type int32`
        : `json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`;
    case 'map':
      return `cannot restore map from ${goKindOf(value)}`;
    case 'slice':
    case 'bytes':
      return `cannot restore slice from ${goKindOf(value)}`;
    default:
      return `cannot restore struct from: ${goKindOf(value)}`;
  }
}

/** A structured-merge-diff path: `.spec.rules[0].verbs`. */
export function smdPath(path: Array<string | number>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return out;
}

const unstructured = (v: unknown) => `&value.valueUnstructured{Value:${goSharpValue(v, false)}}`;
const plain = (v: unknown) => `&{${goValue(v)}}`;

/** structured-merge-diff's validation message for a value of the wrong kind. */
export function smdMessage(issue: DecodeIssue): string {
  const v = issue.value;
  switch (issue.node.kind) {
    case 'string':
    case 'bytes':
    case 'time':
    case 'microtime':
      return `expected string, got ${unstructured(v)}`;
    case 'int32':
    case 'int64':
    case 'float64':
      return `expected numeric (int or float), got ${goTypeOf(v)}`;
    case 'bool':
      return `expected boolean, got ${plain(v)}`;
    case 'intorstring':
    case 'quantity':
      return `expected any scalar, got ${plain(v)}`;
    case 'slice':
      return `expected list, got ${plain(v)}`;
    default:
      return `expected map, got ${plain(v)}`;
  }
}

/** Which issues structured-merge-diff would see: a JSON kind its schema does not allow (not ranges, not texts). */
export function isSmdIssue(issue: DecodeIssue): boolean {
  if (issue.problem !== 'type') return false;
  const v = issue.value;
  switch (issue.node.kind) {
    case 'int32':
    case 'int64':
    case 'float64':
      return typeof v !== 'number';
    case 'intorstring':
      return typeof v === 'object';
    default:
      return true;
  }
}

/** ValidationErrors.Error(): one line, or "errors:" and each on its own indented line. */
export function smdErrors(issues: DecodeIssue[]): string {
  const lines = issues.map((i) => `${smdPath(i.path)}: ${smdMessage(i)}`);
  return lines.length === 1 ? lines[0]! : ['errors:', ...lines.map((l) => `  ${l}`)].join('\n');
}
