// An ApplyConfiguration mutation's merge (kube's patch/smd.go): the configuration may not set atomic lists, maps or
// structs (their unset parts would be lost without anyone asking for it), then it is merged into the object as
// server-side apply merges — maps by key, keyed lists by key, sets by value — without taking field ownership.
import { isObject } from '../../apimachinery/is-object.js';
import { mergeApplied } from '../../apimachinery/managedfields/index.js';
import { childSchema, isSet, listKeys } from '../../apimachinery/managedfields/fieldset.js';
import type { KObject, Schema } from '../../apimachinery/types.js';

/** The paths (structured-merge-diff's notation: `.spec.ports[0]`) of the atomic values a configuration sets. */
export function atomicsIn(value: unknown, schema: Schema | undefined, path = ''): string[] {
  if (!schema) return [];
  const out: string[] = [];
  if (isObject(value) && (schema.properties || schema.additionalProperties)) {
    if (schema['x-kubernetes-map-type'] === 'atomic') out.push(path);
    for (const [k, v] of Object.entries(value)) {
      const child = childSchema(schema, k);
      if (child) out.push(...atomicsIn(v, child, `${path}.${k}`));
    }
  } else if (Array.isArray(value) && schema.type === 'array') {
    // a list is atomic unless it says it is keyed or a set
    if (schema['x-kubernetes-list-type'] === 'atomic' || (!listKeys(schema) && !isSet(schema))) out.push(path);
    value.forEach((v, i) => out.push(...atomicsIn(v, schema.items, `${path}[${i}]`)));
  }
  return out;
}

/** The object with the configuration merged in; throws with kube's message when it sets atomic values. */
export function applyConfiguration(object: KObject, configuration: Record<string, unknown>, schema: Schema | undefined): KObject {
  const atomics = atomicsIn(configuration, schema);
  if (atomics.length) {
    throw new Error(
      `error applying patch: invalid ApplyConfiguration: may not mutate atomic arrays, maps or structs: ${atomics.join(', ')}`,
    );
  }
  const patch = { ...configuration, apiVersion: object.apiVersion, kind: object.kind };
  return mergeApplied(object, patch, schema) as KObject;
}
