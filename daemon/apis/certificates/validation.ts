// certificates.k8s.io/v1 CertificateSigningRequest validation, as kube's pkg/apis/certificates/validation: the request
// must be a signed PKCS#10 request, usages known and unique, the signer name qualified, conditions well formed, and
// the approval conditions and certificate changed only through their subresources.
import { fieldErr } from '../../apimachinery/status.js';
import type { FieldError, KObject } from '../../apimachinery/types.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../apimachinery/validation.js';
import { parseCSR } from './x509.js';

export const APPROVED = 'Approved';
export const DENIED = 'Denied';
export const FAILED = 'Failed';

const VALID_USAGES = [
  'any',
  'cert sign',
  'client auth',
  'code signing',
  'content commitment',
  'crl sign',
  'data encipherment',
  'decipher only',
  'digital signature',
  'email protection',
  'encipher only',
  'ipsec end system',
  'ipsec tunnel',
  'ipsec user',
  'key agreement',
  'key encipherment',
  'microsoft sgc',
  'netscape sgc',
  'ocsp signing',
  's/mime',
  'server auth',
  'signing',
  'timestamping',
];
const TRUE_ONLY = new Set([APPROVED, DENIED, FAILED]);

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

interface CSRSpec {
  request?: string;
  signerName?: string;
  usages?: string[];
  expirationSeconds?: number;
}

export const specOf = (o: KObject) => (o['spec'] ?? {}) as CSRSpec;
export const conditionsOf = (o: KObject): Condition[] => (o['status'] as { conditions?: Condition[] } | undefined)?.conditions ?? [];
export const certificateOf = (o: KObject): string => (o['status'] as { certificate?: string } | undefined)?.certificate ?? '';

/** What an update may change besides what every write may: which subresource it came through. */
export interface UpdatePath {
  approval?: boolean;
  certificate?: boolean;
}

