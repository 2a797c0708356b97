// A terse way to declare a built-in resource: its identity with the defaults every generic-control-plane type
// shares, and its strategy, built for it (a strategy knows the resource it serves, for its messages and schema).
import { BuiltinStrategy } from './builtin-strategy.js';
import type { ResourceStrategy } from './strategy.js';
import { ALL_VERBS, type ResourceDef, type ResourceIdentity } from './types.js';

export type KindSpec = Pick<ResourceIdentity, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'> & Partial<ResourceIdentity>;

/** Builds the strategy of a resource, given the resource. */
export type StrategyFactory = (resource: ResourceDef) => ResourceStrategy;

export function define(spec: KindSpec, strategy: StrategyFactory = (r) => new BuiltinStrategy(r)): ResourceDef {
  const def = {
    listKind: `${spec.kind}List`,
    singular: spec.kind.toLowerCase(),
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    ...spec,
    // Set right below: the strategy is built for the definition, whose names and schema it reads.
    strategy: undefined as unknown as ResourceStrategy,
  };
  def.strategy = strategy(def);
  return def;
}

/** The verbs of create-only kinds (reviews). */
export const CREATE_ONLY = ['create'] as const;
