import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import type { ObjectKey } from '../storage/store.js';
import { decodeJwt, keyId, signJwt } from './jwt.js';
import { goQuoted, ServiceAccountTokens, type TokenAuthentication } from './service-account-tokens.js';

const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function setup() {
  const objects = new Map<string, KObject>();
  const put = (cluster: string, resource: string, namespace: string, name: string, uid: string, extra: Partial<KObject['metadata']> = {}) =>
    objects.set(`${cluster}|${resource}|${namespace}|${name}`, {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name, namespace, uid, ...extra },
    });
  const del = (cluster: string, resource: string, namespace: string, name: string) =>
    objects.delete(`${cluster}|${resource}|${namespace}|${name}`);
  let now = T0;
  let reads = 0;
  const tokens = new ServiceAccountTokens({
    key,
    get: (k: ObjectKey) => {
      reads++;
      return objects.get(`${k.cluster}|${k.resource}|${k.namespace}|${k.name}`);
    },
    now: () => now,
  });
  put('c1', '/serviceaccounts', 'default', 'bot', 'uid-1');
  const issue = (over: Partial<Parameters<ServiceAccountTokens['issue']>[0]> = {}) =>
    tokens.issue({
      cluster: 'c1',
      namespace: 'default',
      name: 'bot',
      uid: 'uid-1',
      audiences: tokens.apiAudiences,
      expirationSeconds: 3600,
      ...over,
    }).token;
  return { tokens, put, del, issue, setNow: (ms: number) => (now = ms), reads: () => reads };
}

