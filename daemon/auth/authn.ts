// Authentication: bearer tokens — the admin kubeconfig's static ones and ServiceAccount JWTs — and client
// certificates (CN = user, O = groups) verified against the daemon's CA. Every authenticated user is in
// system:authenticated.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/types.js';
import type { ServiceAccountTokens, TokenAuthentication, TokenRefusal } from './service-account-tokens.js';
import { GROUP_AUTHENTICATED } from './user/names.js';

/** bearertoken's answer when no authenticator knew the token. */
export const INVALID_BEARER_TOKEN = 'invalid bearer token';

export interface AuthenticatorOptions {
  serviceAccounts?: ServiceAccountTokens;
  /** The API's audiences (kube's --api-audiences): what tokens must be meant for. */
  apiAudiences?: readonly string[];
}

export class Authenticator {
  private readonly tokens = new Map<string, UserInfo>();
  private readonly serviceAccounts: ServiceAccountTokens | undefined;
  private readonly apiAudiences: readonly string[];

  constructor(opts: AuthenticatorOptions = {}) {
    this.serviceAccounts = opts.serviceAccounts;
    this.apiAudiences = opts.apiAudiences ?? opts.serviceAccounts?.apiAudiences ?? [];
  }

  /** A static token (the admin kubeconfig's identities). */
  addToken(token: string, user: UserInfo): void {
    this.tokens.set(token, withAuthenticatedGroup(user));
  }

  /** The user a request authenticates as; undefined answers 401. */
  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m) return undefined;
      const token = m[1]!.trim();
      const user = this.tokens.get(token);
      if (user) return user;
      const sa = this.serviceAccounts?.authenticate(token);
      return sa && 'user' in sa ? sa.user : undefined;
    }
    const socket = req.socket as TLSSocket;
    if (socket.authorized && typeof socket.getPeerCertificate === 'function') {
      const cert = socket.getPeerCertificate();
      const cn = cert?.subject?.CN;
      if (cn) {
        const o = cert.subject.O;
        const groups = Array.isArray(o) ? o : o ? [o] : [];
        return withAuthenticatedGroup({ username: Array.isArray(cn) ? cn[0]! : cn, groups });
      }
    }
    return undefined;
  }

  /**
   * A token on its own, for TokenReview: kube's bearer-token authenticators with the audiences the review asks
   * for (the API's when it names none). Static tokens are audience-agnostic: they are valid for the API's audiences
   * only (authenticator.WrapAudienceAgnosticToken).
   */
  authenticateToken(token: string, audiences?: readonly string[]): TokenAuthentication | TokenRefusal {
    const wanted = audiences?.length ? audiences : this.apiAudiences;
    const user = this.tokens.get(token);
    if (user) {
      const matched = this.apiAudiences.filter((a) => wanted.includes(a));
      if (matched.length > 0 || this.apiAudiences.length === 0) return { user, audiences: matched };
      return { error: INVALID_BEARER_TOKEN };
    }
    const sa = this.serviceAccounts?.authenticate(token, wanted);
    return sa ?? { error: INVALID_BEARER_TOKEN };
  }
}

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(GROUP_AUTHENTICATED) ? user : { ...user, groups: [...user.groups, GROUP_AUTHENTICATED] };
}
