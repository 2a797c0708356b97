// Walking the published OpenAPI v3 schemas: the paths of a kind the fuzzer mutates, and an independent type check
// of what the server stored (written from the schemas alone, not from the server's typed decoder).
import type { JsonSchema } from './client.js';

export type Segment = string | number;

export interface SchemaPath {
  path: Segment[];
  schema: JsonSchema;
}

export function deref(s: JsonSchema | undefined, components: Record<string, JsonSchema>): JsonSchema | undefined {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 32; i++) {
    const target = components[cur.$ref.replace('#/components/schemas/', '')];
    cur = target ? { ...target, ...Object.fromEntries(Object.entries(cur).filter(([k]) => k !== '$ref')) } : undefined;
  }
  return cur;
}

/** Every path of a kind down to `maxDepth`: list items as index 0, map values under the key "k". */
export function schemaPaths(root: JsonSchema, components: Record<string, JsonSchema>, maxDepth = 7): SchemaPath[] {
  const out: SchemaPath[] = [];
  const walk = (s: JsonSchema | undefined, path: Segment[], refs: string[]) => {
    const r = deref(s, components);
    if (!r || path.length > maxDepth) return;
    if (path.length) out.push({ path, schema: r });
    const ref = s?.$ref;
    if (ref && refs.includes(ref)) return;
    const nextRefs = ref ? [...refs, ref] : refs;
    for (const [k, p] of Object.entries(r.properties ?? {})) walk(p, [...path, k], nextRefs);
    if (r.items) walk(r.items, [...path, 0], nextRefs);
    if (r.additionalProperties && typeof r.additionalProperties === 'object') walk(r.additionalProperties, [...path, 'k'], nextRefs);
  };
  walk(root, [], []);
  return out;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * What a typed client would choke on in a stored object: a value whose JSON type its schema does not allow, an
 * integer out of its format's range, text that is not base64 or RFC 3339 where the format says so. Subtrees the
 * schema leaves open (x-kubernetes-preserve-unknown-fields, no type) are not looked into; nulls are allowed where
 * Go's decoder allows them (everywhere), since typed clients read them as zero values.
 */
export function storedTypeProblems(value: unknown, root: JsonSchema, components: Record<string, JsonSchema>): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, s0: JsonSchema | undefined, path: string, depth: number) => {
    const s = deref(s0, components);
    if (!s || v === null || depth > 64 || problems.length > 20) return;
    const at = path || '<root>';
    if (s['x-kubernetes-int-or-string']) {
      if (typeof v !== 'string' && !(typeof v === 'number' && Number.isInteger(v)))
        problems.push(`${at}: int-or-string holds ${typeName(v)}`);
      return;
    }
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives && !s.type) {
      const types = alternatives.map((a) => deref(a, components)?.type);
      const t = typeName(v) === 'number' && Number.isInteger(v) ? ['integer', 'number'] : [typeName(v)];
      if (!types.some((x) => x && t.includes(x))) problems.push(`${at}: ${typeName(v)} is none of ${types.join(', ')}`);
      return;
    }
    switch (s.type) {
      case 'string':
        if (typeof v !== 'string') problems.push(`${at}: expected string, found ${typeName(v)}`);
        else if (s.format === 'byte' && !BASE64.test(v)) problems.push(`${at}: not base64`);
        else if (s.format === 'date-time' && !RFC3339.test(v)) problems.push(`${at}: not RFC 3339: ${v}`);
        return;
      case 'integer': {
        const max = s.format === 'int32' ? 2147483647 : 2 ** 63;
        if (typeof v !== 'number' || !Number.isInteger(v))
          problems.push(`${at}: expected integer, found ${JSON.stringify(v).slice(0, 40)}`);
        else if (v > max || v < -max - 1) problems.push(`${at}: ${v} out of ${s.format ?? 'int64'} range`);
        return;
      }
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${at}: expected number, found ${typeName(v)}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') problems.push(`${at}: expected boolean, found ${typeName(v)}`);
        return;
      case 'array':
        if (!Array.isArray(v)) problems.push(`${at}: expected array, found ${typeName(v)}`);
        else v.forEach((x, i) => walk(x, s.items, `${path}[${i}]`, depth + 1));
        return;
      case 'object':
        if (typeName(v) !== 'object') {
          problems.push(`${at}: expected object, found ${typeName(v)}`);
          return;
        }
        if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties) return;
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          const p = path ? `${path}.${k}` : k;
          if (s.properties?.[k]) walk(x, s.properties[k], p, depth + 1);
          else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(x, s.additionalProperties, p, depth + 1);
        }
        return;
      default:
        return;
    }
  };
  walk(value, root, '', 0);
  return problems;
}
