// Bound ServiceAccount tokens, as kube issues and checks them (k8s.io/kubernetes pkg/serviceaccount claims.go and
// jwt.go) with kcp's addition: the `kubernetes.io` claim names the logical cluster of the account, and the
// identity carries it as the `authentication.kubernetes.io/cluster-name` extra, so the authorizer treats the
// account as a stranger in every other workspace.
//
// Nothing is stored per token: a token is valid while its signature, times and audience hold and the account it
// names (and the Secret it is bound to, if any) still exists with the UID it was issued for — checked on every use
// with a point read, so deleting the ServiceAccount ends its tokens at once and a restart ends none of them.
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import type { KObject } from '../apimachinery/types.js';
import type { UserInfo } from '../registry/types.js';
import type { ObjectKey } from '../storage/store.js';
import { decodeJwt, keyId, signJwt, verifyJwt } from './jwt.js';
import { Lru } from '../support/lru.js';
import { serviceAccountUser } from './user/names.js';
import { scalarText } from '../apimachinery/scalar-text.js';

/** kcp's issuer (`--service-account-issuer` default of `kcp start`); also the API's one audience. */
export const SERVICE_ACCOUNT_ISSUER = 'https://kcp.default.svc';
/** Extra key kube records the token's `jti` under (`JTI=<jti>`). */
export const CREDENTIAL_ID_EXTRA = 'authentication.kubernetes.io/credential-id';
/** jwt.DefaultLeeway: clock skew tolerated on exp/nbf/iat, and the grace after a bound object's deletion. */
const LEEWAY_SECONDS = 60;

export interface IssueRequest {
  cluster: string;
  namespace: string;
  name: string;
  uid: string;
  audiences: readonly string[];
  expirationSeconds: number;
  /** A Secret the token is bound to: it dies with the Secret too. */
  secret?: { name: string; uid: string };
  /** Unix milliseconds; default now. */
  now?: number;
}

export interface IssuedToken {
  token: string;
  /** When it was issued, truncated to seconds as the token's `iat`. */
  issued: Date;
  expires: Date;
}

export interface TokenAuthentication {
  user: UserInfo;
  /** The audiences the token was accepted for (the intersection with the ones asked for). */
  audiences: string[];
}

/** Why a token of ours was refused (kube's error text, which TokenReview reports). */
export interface TokenRefusal {
  error: string;
}

interface Ref {
  name?: unknown;
  uid?: unknown;
}

interface PrivateClaims {
  clusterName?: unknown;
  namespace?: unknown;
  serviceaccount?: Ref;
  secret?: Ref;
}

export interface ServiceAccountTokensOptions {
  /** The private signing key (see signing-key.ts). */
  key: KeyObject;
  /** Point reads of the stored objects tokens are bound to. */
  get: (key: ObjectKey) => KObject | undefined;
  issuer?: string;
  /** Audiences requests to the API must carry (kube's --api-audiences); default [issuer]. */
  apiAudiences?: readonly string[];
  /** Unix milliseconds; tests move time. */
  now?: () => number;
}

export class ServiceAccountTokens {
  readonly issuer: string;
  readonly apiAudiences: readonly string[];
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;
  private readonly get: (key: ObjectKey) => KObject | undefined;
  private readonly now: () => number;
  /** Tokens whose signature already verified: a client sends the same token on every request. */
  private readonly verified = new Lru<string, Record<string, unknown>>(1024);

  constructor(opts: ServiceAccountTokensOptions) {
    this.privateKey = opts.key;
    this.publicKey = createPublicKey(opts.key);
    this.kid = keyId(this.publicKey);
    this.get = opts.get;
    this.issuer = opts.issuer ?? SERVICE_ACCOUNT_ISSUER;
    this.apiAudiences = opts.apiAudiences ?? [this.issuer];
    this.now = opts.now ?? Date.now;
  }

  issue(req: IssueRequest): IssuedToken {
    const iat = Math.floor((req.now ?? this.now()) / 1000);
    const exp = iat + req.expirationSeconds;
    const kubernetes: Record<string, unknown> = {
      clusterName: req.cluster,
      namespace: req.namespace,
      ...(req.secret ? { secret: { name: req.secret.name, uid: req.secret.uid } } : {}),
      serviceaccount: { name: req.name, uid: req.uid },
    };
    // go-jose marshals public and private claims through one map: keys come out sorted.
    const claims = {
      aud: [...req.audiences],
      exp,
      iat,
      iss: this.issuer,
      jti: randomUUID(),
      'kubernetes.io': kubernetes,
      nbf: iat,
      sub: `system:serviceaccount:${req.namespace}:${req.name}`,
    };
    return { token: signJwt(claims, this.privateKey, this.kid), issued: new Date(iat * 1000), expires: new Date(exp * 1000) };
  }

