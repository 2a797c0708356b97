// authorization.k8s.io/v1 (kcp's `authorization` battery): the access reviews, answered by the daemon's authorizer.
import type { ResourceDef } from '../../registry/types.js';
import { privilegedOnly, type Authorizer } from './access.js';
import { localSubjectAccessReviews } from './localsubjectaccessreviews.js';
import { selfSubjectAccessReviews } from './selfsubjectaccessreviews.js';
import { selfSubjectRulesReviews } from './selfsubjectrulesreviews.js';
import { subjectAccessReviews } from './subjectaccessreviews.js';

export type { AccessAttributes, AccessDecision, Authorizer, RulesAnswer } from './access.js';

export function authorizationResources(authorizer: Authorizer = privilegedOnly): ResourceDef[] {
  return [
    selfSubjectAccessReviews(authorizer),
    subjectAccessReviews(authorizer),
    localSubjectAccessReviews(authorizer),
    selfSubjectRulesReviews(authorizer),
  ];
}
