// authorization.k8s.io/v1 (k8s.io/api/authorization/v1/generated.proto): the access reviews behind
// `kubectl auth can-i` (SelfSubjectAccessReview, SelfSubjectRulesReview) and SubjectAccessReview.
import { message, mapOf, repeated } from './descriptor.js';
import { FieldSelectorRequirement, LabelSelectorRequirement, ObjectMeta, StringList } from './meta.js';

export const ResourceAttributes = message('ResourceAttributes', {
  1: ['namespace', 'string'],
  2: ['verb', 'string'],
  3: ['group', 'string'],
  4: ['version', 'string'],
  5: ['resource', 'string'],
  6: ['subresource', 'string'],
  7: ['name', 'string'],
  8: [
    'fieldSelector',
    message('FieldSelectorAttributes', { 1: ['rawSelector', 'string'], 2: ['requirements', repeated(FieldSelectorRequirement)] }),
  ],
  9: [
    'labelSelector',
    message('LabelSelectorAttributes', { 1: ['rawSelector', 'string'], 2: ['requirements', repeated(LabelSelectorRequirement)] }),
  ],
});

export const NonResourceAttributes = message('NonResourceAttributes', { 1: ['path', 'string'], 2: ['verb', 'string'] });

export const SubjectAccessReviewStatus = message(
  'SubjectAccessReviewStatus',
  {
    1: ['allowed', 'bool', 'always'],
    2: ['reason', 'string'],
    3: ['evaluationError', 'string'],
    4: ['denied', 'bool'],
  },
  [1, 4, 2, 3],
);

export const SubjectAccessReviewSpec = message('SubjectAccessReviewSpec', {
  1: ['resourceAttributes', ResourceAttributes],
  2: ['nonResourceAttributes', NonResourceAttributes],
  3: ['user', 'string'],
  4: ['groups', repeated('string')],
  5: ['extra', mapOf(StringList)],
  6: ['uid', 'string'],
});

export const SelfSubjectAccessReview = message('SelfSubjectAccessReview', {
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('SelfSubjectAccessReviewSpec', {
      1: ['resourceAttributes', ResourceAttributes],
      2: ['nonResourceAttributes', NonResourceAttributes],
    }),
  ],
  3: ['status', SubjectAccessReviewStatus],
});

export const SubjectAccessReview = message('SubjectAccessReview', {
  1: ['metadata', ObjectMeta],
  2: ['spec', SubjectAccessReviewSpec],
  3: ['status', SubjectAccessReviewStatus],
});

/** Same wire shape as SubjectAccessReview; the namespace comes from the URL. */
export const LocalSubjectAccessReview = message('LocalSubjectAccessReview', {
  1: ['metadata', ObjectMeta],
  2: ['spec', SubjectAccessReviewSpec],
  3: ['status', SubjectAccessReviewStatus],
});

const ResourceRule = message('ResourceRule', {
  1: ['verbs', repeated('string')],
  2: ['apiGroups', repeated('string')],
  3: ['resources', repeated('string')],
  4: ['resourceNames', repeated('string')],
});

const NonResourceRule = message('NonResourceRule', {
  1: ['verbs', repeated('string')],
  2: ['nonResourceURLs', repeated('string')],
});

export const SelfSubjectRulesReview = message('SelfSubjectRulesReview', {
  1: ['metadata', ObjectMeta],
  2: ['spec', message('SelfSubjectRulesReviewSpec', { 1: ['namespace', 'string'] })],
  3: [
    'status',
    message('SubjectRulesReviewStatus', {
      1: ['resourceRules', repeated(ResourceRule)],
      2: ['nonResourceRules', repeated(NonResourceRule)],
      3: ['incomplete', 'bool', 'always'],
      4: ['evaluationError', 'string'],
    }),
  ],
});