describe('ServiceAccountTokens', () => {
  it('issues kube-shaped JWTs with kcp’s cluster name in the kubernetes.io claim', () => {
    const { tokens } = setup();
    const issued = tokens.issue({
      cluster: 'c1',
      namespace: 'default',
      name: 'bot',
      uid: 'uid-1',
      audiences: ['a', 'b'],
      expirationSeconds: 600,
      now: T0 + 999,
    });
    const jwt = decodeJwt(issued.token)!;
    expect(jwt.header).toEqual({ alg: 'ES256', kid: keyId(key) });
    const iat = T0 / 1000;
    expect(jwt.payload).toEqual({
      aud: ['a', 'b'],
      exp: iat + 600,
      iat,
      iss: 'https://kcp.default.svc',
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'kubernetes.io': { clusterName: 'c1', namespace: 'default', serviceaccount: { name: 'bot', uid: 'uid-1' } },
      nbf: iat,
      sub: 'system:serviceaccount:default:bot',
    });
    expect(Object.keys(jwt.payload)).toEqual(['aud', 'exp', 'iat', 'iss', 'jti', 'kubernetes.io', 'nbf', 'sub']);
    expect(issued.expires.getTime()).toBe(T0 + 600_000);
  });

  it('authenticates as the ServiceAccount of its workspace, with kube’s groups and extras', () => {
    const { tokens, issue } = setup();
    const token = issue();
    const r = tokens.authenticate(token) as TokenAuthentication;
    const jti = String(decodeJwt(token)!.payload['jti']);
    expect(r).toEqual({
      audiences: ['https://kcp.default.svc'],
      user: {
        username: 'system:serviceaccount:default:bot',
        uid: 'uid-1',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
        extra: { 'authentication.kubernetes.io/cluster-name': ['c1'], 'authentication.kubernetes.io/credential-id': [`JTI=${jti}`] },
      },
    });
  });

  it('stops authenticating a token once its ServiceAccount is gone or replaced', () => {
    const { tokens, issue, put, del } = setup();
    const token = issue();
    expect('user' in tokens.authenticate(token)!).toBe(true);
    del('c1', '/serviceaccounts', 'default', 'bot');
    expect(tokens.authenticate(token)).toEqual({ error: 'serviceaccount "bot" not found' });
    put('c1', '/serviceaccounts', 'default', 'bot', 'uid-2');
    expect(tokens.authenticate(token)).toEqual({ error: 'service account UID (uid-2) does not match claim (uid-1)' });
    put('c1', '/serviceaccounts', 'default', 'bot', 'uid-1', { deletionTimestamp: new Date(T0 - 120_000).toISOString() });
    expect(tokens.authenticate(token)).toEqual({ error: 'service account default/bot has been deleted' });
    // A deletion within the leeway still lets the token through, as kube's validator does.
    put('c1', '/serviceaccounts', 'default', 'bot', 'uid-1', { deletionTimestamp: new Date(T0 - 10_000).toISOString() });
    expect('user' in tokens.authenticate(token)!).toBe(true);
  });

  it('looks the ServiceAccount up in the workspace the token was issued in', () => {
    const { tokens, issue, put } = setup();
    put('c2', '/serviceaccounts', 'default', 'bot', 'uid-9');
    expect(tokens.authenticate(issue({ cluster: 'c2', uid: 'uid-9' })) as TokenAuthentication).toMatchObject({
      user: { extra: { 'authentication.kubernetes.io/cluster-name': ['c2'] } },
    });
    expect(tokens.authenticate(issue({ cluster: 'c3', uid: 'uid-9' }))).toEqual({ error: 'serviceaccount "bot" not found' });
  });

  it('honours expiry and not-before with kube’s one-minute leeway', () => {
    const { tokens, issue, setNow } = setup();
    const token = issue({ expirationSeconds: 600 });
    setNow(T0 + 600_000 + 59_000);
    expect('user' in tokens.authenticate(token)!).toBe(true);
    setNow(T0 + 600_000 + 61_000);
    expect(tokens.authenticate(token)).toEqual({ error: 'service account token has expired' });
    setNow(T0);
    const future = issue({ now: T0 + 3_600_000 });
    expect(tokens.authenticate(future)).toEqual({ error: 'service account token is not valid yet' });
  });

  it('checks audiences: the API’s by default, the asked ones for reviews', () => {
    const { tokens, issue } = setup();
    const vault = issue({ audiences: ['vault'] });
    expect(tokens.authenticate(vault)).toEqual({
      error: 'token audiences ["vault"] is invalid for the target audiences ["https://kcp.default.svc"]',
    });
    expect(tokens.authenticate(vault, ['vault', 'other'])).toMatchObject({ audiences: ['vault'] });
    expect(goQuoted(['a', 'b'])).toBe('["a" "b"]');
  });

  it('refuses forged tokens and ignores JWTs of other issuers', () => {
    const { tokens, issue } = setup();
    const token = issue();
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const payload = decodeJwt(token)!.payload;
    expect(tokens.authenticate(signJwt(payload, other, 'k'))).toEqual({ error: 'go-jose/go-jose: error in cryptographic primitive' });
    expect(tokens.authenticate(signJwt({ ...payload, iss: 'https://elsewhere' }, other, 'k'))).toBeUndefined();
    expect(tokens.authenticate('not-a-jwt')).toBeUndefined();
    const [h, p] = token.split('.');
    expect(tokens.authenticate(`${h}.${p}.AAAA`)).toEqual({ error: 'go-jose/go-jose: error in cryptographic primitive' });
  });

  it('binds a token to a Secret when asked: it dies with the Secret', () => {
    const { tokens, issue, put, del } = setup();
    put('c1', '/secrets', 'default', 's', 'suid');
    const token = issue({ secret: { name: 's', uid: 'suid' } });
    expect(decodeJwt(token)!.payload['kubernetes.io']).toMatchObject({ secret: { name: 's', uid: 'suid' } });
    expect('user' in tokens.authenticate(token)!).toBe(true);
    put('c1', '/secrets', 'default', 's', 'other');
    expect(tokens.authenticate(token)).toEqual({ error: 'secret UID (other) does not match service account secret ref claim (suid)' });
    del('c1', '/secrets', 'default', 's');
    expect(tokens.authenticate(token)).toEqual({ error: 'service account token has been invalidated' });
  });

  it('reads the ServiceAccount on every use, never caching that it exists', () => {
    const { tokens, issue, reads } = setup();
    const token = issue();
    for (let i = 0; i < 3; i++) tokens.authenticate(token);
    expect(reads()).toBe(3);
  });
});
