import * as x509 from '@peculiar/x509';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificatePem, createCertificate, ipBytes, KEY_USAGE, subjectName } from './certificate.js';
import { namedBits, oid, time, tlv, unsignedInteger } from './der.js';

const hex = (b: Buffer) => b.toString('hex');

describe('DER encodings', () => {
  it('encodes lengths in the shortest definite form', () => {
    expect(hex(tlv(0x04, Buffer.alloc(3)))).toBe('0403000000');
    expect(hex(tlv(0x04, Buffer.alloc(200)).subarray(0, 3))).toBe('0481c8');
    expect(hex(tlv(0x04, Buffer.alloc(300)).subarray(0, 4))).toBe('0482012c');
  });

  it('encodes object identifiers base 128', () => {
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
  });

  it('encodes integers without redundant zeros and with a zero before a set sign bit', () => {
    expect(hex(unsignedInteger(Buffer.from([0, 0, 1])))).toBe('020101');
    expect(hex(unsignedInteger(Buffer.from([0x80])))).toBe('02020080');
    expect(hex(unsignedInteger(Buffer.from([0, 0x80])))).toBe('02020080');
  });

  it('encodes named bits without trailing zero bits', () => {
    // digitalSignature alone: one byte, seven unused bits.
    expect(hex(namedBits([0]))).toBe('03020780');
    // digitalSignature, keyCertSign, cRLSign: 1000 0110, one unused bit.
    expect(hex(namedBits([0, 5, 6]))).toBe('03020186');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050', () => {
    expect(time(new Date('2049-12-31T23:59:59Z')).toString('latin1', 2)).toBe('491231235959Z');
    expect(time(new Date('2050-01-01T00:00:00Z')).toString('latin1', 2)).toBe('20500101000000Z');
  });

  it('reads IPv4, IPv6 and IPv4-mapped addresses into their bytes', () => {
    expect(hex(ipBytes('10.0.0.1'))).toBe('0a000001');
    expect(hex(ipBytes('::1'))).toBe('00000000000000000000000000000001');
    expect(hex(ipBytes('fe80::1:2'))).toBe('fe800000000000000000000000010002');
    expect(hex(ipBytes('::ffff:1.2.3.4'))).toBe('00000000000000000000ffff01020304');
    expect(() => ipBytes('1::2::3')).toThrow(/not an IP/);
  });
});

describe('createCertificate', () => {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caSpki = caKeys.publicKey.export({ type: 'spki', format: 'der' });
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const notAfter = new Date('2060-01-01T00:00:00Z');
  const caDer = createCertificate({
    serial: Buffer.from([0x01, 0x02]),
    subject: [['CN', 'test-ca']],
    notBefore,
    notAfter,
    publicKey: caSpki,
    ca: true,
    keyUsage: [KEY_USAGE.digitalSignature, KEY_USAGE.keyCertSign],
    signingKey: caKeys.privateKey,
  });
  const leafKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leafDer = createCertificate({
    serial: Buffer.from([0xff, 0x00]),
    subject: [
      ['O', 'ünï'],
      ['CN', 'leaf'],
    ],
    issuerName: subjectName(caDer),
    notBefore,
    notAfter,
    publicKey: leafKeys.publicKey.export({ type: 'spki', format: 'der' }),
    issuerPublicKey: caSpki,
    ca: false,
    keyUsage: [KEY_USAGE.digitalSignature],
    extKeyUsage: ['serverAuth', 'clientAuth'],
    dnsNames: ['example.test'],
    ips: ['192.0.2.1', '2001:db8::1'],
    signingKey: caKeys.privateKey,
  });

  it('makes certificates that node:crypto parses, chains and verifies', () => {
    const ca = new X509Certificate(certificatePem(caDer));
    const leaf = new X509Certificate(certificatePem(leafDer));
    expect(ca.ca).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.issuer).toBe('CN=test-ca');
    expect(leaf.subject.split('\n')).toEqual(['O=ünï', 'CN=leaf']);
    expect(leaf.serialNumber).toBe('FF00');
    expect(new Date(leaf.validTo).toISOString()).toBe(notAfter.toISOString());
    expect(leaf.subjectAltName).toBe('DNS:example.test, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  it('writes the extensions an independent parser reads back, with the key identifiers linking leaf to CA', () => {
    const ca = new x509.X509Certificate(caDer);
    const leaf = new x509.X509Certificate(leafDer);
    const caBasic = ca.getExtension(x509.BasicConstraintsExtension)!;
    expect([caBasic.ca, caBasic.critical]).toEqual([true, true]);
    expect(leaf.getExtension(x509.BasicConstraintsExtension)!.ca).toBe(false);
    const ku = ca.getExtension(x509.KeyUsagesExtension)!;
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign);
    expect(leaf.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(ca.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
    expect(leaf.subjectName.getField('O')).toEqual(['ünï']);
  });

  it('gives the subject Name byte for byte, which a leaf names as its issuer', () => {
    const leaf = new x509.X509Certificate(leafDer);
    expect(Buffer.from(leaf.issuerName.toArrayBuffer()).equals(subjectName(caDer))).toBe(true);
  });
});
