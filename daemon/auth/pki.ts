// The daemon's PKI: a CA, a serving certificate for loopback names, and client certificates, all ECDSA P-256
// through WebCrypto (milliseconds, no openssl binary). Persisted in the root directory unless ephemeral.
import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 3600 * 1000;

export interface KeyPairPem {
  cert: string;
  key: string;
}

export interface CA extends KeyPairPem {
  keys: CryptoKeyPair;
  certificate: x509.X509Certificate;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

export async function createCA(commonName = 'kcpx-ca'): Promise<CA> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${commonName}`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { keys, certificate, cert: certificate.toString('pem'), key: await exportKey(keys.privateKey) };
}

async function issue(ca: CA, subject: string, extensions: x509.Extension[], days: number): Promise<KeyPairPem> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: ca.certificate.subject,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + days * DAY),
    signingKey: ca.keys.privateKey,
    publicKey: keys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
      ...extensions,
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

export async function issueServingCert(ca: CA, opts: { dnsNames: string[]; ips: string[] }): Promise<KeyPairPem> {
  const names = [...opts.dnsNames.map((value) => ({ type: 'dns' as const, value })), ...opts.ips.map((value) => ({ type: 'ip' as const, value }))];
  return issue(
    ca,
    `CN=${opts.dnsNames[0] ?? opts.ips[0] ?? 'kcpx'}`,
    [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
    365,
  );
}

export async function issueClientCert(ca: CA, opts: { user: string; groups?: string[] }): Promise<KeyPairPem> {
  const subject = [...(opts.groups ?? []).map((g) => `O=${g}`), `CN=${opts.user}`].join(', ');
  return issue(
    ca,
    subject,
    [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
    365,
  );
}

async function importCA(certPem: string, keyPem: string): Promise<CA> {
  const certificate = new x509.X509Certificate(certPem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(keyPem), ALG, true, ['sign']);
  const publicKey = await certificate.publicKey.export(ALG, ['verify']);
  return { keys: { privateKey, publicKey }, certificate, cert: certPem, key: keyPem };
}

function validFor(certPem: string, ca: string, names: string[]): boolean {
  try {
    const c = new X509Certificate(certPem);
    if (new Date(c.validTo).getTime() < Date.now() + 30 * DAY) return false;
    if (!c.verify(new X509Certificate(ca).publicKey)) return false;
    const san = c.subjectAltName ?? '';
    return names.every((n) => san.includes(n));
  } catch {
    return false;
  }
}

/** Reuses ca.crt/ca.key and apiserver.crt/apiserver.key from `dir` when valid for the names, else writes new ones. */
export async function loadOrCreatePKI(dir: string, opts = { dnsNames: ['localhost'], ips: ['127.0.0.1', '::1'] }): Promise<{ ca: CA; serving: KeyPairPem }> {
  const p = (f: string) => join(dir, f);
  let ca: CA | undefined;
  if (existsSync(p('ca.crt')) && existsSync(p('ca.key'))) {
    try {
      ca = await importCA(readFileSync(p('ca.crt'), 'utf8'), readFileSync(p('ca.key'), 'utf8'));
    } catch {
      ca = undefined;
    }
  }
  if (!ca) {
    ca = await createCA();
    writeFileSync(p('ca.crt'), ca.cert);
    writeFileSync(p('ca.key'), ca.key, { mode: 0o600 });
  }
  if (existsSync(p('apiserver.crt')) && existsSync(p('apiserver.key'))) {
    const cert = readFileSync(p('apiserver.crt'), 'utf8');
    if (validFor(cert, ca.cert, opts.dnsNames)) return { ca, serving: { cert, key: readFileSync(p('apiserver.key'), 'utf8') } };
  }
  const serving = await issueServingCert(ca, opts);
  writeFileSync(p('apiserver.crt'), serving.cert);
  writeFileSync(p('apiserver.key'), serving.key, { mode: 0o600 });
  return { ca, serving };
}
