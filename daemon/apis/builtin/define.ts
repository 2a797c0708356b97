// A terse way to declare a built-in resource: the defaults every generic-control-plane type shares.
import { ALL_VERBS, type ResourceDef } from '../../registry/types.js';

type Spec = Pick<ResourceDef, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'> & Partial<ResourceDef>;

export function define(spec: Spec): ResourceDef {
  return {
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    subresources: {},
    nameRule: 'dns1123-subdomain',
    generation: false,
    strategicMergePatch: true,
    ...spec,
  };
}

export const REVIEW_VERBS = ['create'] as const;
