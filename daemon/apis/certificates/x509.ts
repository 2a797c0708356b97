// PKCS#10 requests and the certificates signed for them, with @peculiar/x509 (loaded lazily: ~150 ms to import).
// A request is parsed and its signature checked synchronously once the library is loaded (the CSR strategy's
// prepare() loads it), so validation stays a plain function as kube's is.
import type * as X509 from '@peculiar/x509';
import { createPublicKey, verify } from 'node:crypto';
import { x509 } from '../../auth/pki.js';
import type { CA } from '../../auth/pki.js';

let lib: typeof X509 | undefined;
let loading: Promise<typeof X509> | undefined;

/** Loads the library; undefined once it is loaded (a strategy's prepare()). */
export function loadX509(): Promise<unknown> | undefined {
  if (lib) return undefined;
  return (loading ??= x509().then((l) => (lib = l)));
}

/** What the signers and the subject restriction read of a request. */
export interface ParsedCSR {
  commonName: string;
  organizations: string[];
  dnsNames: string[];
  ipAddresses: string[];
  emails: string[];
  uris: string[];
  /** The request itself, for signing. */
  request: X509.Pkcs10CertificateRequest;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/;

/**
 * kube's ParseCSR and CheckSignature: the first PEM block must be a CERTIFICATE REQUEST whose signature verifies.
 * Returns the request, or Go's error text.
 */
export function parseCSR(requestBase64: string): ParsedCSR | string {
  if (!lib) throw new Error('the x509 library is not loaded');
  const pem = Buffer.from(requestBase64, 'base64').toString('latin1');
  const block = PEM_BLOCK.exec(pem);
  if (!block || block[1] !== 'CERTIFICATE REQUEST' || block[2]!.includes(':')) return 'PEM block type must be CERTIFICATE REQUEST';
  let req: X509.Pkcs10CertificateRequest;
  try {
    req = new lib.Pkcs10CertificateRequest(Buffer.from(block[2]!.replace(/\s+/g, ''), 'base64'));
  } catch {
    return 'x509: malformed certificate request';
  }
  const alg = req.signatureAlgorithm as { name?: string; hash?: { name?: string } };
  const hash = alg.hash?.name?.replace('-', '').toLowerCase();
  const ecdsa = alg.name === 'ECDSA';
  if (!hash || (!ecdsa && alg.name !== 'RSASSA-PKCS1-v1_5')) return 'x509: cannot verify signature: algorithm unimplemented';
  let ok: boolean;
  try {
    // CertificationRequest ::= SEQUENCE { info, signatureAlgorithm, signature BIT STRING }: the signature covers
    // the DER of `info` as it was sent, and X.509 keeps ECDSA signatures in the DER form node:crypto verifies.
    const der = Buffer.from(req.rawData);
    const outer = derElement(der, 0);
    const info = derElement(der, outer.contentStart);
    const algorithm = derElement(der, info.end);
    const signature = derElement(der, algorithm.end);
    const key = createPublicKey({ key: Buffer.from(req.publicKey.rawData), format: 'der', type: 'spki' });
    ok = verify(hash, der.subarray(info.start, info.end), key, der.subarray(signature.contentStart + 1, signature.end));
  } catch {
    ok = false;
  }
  if (!ok) return ecdsa ? 'x509: ECDSA verification failure' : 'crypto/rsa: verification error';
  const sanExt = req.getExtension('2.5.29.17');
  const names = sanExt ? new lib.SubjectAlternativeNameExtension(sanExt.rawData).names.items : [];
  const subject = req.subjectName;
  return {
    commonName: subject.getField('CN')[0] ?? '',
    organizations: subject.getField('O'),
    dnsNames: names.filter((n) => n.type === 'dns').map((n) => n.value),
    ipAddresses: names.filter((n) => n.type === 'ip').map((n) => n.value),
    emails: names.filter((n) => n.type === 'email').map((n) => n.value),
    uris: names.filter((n) => n.type === 'url').map((n) => n.value),
    request: req,
  };
}

/** One DER element at `at`: where it starts, where its content starts and where it ends. */
function derElement(der: Buffer, at: number): { start: number; contentStart: number; end: number } {
  let i = at + 1;
  let len = der[i++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + der[i++]!;
  }
  if (i + len > der.length) throw new Error('truncated DER');
  return { start: at, contentStart: i, end: i + len };
}

/** kube's key usage names → X.509 key usage bits and extended key usages. */
const KEY_USAGES: Record<string, number> = {
  'digital signature': 1,
  'content commitment': 2,
  'key encipherment': 4,
  'data encipherment': 8,
  'key agreement': 16,
  'cert sign': 32,
  'crl sign': 64,
  'encipher only': 128,
  'decipher only': 256,
};
const EXT_KEY_USAGES: Record<string, string> = {
  'server auth': '1.3.6.1.5.5.7.3.1',
  'client auth': '1.3.6.1.5.5.7.3.2',
  'code signing': '1.3.6.1.5.5.7.3.3',
  'email protection': '1.3.6.1.5.5.7.3.4',
  'ipsec end system': '1.3.6.1.5.5.7.3.5',
  'ipsec tunnel': '1.3.6.1.5.5.7.3.6',
  'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8',
  'ocsp signing': '1.3.6.1.5.5.7.3.9',
  'microsoft sgc': '1.3.6.1.4.1.311.10.3.3',
  'netscape sgc': '2.16.840.1.113730.4.1',
  any: '2.5.29.37.0',
};

const BACKDATE_MS = 5 * 60_000;
const SHORT_MS = 8 * 3600_000;

/**
 * kube's validity window (authority.PermissiveSigningPolicy): back-dated 5 minutes, less for certificates shorter
 * than 8 hours so the back-dating stays ~1% of the lifetime, valid for exactly `ttlMs`, never beyond the CA.
 */
export function validityWindow(now: number, ttlMs: number, caNotAfter: number): { notBefore: Date; notAfter: Date } {
  const backdate = ttlMs < SHORT_MS ? Math.floor((BACKDATE_MS * ttlMs) / SHORT_MS) : BACKDATE_MS;
  const notBefore = now - backdate;
  return { notBefore: new Date(notBefore), notAfter: new Date(Math.min(notBefore + ttlMs, caNotAfter)) };
}

/** Signs a request with the CA: its subject and subjectAltNames, the usages asked for. Returns the PEM. */
export async function signCSR(ca: CA, csr: ParsedCSR, usages: readonly string[], ttlMs: number, now: number): Promise<string> {
  const l = await x509();
  const caCert = new l.X509Certificate(ca.cert);
  const bits = usages.reduce((b, u) => b | (KEY_USAGES[u] ?? 0), 0);
  const ext = usages.map((u) => EXT_KEY_USAGES[u]).filter((o): o is string => o !== undefined);
  const sans = csr.request.getExtension('2.5.29.17');
  const serial = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const cert = await l.X509CertificateGenerator.create({
    serialNumber: serial.toString('hex'),
    subject: csr.request.subjectName,
    issuer: caCert.subjectName,
    ...validityWindow(now, ttlMs, caCert.notAfter.getTime()),
    signingKey: ca.keys.privateKey,
    publicKey: csr.request.publicKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new l.BasicConstraintsExtension(false, undefined, true),
      ...(bits ? [new l.KeyUsagesExtension(bits, true)] : []),
      ...(ext.length ? [new l.ExtendedKeyUsageExtension(ext)] : []),
      await l.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      ...(sans ? [sans] : []),
    ],
  });
  return cert.toString('pem');
}
