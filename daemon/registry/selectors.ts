// Label and field selectors of a list/watch call, compiled into one predicate for the resource at hand: the fields a
// kind can be selected by, and the refusal of any other, are its strategy's.
import { parseFieldSelector } from '../apimachinery/fields.js';
import { parseLabelSelector } from '../apimachinery/labels.js';
import type { KObject } from '../apimachinery/types.js';
import type { ListOptions } from './options.js';
import type { ResourceDef } from './types.js';

export type Predicate = (obj: KObject) => boolean;

export function fieldGetter(def: ResourceDef): (obj: KObject, field: string) => string | undefined {
  const fields = def.strategy.fieldSelectors;
  return (obj, field) => {
    if (field === 'metadata.name') return obj.metadata.name ?? '';
    if (field === 'metadata.namespace') return def.namespaced ? (obj.metadata.namespace ?? '') : undefined;
    const f = fields[field];
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
      const supported =
        r.field === 'metadata.name' || (r.field === 'metadata.namespace' && def.namespaced) || def.strategy.fieldSelectors[r.field];
      if (!supported) throw def.strategy.unsupportedFieldSelector(r.field);
    }
    preds.push((o) => sel.matches((field) => get(o, field)));
  }
  if (preds.length === 0) return undefined;
  if (preds.length === 1) return preds[0];
  return (o) => preds.every((p) => p(o));
}
