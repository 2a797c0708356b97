// Compact JWS (RFC 7515) as kube's ServiceAccount tokens use it, on node:crypto: ES256 with the P-256 key kcpx
// generates, RS256 with an RSA `sa.key` (what kcp writes). The key decides the algorithm; a token whose header
// names another one (`none`, HS256 with the public key as secret, …) never verifies.
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'ES256' | 'RS256';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `<header>.<payload>` exactly as received: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The JWS algorithm a key signs with. */
export function algorithmFor(key: KeyObject): JwtAlgorithm {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new Error(
    `unsupported service account signing key: ${key.asymmetricKeyType ?? key.type}${curve ? ` (${curve})` : ''}; use an RSA or ECDSA P-256 key`,
  );
}

/** kube's keyIDFromPublicKey: base64url(sha256(PKIX DER of the public key)), the `kid` of every token it signs. */
export function keyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

// ECDSA signatures in JWS are r||s (IEEE P1363), not the DER node:crypto produces by default.
const keyInput = (key: KeyObject, alg: JwtAlgorithm) => (alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key);

export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const alg = algorithmFor(privateKey);
  const input = `${Buffer.from(JSON.stringify({ alg, kid })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${input}.${sign('sha256', Buffer.from(input), keyInput(privateKey, alg)).toString('base64url')}`;
}

/** Splits and parses a compact JWS without checking its signature; undefined when the string is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === token.length - 1 || token.indexOf('.', second + 1) >= 0) return undefined;
  const parts = [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
  if (!parts.every((p) => BASE64URL.test(p))) return undefined;
  const header = parseObject(parts[0]!);
  const payload = parseObject(parts[1]!);
  if (!header || !payload) return undefined;
  return { header, payload, signingInput: token.slice(0, second), signature: Buffer.from(parts[2]!, 'base64url') };
}

/** Whether the token was signed by the private half of `publicKey` with the algorithm that key implies. */
export function verifyJwt(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  const alg = algorithmFor(publicKey);
  if (jwt.header['alg'] !== alg) return false;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), keyInput(publicKey, alg), jwt.signature);
  } catch {
    return false;
  }
}

function parseObject(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
