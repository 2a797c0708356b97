// Authentication: bearer tokens (admin and users from the token file) and client certificates (CN = user,
// O = groups) verified against the daemon's CA. Every authenticated user is in system:authenticated.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/types.js';

export const AUTHENTICATED_GROUP = 'system:authenticated';

export class Authenticator {
  private readonly tokens = new Map<string, { user: UserInfo; expires?: number }>();

  addToken(token: string, user: UserInfo, expiresAtMs?: number): void {
    this.tokens.set(token, expiresAtMs === undefined ? { user: withAuthenticatedGroup(user) } : { user: withAuthenticatedGroup(user), expires: expiresAtMs });
  }

  /** Bound ServiceAccount tokens (TokenRequest): opaque, in memory, expiring. */
  issueServiceAccountToken(cluster: string, namespace: string, name: string, uid: string | undefined, ttlSeconds: number): { token: string; expires: Date } {
    const token = `kcpx-sa.${randomBytes(32).toString('base64url')}`;
    const expires = new Date(Date.now() + ttlSeconds * 1000);
    const user: UserInfo = {
      username: `system:serviceaccount:${namespace}:${name}`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
      extra: { 'authentication.kubernetes.io/cluster-name': [cluster] },
    };
    if (uid) user.uid = uid;
    this.addToken(token, user, expires.getTime());
    return { token, expires };
  }

  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m) return undefined;
      const entry = this.tokens.get(m[1]!.trim());
      if (!entry) return undefined;
      if (entry.expires !== undefined && entry.expires < Date.now()) {
        this.tokens.delete(m[1]!.trim());
        return undefined;
      }
      return entry.user;
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
}

function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(AUTHENTICATED_GROUP) ? user : { ...user, groups: [...user.groups, AUTHENTICATED_GROUP] };
}
