// PKCS#10 requests for the certificates tests, made with @peculiar/x509 (ECDSA P-256 or RSA, optional SANs).
import { webcrypto } from 'node:crypto';
import { x509 } from '../../auth/pki.js';

export async function makeCSR(
  subject: string,
  opts: { rsa?: boolean; dns?: string[] } = {},
): Promise<{ base64: string; keys: webcrypto.CryptoKeyPair }> {
  const lib = await x509();
  const alg = opts.rsa
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 }
    : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const req = await lib.Pkcs10CertificateRequestGenerator.create({
    name: subject,
    keys,
    signingAlgorithm: alg,
    extensions: opts.dns ? [new lib.SubjectAlternativeNameExtension(opts.dns.map((value) => ({ type: 'dns' as const, value })))] : [],
  });
  return { base64: Buffer.from(req.toString('pem')).toString('base64'), keys };
}
