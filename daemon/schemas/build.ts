// Terse builders for OpenAPI schema nodes.
import type { Schema } from '../apimachinery/types.js';

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
export const str = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, ...extra });
export const int = (description: string, format = 'int32'): Schema => ({ type: 'integer', format, description });
export const bool = (description: string): Schema => ({ type: 'boolean', description });
export const time = (description: string): Schema => ({ ...ref('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), description });
export const mapOf = (value: Schema, description: string): Schema => ({ type: 'object', additionalProperties: value, description });
export const list = (items: Schema, description: string, ext: Partial<Schema> = {}): Schema => ({
  type: 'array',
  items,
  description,
  ...ext,
});
export const atomic = (items: Schema, description: string): Schema => list(items, description, { 'x-kubernetes-list-type': 'atomic' });
export const freeform = (description: string): Schema => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });
export const obj = (description: string, properties: Record<string, Schema>, extra: Partial<Schema> = {}): Schema => ({
  type: 'object',
  description,
  properties,
  ...extra,
});

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

/** A top-level kind: apiVersion, kind, metadata plus its own properties, tagged with its GVK. */
export function kind(
  group: string,
  version: string,
  k: string,
  description: string,
  properties: Record<string, Schema>,
  extra: Partial<Schema> = {},
): Schema {
  return {
    type: 'object',
    description,
    properties: {
      apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
      kind: str('Kind is a string value representing the REST resource this object represents.'),
      metadata: { ...ref(`${META}.ObjectMeta`), description: "Standard object's metadata." },
      ...properties,
    },
    'x-kubernetes-group-version-kind': [{ group, version, kind: k }],
    ...extra,
  };
}
