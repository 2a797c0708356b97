// kube's certificate admission plugins: CertificateApproval (approving or denying needs `approve` on the signer),
// CertificateSigning (setting a certificate needs `sign` on the signer) and CertificateSubjectRestriction (no
// system:masters certificates from the kube-apiserver-client signer). Signers are authorized as the resource
// `signers` of certificates.k8s.io named by signerName, or by `<domain>/*` for every signer of a domain.
import { forbidden } from '../../apimachinery/status.js';
import type { AdmissionAttributes, AdmissionPlugin } from '../../registry/admission.js';
import type { RequestContext } from '../../registry/types.js';
import type { AccessAttributes, AccessDecision } from '../authorization/access.js';
import { certificateOf, specOf } from './validation.js';
import { parseCSR } from './x509.js';

const GROUP = 'certificates.k8s.io';
const CSRS = { group: GROUP, resource: 'certificatesigningrequests' };
export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';

export type Authorize = (attrs: AccessAttributes) => AccessDecision;

/** kube's IsAuthorizedForSignerName: the signer by name, else every signer of its domain. */
export function authorizedForSigner(authorize: Authorize, ctx: RequestContext, verb: string, signerName: string): boolean {
  const attrs = (name: string): AccessAttributes => ({
    cluster: ctx.cluster,
    user: ctx.user,
    verb,
    group: GROUP,
    resource: 'signers',
    subresource: '',
    name,
    namespace: '',
  });
  if (authorize(attrs(signerName)).allowed) return true;
  const slash = signerName.indexOf('/');
  return slash >= 0 && authorize(attrs(`${signerName.slice(0, slash)}/*`)).allowed;
}

export function certificateAdmission(authorize: Authorize): AdmissionPlugin {
  return {
    name: 'CertificateApproval,CertificateSigning,CertificateSubjectRestriction',
    resources: new Set([`${GROUP}/certificatesigningrequests`]),
    validate(a: AdmissionAttributes) {
      const obj = a.object;
      if (!obj) return;
      const signerName = specOf(obj).signerName ?? '';
      if (a.operation === 'CREATE' && !a.subresource && signerName === KUBE_APISERVER_CLIENT) {
        const csr = parseCSR(specOf(obj).request ?? '');
        if (typeof csr !== 'string' && csr.organizations.includes('system:masters')) {
          throw forbidden(CSRS, a.name, `use of ${KUBE_APISERVER_CLIENT} signer with system:masters group is not allowed`);
        }
      }
      if (a.operation !== 'UPDATE') return;
      if (a.subresource === 'approval' && !authorizedForSigner(authorize, a.ctx, 'approve', signerName)) {
        throw forbidden(CSRS, a.name, `user not permitted to approve requests with signerName ${JSON.stringify(signerName)}`);
      }
      if (
        a.subresource === 'status' &&
        a.oldObject &&
        certificateOf(a.oldObject) !== certificateOf(obj) &&
        !authorizedForSigner(authorize, a.ctx, 'sign', signerName)
      ) {
        throw forbidden(CSRS, a.name, `user not permitted to sign requests with signerName ${JSON.stringify(signerName)}`);
      }
    },
  };
}
