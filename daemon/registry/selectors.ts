// Label and field selectors of a list/watch call, compiled into one predicate for the resource at hand.
import { parseFieldSelector } from '../apimachinery/fields.js';
import { parseLabelSelector } from '../apimachinery/labels.js';
import { badRequest } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import type { ListOptions } from './options.js';
import type { ResourceDef } from './types.js';

export type Predicate = (obj: KObject) => boolean;

export function fieldGetter(def: ResourceDef): (obj: KObject, field: string) => string | undefined {
  return (obj, field) => {
    if (field === 'metadata.name') return obj.metadata.name ?? '';
    if (field === 'metadata.namespace') return def.namespaced ? (obj.metadata.namespace ?? '') : undefined;
    const f = def.fieldSelectors?.[field];
    return f ? (f(obj) ?? '') : undefined;
  };
}

/** Returns undefined when the call selects everything. Throws 400 for malformed or unsupported selectors. */
export function compileSelectors(def: ResourceDef, opts: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): Predicate | undefined {
  const ls = opts.labelSelector;
  const fs = opts.fieldSelector;
  const preds: Predicate[] = [];
  if (ls) {
    const sel = parseLabelSelector(ls);
    if (!sel.empty()) preds.push((o) => sel.matches(o.metadata.labels ?? {}));
  }
  if (fs) {
    const sel = parseFieldSelector(fs);
    const get = fieldGetter(def);
    for (const r of sel.requirements) {
      const supported = r.field === 'metadata.name' || (r.field === 'metadata.namespace' && def.namespaced) || def.fieldSelectors?.[r.field];
      if (!supported) {
        if (def.crd) {
          const known = def.namespaced ? '"metadata.name", "metadata.namespace"' : '"metadata.name"';
          throw badRequest(`"${r.field}" is not a known field selector: only ${known}`);
        }
        throw badRequest(`field label not supported: ${r.field}`);
      }
    }
    preds.push((o) => sel.matches((field) => get(o, field)));
  }
  if (preds.length === 0) return undefined;
  if (preds.length === 1) return preds[0];
  return (o) => preds.every((p) => p(o));
}
