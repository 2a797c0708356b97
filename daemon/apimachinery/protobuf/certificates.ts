// certificates.k8s.io/v1 CertificateSigningRequest (k8s.io/api/certificates/v1/generated.proto): what `kubectl
// certificate approve|deny` sends to the approval subresource.
import { message, mapOf, repeated } from './descriptor.js';
import { ObjectMeta, StringList, Time } from './meta.js';

const Condition = message(
  'CertificateSigningRequestCondition',
  {
    1: ['type', 'string', 'always'],
    6: ['status', 'string', 'always'],
    2: ['reason', 'string'],
    3: ['message', 'string'],
    4: ['lastUpdateTime', Time],
    5: ['lastTransitionTime', Time],
  },
  [1, 6, 2, 3, 4, 5],
);

export const CertificateSigningRequest = message('CertificateSigningRequest', {
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message(
      'CertificateSigningRequestSpec',
      {
        1: ['request', 'bytes', 'always'],
        7: ['signerName', 'string', 'always'],
        8: ['expirationSeconds', 'int32', 'pointer'],
        5: ['usages', repeated('string')],
        2: ['username', 'string'],
        3: ['uid', 'string'],
        4: ['groups', repeated('string')],
        6: ['extra', mapOf(StringList)],
      },
      [1, 7, 8, 5, 2, 3, 4, 6],
    ),
  ],
  3: ['status', message('CertificateSigningRequestStatus', { 1: ['conditions', repeated(Condition)], 2: ['certificate', 'bytes'] })],
});
