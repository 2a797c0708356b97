// kube-controller-manager's CSR signing controller for the signers a control plane without nodes has:
// kubernetes.io/kube-apiserver-client (any client identity) and kubernetes.io/kube-apiserver-client-kubelet (node
// client identities). An approved, not yet failed or issued request for one of them is checked against its signer's
// rules — a violation is a Failed condition — and signed with the control plane's client CA, for the duration asked
// (spec.expirationSeconds, between 10 minutes and the signer's maximum).
import type { KObject } from '../../apimachinery/types.js';
import { APPROVED, certificateOf, conditionsOf, FAILED, specOf, type Condition } from '../../apis/certificates/validation.js';
import type { ParsedCSR } from '../../apis/certificates/x509.js';

export const KUBE_APISERVER_CLIENT = 'kubernetes.io/kube-apiserver-client';
export const KUBE_APISERVER_CLIENT_KUBELET = 'kubernetes.io/kube-apiserver-client-kubelet';
export const SIGNERS: readonly string[] = [KUBE_APISERVER_CLIENT, KUBE_APISERVER_CLIENT_KUBELET];

/** kube-controller-manager's --cluster-signing-duration default. */
export const DEFAULT_TTL_MS = 365 * 24 * 3600_000;
const MIN_TTL_MS = 10 * 60_000;

export interface SigningDeps {
  now(): Date;
  get(cluster: string, name: string): KObject | undefined;
  /** Writes the status as the object was read (optimistic): false when it changed meanwhile. */
  updateStatus(cluster: string, csr: KObject): boolean;
  /** The request parsed and its signature checked, or why not. */
  parse(requestBase64: string): Promise<ParsedCSR | string>;
  /** A PEM certificate for the request. */
  sign(csr: ParsedCSR, usages: readonly string[], ttlMs: number): Promise<string>;
  maxTtlMs?: number;
}

export type SigningOutcome = 'gone' | 'not-pending' | 'not-ours' | 'failed' | 'issued' | 'conflict';

/** Whether a request waits for a signer: approved, neither failed nor issued. */
export function awaitsSigning(csr: KObject): boolean {
  const conds = conditionsOf(csr);
  const isTrue = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
  return isTrue(APPROVED) && !isTrue(FAILED) && !certificateOf(csr);
}

/** kube's signer.duration: the requested lifetime, within [10 minutes, the signer's maximum]. */
export function certificateTtl(expirationSeconds: number | undefined, maxMs = DEFAULT_TTL_MS): number {
  if (expirationSeconds === undefined) return maxMs;
  return Math.min(maxMs, Math.max(MIN_TTL_MS, expirationSeconds * 1000));
}

/** The signer's rules for a request, as kube words them; undefined when it may be signed. */
export function signerViolation(signerName: string, csr: ParsedCSR, usages: readonly string[]): string | undefined {
  if (signerName === KUBE_APISERVER_CLIENT) {
    for (const u of usages) {
      if (u !== 'digital signature' && u !== 'key encipherment' && u !== 'client auth') return `invalid usage for client certificate: ${u}`;
    }
    return usages.includes('client auth') ? undefined : 'missing required usage for client certificate: client auth';
  }
  // kubernetes.io/kube-apiserver-client-kubelet: a node's client identity.
  if (csr.organizations.length !== 1 || csr.organizations[0] !== 'system:nodes') return 'subject organization is not system:nodes';
  if (csr.dnsNames.length) return 'DNS subjectAltNames are not allowed';
  if (csr.emails.length) return 'Email subjectAltNames are not allowed';
  if (csr.ipAddresses.length) return 'IP subjectAltNames are not allowed';
  if (csr.uris.length) return 'URI subjectAltNames are not allowed';
  if (!csr.commonName.startsWith('system:node:')) return 'subject common name does not begin with system:node:';
  const set = [...new Set(usages)].sort().join(',');
  if (set !== 'client auth,digital signature,key encipherment' && set !== 'client auth,digital signature') {
    return 'usages did not match [client auth digital signature key encipherment]';
  }
  return undefined;
}

export async function reconcileSigning(deps: SigningDeps, cluster: string, name: string): Promise<SigningOutcome> {
  const csr = deps.get(cluster, name);
  if (!csr) return 'gone';
  if (!awaitsSigning(csr)) return 'not-pending';
  const spec = specOf(csr);
  const signerName = spec.signerName ?? '';
  if (!SIGNERS.includes(signerName)) return 'not-ours';
  const usages = spec.usages ?? [];
  const parsed = await deps.parse(spec.request ?? '');
  const violation =
    typeof parsed === 'string' ? `unable to parse csr ${JSON.stringify(name)}: ${parsed}` : signerViolation(signerName, parsed, usages);
  const status = { ...((csr['status'] as Record<string, unknown> | undefined) ?? {}) };
  if (violation !== undefined || typeof parsed === 'string') {
    const now = deps
      .now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    const failed: Condition = {
      type: FAILED,
      status: 'True',
      reason: 'SignerValidationFailure',
      message: violation ?? '',
      lastUpdateTime: now,
      lastTransitionTime: now,
    };
    status['conditions'] = [...conditionsOf(csr), failed];
    csr['status'] = status;
    return deps.updateStatus(cluster, csr) ? 'failed' : 'conflict';
  }
  const pem = await deps.sign(parsed, usages, certificateTtl(spec.expirationSeconds, deps.maxTtlMs));
  // The request may have changed while it was signed: the write is conditional on the version read.
  status['certificate'] = Buffer.from(pem).toString('base64');
  csr['status'] = status;
  return deps.updateStatus(cluster, csr) ? 'issued' : 'conflict';
}
