// The resolved schema of a resource (for strict decoding, strategic merge patch and server-side apply).
import type { Schema } from '../apimachinery/types.js';
import { resolveSchema } from './schemas.js';
import type { ResourceDef } from './types.js';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const cache = new WeakMap<ResourceDef, Schema | null>();

export function schemaOf(def: ResourceDef): Schema | undefined {
  const hit = cache.get(def);
  if (hit !== undefined) return hit ?? undefined;
  let schema: Schema | undefined;
  if (def.schemaName) schema = resolveSchema(def.schemaName);
  else if (def.openAPISchema) {
    const props = def.openAPISchema.properties ?? {};
    const meta = resolveSchema(OBJECT_META);
    schema = { ...def.openAPISchema, properties: meta ? { ...props, metadata: meta } : props };
  }
  cache.set(def, schema ?? null);
  return schema;
}
