// Review kinds (SelfSubjectReview, TokenReview, the access reviews): create-only, their answer computed from the
// request and never stored — kube's review REST storages, which implement Create alone.
import type { KObject } from '../apimachinery/types.js';
import { BuiltinStrategy } from './builtin-strategy.js';
import { CREATE_ONLY, define, type KindSpec } from './define.js';
import type { RequestContext, ResourceDef } from './types.js';

/** Computes a review's status from the review the client sent. */
export type Reviewer = (review: KObject, ctx: RequestContext) => Record<string, unknown>;

export class ReviewStrategy extends BuiltinStrategy {
  constructor(
    resource: ResourceDef,
    private readonly reviewer: Reviewer,
  ) {
    super(resource);
  }

  /** The review as sent, with its status filled in (and, as kube answers it, a null creationTimestamp). */
  compute(obj: KObject, ctx: RequestContext): KObject {
    return { ...obj, metadata: { ...obj.metadata, creationTimestamp: null }, status: this.reviewer(obj, ctx) };
  }
}

/** A review kind of a `*.k8s.io` group, in version v1, typed by its Go type. */
export function defineReview(
  spec: Pick<KindSpec, 'group' | 'kind' | 'plural' | 'battery'> & { namespaced?: boolean },
  reviewer: Reviewer,
): ResourceDef {
  return define(
    {
      version: 'v1',
      namespaced: false,
      verbs: CREATE_ONLY,
      schemaName: `io.k8s.api.${spec.group.split('.')[0]}.v1.${spec.kind}`,
      ...spec,
    },
    (r) => new ReviewStrategy(r, reviewer),
  );
}
