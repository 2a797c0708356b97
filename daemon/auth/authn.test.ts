import { generateKeyPairSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { Authenticator } from './authn.js';
import { ServiceAccountTokens } from './service-account-tokens.js';
import { createTokenRequest } from './token-request.js';
import { reviewToken } from './token-review.js';

const sa: KObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot', namespace: 'default', uid: 'uid-1' } };
const secret: KObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default', uid: 'suid' } };

function setup() {
  const tokens = new ServiceAccountTokens({
    key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    get: (k) =>
      k.cluster !== 'c1'
        ? undefined
        : k.resource === '/serviceaccounts' && k.name === 'bot'
          ? sa
          : k.resource === '/secrets' && k.name === 's'
            ? secret
            : undefined,
  });
  const authn = new Authenticator({ serviceAccounts: tokens });
  authn.addToken('static', { username: 'kcp-admin', groups: ['system:kcp:admin'] });
  const request = (body: unknown = {}, now = new Date()) =>
    createTokenRequest({
      cluster: 'c1',
      namespace: 'default',
      name: 'bot',
      body,
      now,
      get: (k) => (k.name === 'bot' ? sa : k.name === 's' ? secret : undefined),
      tokens,
    });
  const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` }, socket: {} }) as unknown as IncomingMessage;
  return { authn, request, bearer };
}

function statusOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError) return e.status;
    throw e;
  }
  throw new Error('no error');
}

describe('Authenticator', () => {
  it('knows static tokens and ServiceAccount tokens, and nothing else', () => {
    const { authn, request, bearer } = setup();
    expect(authn.authenticate(bearer('static'))).toEqual({ username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] });
    const token = (request().status as { token: string }).token;
    expect(authn.authenticate(bearer(token))?.username).toBe('system:serviceaccount:default:bot');
    expect(authn.authenticate(bearer('nope'))).toBeUndefined();
    expect(authn.authenticate({ headers: { authorization: 'Basic abc' }, socket: {} } as unknown as IncomingMessage)).toBeUndefined();
  });

  it('reviews tokens with audiences: static tokens only ever for the API’s', () => {
    const { authn, request } = setup();
    expect(reviewToken(authn, { token: 'static' })).toEqual({
      authenticated: true,
      user: { username: 'kcp-admin', groups: ['system:kcp:admin', 'system:authenticated'] },
      audiences: ['https://kcp.default.svc'],
    });
    expect(reviewToken(authn, { token: 'static', audiences: ['vault'] })).toEqual({ user: {}, error: 'invalid bearer token' });
    expect(reviewToken(authn, { token: 'garbage' })).toEqual({ user: {}, error: 'invalid bearer token' });
    const vault = (request({ spec: { audiences: ['vault'] } }).status as { token: string }).token;
    expect(reviewToken(authn, { token: vault, audiences: ['vault'] })).toMatchObject({
      authenticated: true,
      audiences: ['vault'],
      user: { username: 'system:serviceaccount:default:bot', uid: 'uid-1' },
    });
    expect(reviewToken(authn, { token: vault })).toEqual({
      user: {},
      error: 'token audiences ["vault"] is invalid for the target audiences ["https://kcp.default.svc"]',
    });
    expect(statusOf(() => reviewToken(authn, { token: '' }))).toMatchObject({
      code: 400,
      message: 'token is required for TokenReview in authentication',
    });
  });
});

describe('TokenRequest', () => {
  it('answers as kube: defaults of one hour and the API audience, the token in status', () => {
    const { request } = setup();
    const r = request({}, new Date('2026-01-01T00:00:00Z'));
    expect(r).toMatchObject({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { name: 'bot', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { audiences: ['https://kcp.default.svc'], expirationSeconds: 3600, boundObjectRef: null },
      status: { expirationTimestamp: '2026-01-01T01:00:00Z' },
    });
    expect((r.status as { token: string }).token.split('.')).toHaveLength(3);
  });

  it('validates as kube: expiration bounds, name and namespace, bound objects', () => {
    const { request } = setup();
    expect(statusOf(() => request({ spec: { expirationSeconds: 599 } }))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes',
    });
    expect(statusOf(() => request({ spec: { expirationSeconds: 2 ** 32 + 1 } })).message).toBe(
      'TokenRequest.authentication.k8s.io "" is invalid: spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
    );
    expect(request({ spec: { expirationSeconds: 2 ** 32 } }).spec).toMatchObject({ expirationSeconds: 2 ** 32 });
    expect(statusOf(() => request({ metadata: { name: 'other' } })).message).toBe(
      'TokenRequest.authentication.k8s.io "bot" is invalid: metadata.name: Invalid value: "other": must match the service account name if specified',
    );
    expect(statusOf(() => request({ spec: { boundObjectRef: { kind: 'Pod', apiVersion: 'v1', name: 'p' } } }))).toMatchObject({
      code: 400,
      message: 'cannot bind token to object of type /v1, Kind=Pod',
    });
    expect(statusOf(() => request({ spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 'gone' } } })).message).toBe(
      'secrets "gone" not found',
    );
    expect(statusOf(() => request({ spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's', uid: 'old' } } })).message).toBe(
      'Operation cannot be fulfilled on Secret "s": the UID in the bound object reference (old) does not match the UID in record. The object might have been deleted and then recreated',
    );
    expect(request({ spec: { boundObjectRef: { kind: 'Secret', apiVersion: 'v1', name: 's' } } }).spec).toMatchObject({
      boundObjectRef: { kind: 'Secret', name: 's' },
    });
  });
});