  /**
   * kube's jwtTokenAuthenticator and its validator. undefined: not a token of this issuer (another authenticator
   * may know it); otherwise the identity, or why it is refused. `audiences` are the ones the caller asks for
   * (TokenReview's spec.audiences); the API's own by default.
   */
  authenticate(token: string, audiences: readonly string[] = this.apiAudiences): TokenAuthentication | TokenRefusal | undefined {
    let claims = this.verified.get(token);
    if (!claims) {
      const jwt = decodeJwt(token);
      // hasCorrectIssuer: read before the signature is checked, so foreign JWTs are left to others cheaply.
      if (!jwt || jwt.payload['iss'] !== this.issuer) return undefined;
      if (!verifyJwt(jwt, this.publicKey)) return { error: 'go-jose/go-jose: error in cryptographic primitive' };
      claims = jwt.payload;
      this.verified.set(token, claims);
    }

    const tokenAudiences = stringList(claims['aud']);
    const accepted = tokenAudiences.length ? tokenAudiences : [...this.apiAudiences];
    const matched = accepted.filter((a) => audiences.includes(a));
    if (matched.length === 0) {
      return { error: `token audiences ${goQuoted(accepted)} is invalid for the target audiences ${goQuoted(audiences)}` };
    }

    const now = this.now() / 1000;
    const refusal = timeRefusal(claims, now);
    if (refusal) return { error: refusal };

    const priv = (claims['kubernetes.io'] ?? {}) as PrivateClaims;
    const cluster = typeof priv.clusterName === 'string' ? priv.clusterName : '';
    const namespace = typeof priv.namespace === 'string' ? priv.namespace : '';
    const name = typeof priv.serviceaccount?.name === 'string' ? priv.serviceaccount.name : '';
    const uid = typeof priv.serviceaccount?.uid === 'string' ? priv.serviceaccount.uid : '';
    const deletedBefore = now - LEEWAY_SECONDS;

    const sa = cluster && name ? this.get({ cluster, resource: '/serviceaccounts', namespace, name }) : undefined;
    // The lister's NotFound, whose resource is the singular kind (core/v1 Resource("serviceaccount")).
    if (!sa) return { error: `serviceaccount ${JSON.stringify(name)} not found` };
    if (sa.metadata.uid !== uid) return { error: `service account UID (${sa.metadata.uid ?? ''}) does not match claim (${uid})` };
    if (deletedSince(sa, deletedBefore)) return { error: `service account ${namespace}/${name} has been deleted` };

    if (priv.secret) {
      const secretName = typeof priv.secret.name === 'string' ? priv.secret.name : '';
      const secret = secretName ? this.get({ cluster, resource: '/secrets', namespace, name: secretName }) : undefined;
      if (!secret || deletedSince(secret, deletedBefore)) return { error: 'service account token has been invalidated' };
      if (secret.metadata.uid !== priv.secret.uid) {
        return {
          error: `secret UID (${secret.metadata.uid ?? ''}) does not match service account secret ref claim (${scalarText(priv.secret.uid)})`,
        };
      }
    }

    const user = serviceAccountUser(namespace, name, { uid, cluster });
    const jti = claims['jti'];
    if (typeof jti === 'string' && jti) user.extra = { ...user.extra, [CREDENTIAL_ID_EXTRA]: [`JTI=${jti}`] };
    return { user, audiences: matched };
  }
}

/** go-jose's Claims.Validate with the default leeway, in kube's words. */
function timeRefusal(claims: Record<string, unknown>, now: number): string | undefined {
  const exp = claims['exp'];
  const nbf = claims['nbf'];
  const iat = claims['iat'];
  if (typeof nbf === 'number' && now + LEEWAY_SECONDS < nbf) return 'service account token is not valid yet';
  if (typeof exp === 'number' && now - LEEWAY_SECONDS > exp) return 'service account token has expired';
  if (typeof iat === 'number' && now + LEEWAY_SECONDS < iat) return 'service account token is issued in the future';
  return undefined;
}

function deletedSince(obj: KObject, beforeSeconds: number): boolean {
  const ts = obj.metadata.deletionTimestamp;
  return typeof ts === 'string' && Date.parse(ts) / 1000 < beforeSeconds;
}

function stringList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoted(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(' ')}]`;
}
