// Resolved (dereferenced) schemas of the built-in kinds, for walking: strategic merge patch, apply, strict
// decoding. Recursion is cut by treating a repeated reference as an object that keeps unknown fields.
import { components } from '../schemas/index.js';
import type { Schema } from '../apimachinery/types.js';

const resolved = new Map<string, Schema>();

function deref(node: Schema, seen: Set<string>): Schema {
  if (node.$ref) {
    const name = node.$ref.replace('#/components/schemas/', '');
    const { $ref: _r, ...rest } = node;
    if (seen.has(name)) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...rest };
    const target = components[name];
    if (!target) return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, ...rest };
    return { ...deref(target, new Set([...seen, name])), ...rest };
  }
  const out: Schema = { ...node };
  if (node.properties) out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, deref(v, seen)]));
  if (node.items) out.items = deref(node.items, seen);
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    out.additionalProperties = deref(node.additionalProperties, seen);
  return out;
}

export function resolveSchema(name: string): Schema | undefined {
  let s = resolved.get(name);
  if (s) return s;
  const c = components[name];
  if (!c) return undefined;
  s = deref(c, new Set([name]));
  resolved.set(name, s);
  return s;
}
