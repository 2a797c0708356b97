// Test support: a custom resource definition as the CRD engine would serve it. Imported by tests only.
import type { Schema } from '../apimachinery/types.js';
import { ALL_VERBS, type ResourceDef } from './types.js';

/** widgets.example.dev/v1 Widget, namespaced, with status and scale subresources. */
export function widgetDef(schema: Schema, extra: Partial<ResourceDef> = {}): ResourceDef {
  return {
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
    subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
    nameRule: 'dns1123-subdomain',
    generation: true,
    strategicMergePatch: false,
    crd: { uid: 'u', name: 'widgets.example.dev' },
    openAPISchema: schema,
    ...extra,
  };
}
