// The daemon's PKI: a self-signed CA, a serving certificate for the names clients dial, and client certificates
// (CN = user, O = groups, as kube's x509 authenticator reads them). All ECDSA P-256 / SHA-256 through node:crypto,
// encoded by certificate.ts: about a millisecond each, no openssl binary, nothing heavy to import on a cold start.
// PEM output (certificate + PKCS#8 key) is what Node's `https.createServer({ key, cert, ca })` takes and what
// kubeconfig's `certificate-authority-data` carries for Go. Checking persisted ones on a restart uses node:crypto's
// native X509Certificate. @peculiar/x509 (~150 ms to import) is only lent, loaded on first use, to the
// certificates battery, which parses users' requests.
import type * as X509 from '@peculiar/x509';
import { createPrivateKey, KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { certificatePem, createCertificate, KEY_USAGE, subjectName, type CertificateTemplate, type NameAttribute } from './certificate.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const KEY_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY = 24 * 3600 * 1000;
/** Backdating absorbs clock skew between the daemon and its clients. */
const BACKDATE = 3600 * 1000;
const CA_DAYS = 3650;
const LEAF_DAYS = 365;
/** A persisted certificate closer than this to expiry is replaced on start. */
const RENEW_BEFORE = 30 * DAY;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export const DEFAULT_SERVING_NAMES: Readonly<ServingNames> = { dnsNames: ['localhost'], ips: ['127.0.0.1', '::1'] };

/** A certificate and its private key, both PEM (`CERTIFICATE`, PKCS#8 `PRIVATE KEY`). */
export interface KeyPairPem {
  cert: string;
  key: string;
}

/** The CA: its PEMs plus the WebCrypto keys that sign with it. */
export interface CA extends KeyPairPem {
  keys: CryptoKeyPair;
}

export interface ServingNames {
  dnsNames: string[];
  ips: string[];
}

export interface ClientIdentity {
  user: string;
  groups?: string[];
}

export interface PKI {
  ca: CA;
  serving: KeyPairPem;
  /** The files this call (re)wrote; empty when everything was reused. */
  written: string[];
}

let library: Promise<typeof X509> | undefined;

/** @peculiar/x509, loaded on first use with node's WebCrypto as its provider. */
export function x509(): Promise<typeof X509> {
  return (library ??= import('@peculiar/x509').then((lib) => {
    lib.cryptoProvider.set(webcrypto);
    return lib;
  }));
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return await webcrypto.subtle.generateKey(KEY_ALG, true, ['sign', 'verify']);
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

/** 16 random bytes, top bit clear: a positive serial of at most 20 octets, as RFC 5280 and Go's x509 require. */
function serialNumber(): Buffer {
  const bytes = Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - BACKDATE), notAfter: new Date(now + days * DAY) };
}

async function spki(key: CryptoKey): Promise<Buffer> {
  return Buffer.from(await webcrypto.subtle.exportKey('spki', key));
}

/** A self-signed CA (default CN `kcpx-ca`), valid 10 years, for signing serving and client certificates. */
export async function createCA(commonName = 'kcpx-ca'): Promise<CA> {
  const keys = await generateKeys();
  const der = createCertificate({
    serial: serialNumber(),
    subject: [['CN', commonName]],
    ...validity(CA_DAYS),
    publicKey: await spki(keys.publicKey),
    ca: true,
    keyUsage: [KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign],
    signingKey: KeyObject.from(keys.privateKey),
  });
  return { keys, cert: certificatePem(der), key: await exportKey(keys.privateKey) };
}

async function issue(
  ca: CA,
  subject: NameAttribute[],
  usage: Pick<CertificateTemplate, 'extKeyUsage' | 'dnsNames' | 'ips'>,
): Promise<KeyPairPem> {
  const keys = await generateKeys();
  const der = createCertificate({
    serial: serialNumber(),
    subject,
    issuerName: subjectName(new X509Certificate(ca.cert).raw),
    ...validity(LEAF_DAYS),
    publicKey: await spki(keys.publicKey),
    issuerPublicKey: await spki(ca.keys.publicKey),
    ca: false,
    keyUsage: [KEY_USAGE.digitalSignature],
    ...usage,
    signingKey: KeyObject.from(ca.keys.privateKey),
  });
  return { cert: certificatePem(der), key: await exportKey(keys.privateKey) };
}

/**
 * A serving certificate (serverAuth, 1 year) for the given DNS names and IP addresses, as subjectAltNames. Defaults:
 * `localhost`, `127.0.0.1`, `::1`. The CN is the first name (Go ignores it when SANs are present).
 */
export async function issueServingCert(ca: CA, names: Partial<ServingNames> = {}): Promise<KeyPairPem> {
  const dnsNames = names.dnsNames ?? DEFAULT_SERVING_NAMES.dnsNames;
  const ips = names.ips ?? DEFAULT_SERVING_NAMES.ips;
  for (const ip of ips) if (!isIP(ip)) throw new Error(`not an IP address: ${ip}`);
  if (dnsNames.length + ips.length === 0) throw new Error('a serving certificate needs at least one DNS name or IP');
  return issue(ca, [['CN', dnsNames[0] ?? ips[0]!]], { extKeyUsage: ['serverAuth'], dnsNames, ips });
}

