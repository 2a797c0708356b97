// authorization.k8s.io/v1 SubjectAccessReview: may the user the review names do this?
import { defineReview } from '../../registry/review-strategy.js';
import type { ResourceDef } from '../../registry/types.js';
import { accessStatus, specOf, userFromSpec, type Authorizer } from './access.js';

export function subjectAccessReviews(authorizer: Authorizer): ResourceDef {
  return defineReview(
    { group: 'authorization.k8s.io', kind: 'SubjectAccessReview', plural: 'subjectaccessreviews', battery: 'authorization' },
    (o, ctx) => {
      const spec = specOf(o);
      return accessStatus(authorizer, spec, userFromSpec(spec), ctx.cluster);
    },
  );
}
