import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { algorithmFor, decodeJwt, keyId, signJwt, verifyJwt } from './jwt.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('JWT', () => {
  it('signs ES256 with a P-256 key and RS256 with an RSA key, and verifies both', () => {
    for (const [pair, alg] of [
      [ec, 'ES256'],
      [rsa, 'RS256'],
    ] as const) {
      const token = signJwt({ sub: 'x', n: 1 }, pair.privateKey, 'kid-1');
      const jwt = decodeJwt(token)!;
      expect(jwt.header).toEqual({ alg, kid: 'kid-1' });
      expect(jwt.payload).toEqual({ sub: 'x', n: 1 });
      expect(verifyJwt(jwt, pair.publicKey)).toBe(true);
    }
    // An ES256 signature is r||s, 64 bytes (JWS), not DER.
    expect(decodeJwt(signJwt({}, ec.privateKey, 'k'))!.signature).toHaveLength(64);
  });

  it('refuses another key, a changed payload, and a header naming another algorithm', () => {
    const token = signJwt({ sub: 'x' }, ec.privateKey, 'k');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    expect(verifyJwt(decodeJwt(token)!, other)).toBe(false);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'admin' })).toString('base64url')}.${s}`;
    expect(verifyJwt(decodeJwt(forged)!, ec.publicKey)).toBe(false);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${token.split('.')[1]}.${s}`;
    expect(verifyJwt(decodeJwt(none)!, ec.publicKey)).toBe(false);
    // The RSA public key is never accepted as an HMAC secret or for ES256.
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url')}.${token.split('.')[1]}.${s}`;
    expect(verifyJwt(decodeJwt(hs)!, rsa.publicKey)).toBe(false);
  });

  it('decodes only well-formed compact JWS', () => {
    const token = signJwt({ a: 1 }, ec.privateKey, 'k');
    for (const bad of [
      '',
      'abc',
      'a.b',
      `${token}.x`,
      `.${token}`,
      token.replace('.', '..'),
      `${token.split('.')[0]}.!!.x`,
      'e30.W10.x',
      'bm90anNvbg.e30.x',
    ]) {
      expect(decodeJwt(bad), bad).toBeUndefined();
    }
  });

  it('names keys as kube does: base64url(sha256(PKIX DER))', () => {
    const kid = keyId(ec.privateKey);
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keyId(createPublicKey(ec.privateKey))).toBe(kid);
    expect(keyId(rsa.publicKey)).not.toBe(kid);
  });

  it('refuses keys it cannot sign tokens with', () => {
    expect(algorithmFor(ec.privateKey)).toBe('ES256');
    expect(() => algorithmFor(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)).toThrow(/P-256/);
    expect(() => algorithmFor(generateKeyPairSync('ed25519').privateKey)).toThrow(/unsupported/);
  });
});