/** A fresh CA and serving certificate for the default names, written nowhere: an ephemeral daemon's PKI. */
export async function createPKI(): Promise<{ ca: CA; serving: KeyPairPem }> {
  const ca = await createCA();
  return { ca, serving: await issueServingCert(ca) };
}

/** A client certificate (clientAuth, 1 year): CN = user, one O per group, the way kube maps them to a user. */
export async function issueClientCert(ca: CA, identity: ClientIdentity): Promise<KeyPairPem> {
  if (!identity.user) throw new Error('a client certificate needs a user name');
  const subject: NameAttribute[] = [...(identity.groups ?? []).map((g): NameAttribute => ['O', g]), ['CN', identity.user]];
  return issue(ca, subject, { extKeyUsage: ['clientAuth'] });
}

/** The user (CN) and groups (O) of a client certificate, as the TLS peer-certificate subject presents them. */
export function clientIdentity(certPem: string): Required<ClientIdentity> {
  const subject = new X509Certificate(certPem).toLegacyObject().subject as unknown as Record<string, string | string[] | undefined>;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return { user: list(subject['CN'])[0] ?? '', groups: list(subject['O']) };
}

// --- persistence ------------------------------------------------------------------------------------------

function fresh(cert: X509Certificate): boolean {
  const now = Date.now();
  return Date.parse(cert.validFrom) <= now + BACKDATE && Date.parse(cert.validTo) > now + RENEW_BEFORE;
}

/** A CA from its PEMs, with WebCrypto keys to sign with; undefined unless it is a fresh CA matching its key. */
export async function caFromPem(pair: KeyPairPem): Promise<CA | undefined> {
  try {
    const cert = new X509Certificate(pair.cert);
    if (!cert.ca || !fresh(cert) || !cert.verify(cert.publicKey) || !cert.checkPrivateKey(createPrivateKey(pair.key))) return undefined;
    const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
    const pkcs8 = createPrivateKey(pair.key).export({ type: 'pkcs8', format: 'der' });
    const keys: CryptoKeyPair = {
      privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, KEY_ALG, true, ['sign']),
      publicKey: await webcrypto.subtle.importKey('spki', spki, KEY_ALG, true, ['verify']),
    };
    return { ...pair, keys };
  } catch {
    return undefined;
  }
}

function servingCertUsable(ca: CA, pair: KeyPairPem, names: ServingNames): boolean {
  try {
    const cert = new X509Certificate(pair.cert);
    const issuer = new X509Certificate(ca.cert);
    if (!fresh(cert) || !cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return false;
    if (!cert.checkPrivateKey(createPrivateKey(pair.key))) return false;
    if (!cert.keyUsage?.includes(SERVER_AUTH)) return false;
    return (
      names.dnsNames.every((d) => cert.checkHost(d, { subject: 'never', wildcards: false }) !== undefined) &&
      names.ips.every((ip) => cert.checkIP(ip) !== undefined)
    );
  } catch {
    return false;
  }
}

function readPair(dir: string, base: string): KeyPairPem | undefined {
  const crt = join(dir, `${base}.crt`);
  const key = join(dir, `${base}.key`);
  if (!existsSync(crt) || !existsSync(key)) return undefined;
  return { cert: readFileSync(crt, 'utf8'), key: readFileSync(key, 'utf8') };
}

/** Writes through a temporary file and a rename, so a crash never leaves half a PEM; 0600, as the whole root dir. */
function writeAtomic(path: string, data: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function writePair(dir: string, base: string, pair: KeyPairPem): string[] {
  writeAtomic(join(dir, `${base}.key`), pair.key, 0o600);
  writeAtomic(join(dir, `${base}.crt`), pair.cert, 0o600);
  return [`${base}.crt`, `${base}.key`];
}

/**
 * The daemon's CA and serving certificate from `dir` (`ca.crt`, `ca.key`, `apiserver.crt`, `apiserver.key`):
 * reused when present, not expiring within 30 days, matching their keys, and (for the serving certificate) signed by
 * that CA and covering every requested name; otherwise generated and written. A new CA brings a new serving cert.
 */
export async function loadOrCreatePKI(dir: string, names: Partial<ServingNames> = {}): Promise<PKI> {
  const wanted: ServingNames = { dnsNames: names.dnsNames ?? DEFAULT_SERVING_NAMES.dnsNames, ips: names.ips ?? DEFAULT_SERVING_NAMES.ips };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const written: string[] = [];
  const caFiles = readPair(dir, 'ca');
  let ca = caFiles ? await caFromPem(caFiles) : undefined;
  if (!ca) {
    ca = await createCA();
    written.push(...writePair(dir, 'ca', ca));
  }
  const servingFiles = written.length === 0 ? readPair(dir, 'apiserver') : undefined;
  if (servingFiles && servingCertUsable(ca, servingFiles, wanted)) return { ca, serving: servingFiles, written };
  const serving = await issueServingCert(ca, wanted);
  written.push(...writePair(dir, 'apiserver', serving));
  return { ca, serving, written };
}
