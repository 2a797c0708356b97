// Test support: a custom resource as the CRD engine would serve it. Imported by tests only.
import { CustomResourceStrategy } from '../apiextensions/custom-resource-strategy.js';
import type { Schema } from '../apimachinery/types.js';
import { ALL_VERBS, type ResourceDef, type ResourceIdentity, type SchemaOps } from './types.js';

/** Schema operations that change and refuse nothing (a CRD whose schema keeps every field). */
export const NO_SCHEMA_OPS: SchemaOps = { coerce: () => undefined, prune: () => [], applyDefaults: () => {}, validate: () => [] };

/** widgets.example.dev/v1 Widget, namespaced, with status and scale subresources. */
export function widgetDef(schema: Schema, extra: Partial<ResourceIdentity> = {}, schemaOps: SchemaOps = NO_SCHEMA_OPS): ResourceDef {
  const def = {
    group: 'example.dev',
    version: 'v1',
    kind: 'Widget',
    listKind: 'WidgetList',
    plural: 'widgets',
    singular: 'widget',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    openAPISchema: schema,
    ...extra,
    strategy: undefined as unknown as CustomResourceStrategy,
  };
  def.strategy = new CustomResourceStrategy(def, {
    crd: { uid: 'u', name: 'widgets.example.dev' },
    schema: () => schemaOps,
    status: true,
    scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
  });
  return def;
}
