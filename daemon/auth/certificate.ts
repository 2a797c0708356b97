// X.509 v3 certificates (RFC 5280) for the daemon's own PKI, encoded directly: the CA, serving and client
// certificates have a fixed shape (ECDSA P-256 keys, SHA-256 signatures, a handful of extensions), and node:crypto
// signs them. Parsing certificate requests from users is another matter and stays with @peculiar/x509
// (daemon/apis/certificates/x509.ts).
import { createHash, sign, type KeyObject } from 'node:crypto';
import { isIPv4 } from 'node:net';
import {
  bitString,
  boolean,
  children,
  directoryString,
  explicit,
  namedBits,
  octetString,
  oid,
  readElement,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
} from './der.js';

const OID = {
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

/** KeyUsage's named bits. */
export const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

export type NameAttribute = [type: 'CN' | 'O', value: string];

export interface CertificateTemplate {
  /** Big-endian bytes of a positive serial number. */
  serial: Buffer;
  /** One attribute per RDN, in order. */
  subject: readonly NameAttribute[];
  /** The issuer's subject Name as its certificate encodes it; omitted for a self-signed certificate. */
  issuerName?: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** The subject's key, a DER SubjectPublicKeyInfo. */
  publicKey: Buffer;
  /** The issuer's SubjectPublicKeyInfo, for the authority key identifier; omitted for a self-signed certificate. */
  issuerPublicKey?: Buffer;
  ca: boolean;
  keyUsage: ReadonlyArray<(typeof KEY_USAGE)[keyof typeof KEY_USAGE]>;
  extKeyUsage?: ReadonlyArray<'serverAuth' | 'clientAuth'>;
  dnsNames?: readonly string[];
  ips?: readonly string[];
  /** The issuer's ECDSA P-256 private key. */
  signingKey: KeyObject;
}

/** A certificate as DER. */
export function createCertificate(t: CertificateTemplate): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSHA256));
  const subject = name(t.subject);
  const extensions = [
    extension(OID.basicConstraints, true, t.ca ? sequence(boolean(true)) : sequence()),
    extension(OID.keyUsage, true, namedBits(t.keyUsage)),
    ...(t.extKeyUsage?.length ? [extension(OID.extKeyUsage, false, sequence(...t.extKeyUsage.map((u) => oid(OID[u]))))] : []),
    ...(t.dnsNames?.length || t.ips?.length ? [extension(OID.subjectAltName, false, subjectAltName(t.dnsNames ?? [], t.ips ?? []))] : []),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(t.publicKey))),
    ...(t.issuerPublicKey ? [extension(OID.authorityKeyIdentifier, false, sequence(tlv(0x80, keyIdentifier(t.issuerPublicKey))))] : []),
  ];
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(t.serial),
    algorithm,
    t.issuerName ?? subject,
    sequence(time(t.notBefore), time(t.notAfter)),
    subject,
    t.publicKey,
    explicit(3, sequence(...extensions)),
  );
  // X.509 carries ECDSA signatures as DER (r, s), node:crypto's default encoding.
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, t.signingKey)));
}

/** PEM armour for a DER certificate. */
export function certificatePem(der: Buffer): string {
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

/** The subject Name of a DER certificate, byte for byte: what certificates it issues name as their issuer. */
export function subjectName(certificate: Buffer): Buffer {
  const cert = readElement(certificate, 0);
  const tbs = children(certificate, children(certificate, cert)[0]!);
  // [0] version is optional (absent means v1); subject follows serial, signature, issuer and validity.
  const at = tbs[0]!.tag === 0xa0 ? 5 : 4;
  const e = tbs[at]!;
  return certificate.subarray(e.start, e.end);
}

function name(attrs: readonly NameAttribute[]): Buffer {
  return sequence(
    ...attrs.map(([type, value]) => set(sequence(oid(type === 'CN' ? OID.commonName : OID.organization), directoryString(value)))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  const [, key] = children(spki, readElement(spki, 0));
  return createHash('sha1')
    .update(spki.subarray(key!.contentStart + 1, key!.end))
    .digest();
}

/** GeneralNames: dNSName [2] and iPAddress [7], both IMPLICIT. */
function subjectAltName(dnsNames: readonly string[], ips: readonly string[]): Buffer {
  return sequence(...dnsNames.map((d) => tlv(0x82, Buffer.from(d, 'latin1'))), ...ips.map((ip) => tlv(0x87, ipBytes(ip))));
}

/** An address's 4 or 16 bytes. */
export function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  const halves = ip.split('::');
  if (halves.length > 2) throw new Error(`not an IP address: ${ip}`);
  const [head, tail] = halves;
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  let left = groups(head);
  let right = groups(tail);
  // An embedded IPv4 address (::ffff:1.2.3.4) is the last two groups.
  const embed = (gs: string[]) => {
    const last = gs[gs.length - 1];
    if (!last || !isIPv4(last)) return gs;
    const b = last.split('.').map(Number);
    return [...gs.slice(0, -1), ((b[0]! << 8) | b[1]!).toString(16), ((b[2]! << 8) | b[3]!).toString(16)];
  };
  if (tail === undefined) left = embed(left);
  else right = embed(right);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const all = [...left, ...zeros, ...right];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) throw new Error(`not an IP address: ${ip}`);
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), 2 * i));
  return out;
}