/** kube's ValidateSignerName: `<fqdn>/<path>`. */
export function validateSignerName(field: string, signerName: string): FieldError[] {
  if (!signerName) return [fieldErr.required(field)];
  const segments = signerName.split('/');
  if (segments.length !== 2) {
    return [fieldErr.invalid(field, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")];
  }
  const [domain, path] = segments as [string, string];
  const errs: FieldError[] = [];
  if (domain.length > 253) errs.push(fieldErr.tooLong(field, 253));
  const labels = domain.split('.');
  for (const l of labels) {
    const e = isDNS1123Label(l);
    if (e.length) {
      errs.push(...e.map((m) => fieldErr.invalid(field, domain, `validating label ${JSON.stringify(l)}: ${m}`)));
      break;
    }
  }
  if (labels.length < 2) errs.push(fieldErr.invalid(field, domain, 'should be a domain with at least two segments separated by dots'));
  for (const l of path.split('.')) {
    const e = isDNS1123Subdomain(l);
    if (e.length) {
      errs.push(...e.map((m) => fieldErr.invalid(field, path, `validating label ${JSON.stringify(l)}: ${m}`)));
      break;
    }
  }
  if (signerName.length > 253 + 253 + 63 + 2) errs.push(fieldErr.tooLong(field, 571));
  return errs;
}

/** kube's validateCertificate: only CERTIFICATE PEM blocks, without headers, at least one. */
export function validateCertificatePEM(b64: string): string | undefined {
  if (!b64) return undefined;
  let pem = Buffer.from(b64, 'base64').toString('latin1');
  let blocks = 0;
  const re = /-----BEGIN ([^-]+)-----\r?\n([\s\S]*?)-----END \1-----/;
  for (let m = re.exec(pem); m; m = re.exec(pem)) {
    if (m[1] !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found ${JSON.stringify(m[1])}`;
    if (m[2]!.includes(':')) return 'no PEM block headers are permitted';
    blocks++;
    pem = pem.slice(m.index + m[0].length);
  }
  return blocks ? undefined : 'must contain at least one CERTIFICATE PEM block';
}

/** ValidateCertificateSigningRequestCreate, or the update of one through the resource or a subresource. */
export function validateCSR(obj: KObject, old?: KObject, path: UpdatePath = {}): FieldError[] {
  const spec = specOf(obj);
  const errs: FieldError[] = [];
  const parsed = parseCSR(spec.request ?? '');
  if (typeof parsed === 'string') errs.push(fieldErr.invalid('spec.request', spec.request ?? '', parsed));
  const usages = spec.usages ?? [];
  const oldUsages = old ? (specOf(old).usages ?? []) : [];
  if (usages.length === 0) errs.push(fieldErr.required('spec.usages'));
  // Bad data already stored is tolerated on update, as kube does for compatibility.
  if (!oldUsages.some((u) => !VALID_USAGES.includes(u))) {
    usages.forEach((u, i) => {
      if (!VALID_USAGES.includes(u)) errs.push(fieldErr.notSupported(`spec.usages[${i}]`, u, VALID_USAGES));
    });
  }
  if (new Set(oldUsages).size === oldUsages.length) {
    usages.forEach((u, i) => {
      if (usages.indexOf(u) !== i) errs.push(fieldErr.duplicate(`spec.usages[${i}]`, u));
    });
  }
  const signerName = spec.signerName ?? '';
  if (signerName === 'kubernetes.io/legacy-unknown' && (!old || specOf(old).signerName !== signerName)) {
    errs.push(fieldErr.invalid('spec.signerName', signerName, 'the legacy signerName is not allowed via this API version'));
  } else if (signerName !== 'kubernetes.io/legacy-unknown') {
    errs.push(...validateSignerName('spec.signerName', signerName));
  }
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds < 600) {
    errs.push(
      fieldErr.invalid('spec.expirationSeconds', spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'),
    );
  }
  errs.push(...validateConditions(obj, old));
  const cert = certificateOf(obj);
  const oldCert = old ? certificateOf(old) : '';
  const arbitraryAllowed = (old && cert === oldCert) || (old && validateCertificatePEM(oldCert) !== undefined);
  if (!arbitraryAllowed) {
    const e = validateCertificatePEM(cert);
    if (e) errs.push(fieldErr.invalid('status.certificate', '<certificate data>', e));
  }
  if (old) errs.push(...validateUpdate(obj, old, path));
  return errs;
}

function validateConditions(obj: KObject, old?: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const oldConds = old ? conditionsOf(old) : [];
  const oldTypes = oldConds.map((c) => c.type ?? '');
  const bothAllowed = oldTypes.includes(APPROVED) && oldTypes.includes(DENIED);
  const dupAllowed = new Set(oldTypes).size !== oldTypes.length;
  const emptyAllowed = oldTypes.includes('');
  const seen = new Set<string>();
  let approved = false;
  let denied = false;
  conditionsOf(obj).forEach((c, i) => {
    const at = `status.conditions[${i}]`;
    const type = c.type ?? '';
    if (!emptyAllowed && !type) errs.push(fieldErr.required(`${at}.type`));
    const allowed = TRUE_ONLY.has(type) ? ['True'] : ['False', 'True', 'Unknown'];
    if (!c.status) errs.push(fieldErr.required(`${at}.status`));
    else if (!allowed.includes(c.status)) errs.push(fieldErr.notSupported(`${at}.status`, c.status, allowed));
    if (!bothAllowed) {
      if (type === APPROVED) {
        approved = true;
        if (denied) errs.push(fieldErr.invalid(`${at}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      } else if (type === DENIED) {
        denied = true;
        if (approved) errs.push(fieldErr.invalid(`${at}.type`, type, 'Approved and Denied conditions are mutually exclusive'));
      }
    }
    if (!dupAllowed && seen.has(type)) errs.push(fieldErr.duplicate(`${at}.type`, type));
    seen.add(type);
  });
  return errs;
}

function validateUpdate(obj: KObject, old: KObject, path: UpdatePath): FieldError[] {
  const errs: FieldError[] = [];
  const of = (o: KObject, t: string) => conditionsOf(o).filter((c) => c.type === t);
  for (const t of [APPROVED, DENIED, FAILED]) {
    if (of(obj, t).length < of(old, t).length) {
      errs.push(fieldErr.forbidden('status.conditions', `updates may not remove a condition of type ${JSON.stringify(t)}`));
    }
  }
  if (!path.approval) {
    for (const t of [APPROVED, DENIED]) {
      const [n, o] = [of(obj, t), of(old, t)];
      if (n.length > o.length) {
        errs.push(fieldErr.forbidden('status.conditions', `updates may not add a condition of type ${JSON.stringify(t)}`));
      } else if (n.length === o.length && JSON.stringify(n) !== JSON.stringify(o)) {
        errs.push(fieldErr.forbidden('status.conditions', `updates may not modify a condition of type ${JSON.stringify(t)}`));
      }
    }
  }
  const cert = certificateOf(obj);
  const oldCert = certificateOf(old);
  if (cert !== oldCert) {
    if (!path.certificate) errs.push(fieldErr.forbidden('status.certificate', 'updates may not set certificate content'));
    else if (oldCert) errs.push(fieldErr.forbidden('status.certificate', 'updates may not modify existing certificate content'));
  }
  return errs;
}
