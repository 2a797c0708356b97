// authorization.k8s.io/v1 SelfSubjectAccessReview (`kubectl auth can-i`): may the caller do this?
import { defineReview } from '../../registry/review-strategy.js';
import type { ResourceDef } from '../../registry/types.js';
import { accessStatus, specOf, type Authorizer } from './access.js';

export function selfSubjectAccessReviews(authorizer: Authorizer): ResourceDef {
  return defineReview(
    { group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', battery: 'authorization' },
    (o, ctx) => accessStatus(authorizer, specOf(o), ctx.user, ctx.cluster),
  );
}
