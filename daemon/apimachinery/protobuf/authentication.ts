// authentication.k8s.io/v1 (k8s.io/api/authentication/v1/generated.proto): TokenRequest (kubectl create token),
// SelfSubjectReview (kubectl auth whoami), TokenReview.
import { message, mapOf, repeated } from './descriptor.js';
import { ObjectMeta, StringList, Time } from './meta.js';

export const UserInfo = message('UserInfo', {
  1: ['username', 'string'],
  2: ['uid', 'string'],
  3: ['groups', repeated('string')],
  4: ['extra', mapOf(StringList)],
});

export const BoundObjectReference = message('BoundObjectReference', {
  1: ['kind', 'string'],
  2: ['apiVersion', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
});

export const TokenRequest = message('TokenRequest', {
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message(
      'TokenRequestSpec',
      {
        1: ['audiences', repeated('string')],
        3: ['boundObjectRef', BoundObjectReference],
        4: ['expirationSeconds', 'int64', 'pointer'],
        5: ['attestations', mapOf(StringList)],
      },
      [1, 4, 3, 5],
    ),
  ],
  3: ['status', message('TokenRequestStatus', { 1: ['token', 'string', 'always'], 2: ['expirationTimestamp', Time] })],
});

export const SelfSubjectReview = message('SelfSubjectReview', {
  1: ['metadata', ObjectMeta],
  2: ['status', message('SelfSubjectReviewStatus', { 1: ['userInfo', UserInfo] })],
});

export const TokenReview = message('TokenReview', {
  1: ['metadata', ObjectMeta],
  2: ['spec', message('TokenReviewSpec', { 1: ['token', 'string'], 2: ['audiences', repeated('string')] })],
  3: [
    'status',
    message(
      'TokenReviewStatus',
      {
        1: ['authenticated', 'bool'],
        2: ['user', UserInfo],
        3: ['error', 'string'],
        4: ['audiences', repeated('string')],
      },
      [1, 2, 4, 3],
    ),
  ],
});
