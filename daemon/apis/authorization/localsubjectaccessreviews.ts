// authorization.k8s.io/v1 LocalSubjectAccessReview: a SubjectAccessReview posted in a namespace.
import { defineReview } from '../../registry/review-strategy.js';
import type { ResourceDef } from '../../registry/types.js';
import { accessStatus, specOf, userFromSpec, type Authorizer } from './access.js';

export function localSubjectAccessReviews(authorizer: Authorizer): ResourceDef {
  return defineReview(
    {
      group: 'authorization.k8s.io',
      kind: 'LocalSubjectAccessReview',
      plural: 'localsubjectaccessreviews',
      battery: 'authorization',
      namespaced: true,
    },
    (o, ctx) => {
      const spec = specOf(o);
      return accessStatus(authorizer, spec, userFromSpec(spec), ctx.cluster);
    },
  );
}
