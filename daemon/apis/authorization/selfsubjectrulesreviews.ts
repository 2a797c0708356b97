// authorization.k8s.io/v1 SelfSubjectRulesReview (`kubectl auth can-i --list`): the rules the caller holds in a
// namespace.
import { defineReview } from '../../registry/review-strategy.js';
import type { ResourceDef } from '../../registry/types.js';
import { specOf, type Authorizer } from './access.js';
import { scalarText } from '../../apimachinery/scalar-text.js';

export function selfSubjectRulesReviews(authorizer: Authorizer): ResourceDef {
  return defineReview(
    { group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview', plural: 'selfsubjectrulesreviews', battery: 'authorization' },
    (o, ctx) => ({
      ...authorizer.rulesFor(ctx.cluster, ctx.user, scalarText(specOf(o)['namespace'])),
    }),
  );
}
