// Strict decoding for built-ins: every field the schema does not declare, with kube's path format.
import type { Schema } from '../apimachinery/types.js';
import { isObject } from '../apimachinery/is-object.js';

export function unknownFields(obj: unknown, schema: Schema): string[] {
  const out: string[] = [];
  const walk = (v: unknown, s: Schema | undefined, path: string) => {
    if (!s || s['x-kubernetes-preserve-unknown-fields'] || s['x-kubernetes-int-or-string']) return;
    if (isObject(v)) {
      if (s.type !== undefined && s.type !== 'object') return;
      for (const [k, child] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        if (s.properties && k in s.properties) walk(child, s.properties[k], p);
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') walk(child, s.additionalProperties, p);
        else if (s.additionalProperties === true) continue;
        else if (s.properties) out.push(p);
      }
    } else if (Array.isArray(v) && s.items) {
      v.forEach((el, i) => walk(el, s.items, `${path}[${i}]`));
    }
  };
  walk(obj, schema, '');
  return out;
}
