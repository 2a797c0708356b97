// Schemas of certificates.k8s.io/v1 CertificateSigningRequest and apiregistration.k8s.io/v1 APIService (the
// `certificates` and `apiservices` batteries), after upstream's components.
import type { Schema } from '../apimachinery/types.js';
import { atomic, bool, int, kind, list, mapOf, obj, ref, str, time } from './build.js';

const CERT = 'io.k8s.api.certificates.v1';
const REG = 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1';

const bytes = (description: string): Schema => ({ type: 'string', format: 'byte', description });

export const certificatesSchemas: Record<string, Schema> = {
  [`${CERT}.CertificateSigningRequestCondition`]: obj(
    'CertificateSigningRequestCondition describes a condition of a CertificateSigningRequest object',
    {
      lastTransitionTime: time('lastTransitionTime is the time the condition last transitioned from one status to another.'),
      lastUpdateTime: time('lastUpdateTime is the time of the last update to this condition'),
      message: str('message contains a human readable message with details about the request state'),
      reason: str('reason indicates a brief reason for the request state'),
      status: str('status of the condition, one of True, False, Unknown.'),
      type: str('type of the condition: Approved, Denied, Failed, or a custom type.'),
    },
    { required: ['type', 'status'] },
  ),
  [`${CERT}.CertificateSigningRequest`]: kind(
    'certificates.k8s.io',
    'v1',
    'CertificateSigningRequest',
    'CertificateSigningRequest objects provide a mechanism to obtain x509 certificates by submitting a certificate signing request, and having it asynchronously approved and issued.',
    {
      spec: obj(
        'spec contains the certificate request, and is immutable after creation.',
        {
          expirationSeconds: int('expirationSeconds is the requested duration of validity of the issued certificate.'),
          extra: mapOf(atomic(str(''), ''), 'extra contains extra attributes of the user that created the CertificateSigningRequest.'),
          groups: atomic(str(''), 'groups contains group membership of the user that created the CertificateSigningRequest.'),
          request: {
            ...bytes('request contains an x509 certificate signing request encoded in a "CERTIFICATE REQUEST" PEM block.'),
            'x-kubernetes-list-type': 'atomic',
          },
          signerName: str('signerName indicates the requested signer, and is a qualified name.'),
          uid: str('uid contains the uid of the user that created the CertificateSigningRequest.'),
          usages: atomic(str(''), 'usages specifies a set of key usages requested in the issued certificate.'),
          username: str('username contains the name of the user that created the CertificateSigningRequest.'),
        },
        { required: ['request', 'signerName'] },
      ),
      status: obj(
        'status contains information about whether the request is approved or denied, and the certificate issued by the signer, or the failure condition indicating signer failure.',
        {
          certificate: {
            ...bytes('certificate is populated with an issued certificate by the signer after an Approved condition is present.'),
            'x-kubernetes-list-type': 'atomic',
          },
          conditions: list(ref(`${CERT}.CertificateSigningRequestCondition`), 'conditions applied to the request.', {
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['type'],
          }),
        },
      ),
    },
    { required: ['spec'] },
  ),
  [`${REG}.ServiceReference`]: obj('ServiceReference holds a reference to Service.legacy.k8s.io', {
    name: str('Name is the name of the service'),
    namespace: str('Namespace is the namespace of the service'),
    port: int('If specified, the port on the service that hosting webhook.'),
  }),
  [`${REG}.APIServiceCondition`]: obj(
    'APIServiceCondition describes the state of an APIService at a particular point',
    {
      lastTransitionTime: time('Last time the condition transitioned from one status to another.'),
      message: str('Human-readable message indicating details about last transition.'),
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      status: str('Status is the status of the condition. Can be True, False, Unknown.'),
      type: str('Type is the type of the condition.'),
    },
    { required: ['type', 'status'] },
  ),
  [`${REG}.APIService`]: kind(
    'apiregistration.k8s.io',
    'v1',
    'APIService',
    'APIService represents a server for a particular GroupVersion. Name must be "version.group".',
    {
      spec: obj(
        'Spec contains information for locating and communicating with a server',
        {
          caBundle: {
            ...bytes("CABundle is a PEM encoded CA bundle which will be used to validate an API server's serving certificate."),
            'x-kubernetes-list-type': 'atomic',
          },
          group: str('Group is the API group name this server hosts'),
          groupPriorityMinimum: int('GroupPriorityMinimum is the priority this group should have at least.'),
          insecureSkipTLSVerify: bool('InsecureSkipTLSVerify disables TLS certificate verification when communicating with this server.'),
          service: { ...ref(`${REG}.ServiceReference`), description: 'Service is a reference to the service for this API server.' },
          version: str('Version is the API version this server hosts.  For example, "v1"'),
          versionPriority: int('VersionPriority controls the ordering of this API version inside of its group.'),
        },
        { required: ['groupPriorityMinimum', 'versionPriority'] },
      ),
      status: obj('Status contains derived information about an API server', {
        conditions: list(ref(`${REG}.APIServiceCondition`), 'Current service state of apiService.', {
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
        }),
      }),
    },
  ),
};
