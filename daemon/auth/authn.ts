// Authentication: bearer tokens (admin and users from the token file) and client certificates (CN = user,
// O = groups) verified against the daemon's CA. Every authenticated user is in system:authenticated.
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { UserInfo } from '../registry/types.js';

export const AUTHENTICATED_GROUP = 'system:authenticated';

export class Authenticator {
  private readonly tokens = new Map<string, UserInfo>();

  addToken(token: string, user: UserInfo): void {
    this.tokens.set(token, withAuthenticatedGroup(user));
  }

  authenticate(req: IncomingMessage): UserInfo | undefined {
    const header = req.headers.authorization;
    if (header) {
      const m = /^Bearer\s+(.+)$/i.exec(header);
      if (!m) return undefined;
      return this.tokens.get(m[1]!.trim());
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
