// The identities the admin kubeconfig carries, as `kcp start` makes them (kcp's AdminAuthentication):
//   shard-admin  system:masters — bypasses authorization; its token survives restarts: only its sha256 is kept, in
//                `<root>/.admin-token-store`, and the token itself is read back from the kubeconfig written last time;
//   kcp-admin    system:kcp:admin — cluster-admin in every workspace through the authorizer; new token every start;
//   user         no groups — what a tenant without grants can do; new token every start.
// Each gets a fresh UID per start, as in kcp. An ephemeral daemon keeps nothing: every token is new.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UserInfo } from '../registry/types.js';
import { GROUP_KCP_ADMIN, GROUP_MASTERS } from './user/names.js';

export const ADMIN_TOKEN_STORE = '.admin-token-store';
export const SHARD_ADMIN = 'shard-admin';
export const KCP_ADMIN = 'kcp-admin';
export const USER = 'user';

export interface Identity {
  token: string;
  user: UserInfo;
}

export interface AdminIdentities {
  shardAdmin: Identity;
  kcpAdmin: Identity;
  user: Identity;
  /**
   * Stores a new shard-admin token's hash. Call it when the kubeconfig carrying the token is written: a start that
   * fails before (a port in use) must not leave a hash whose token nobody has.
   */
  persist(): void;
}

export interface AdminIdentityOptions {
  /** Where the shard-admin token hash is kept; undefined for an ephemeral daemon (nothing is kept). */
  rootDir?: string;
  /** The admin kubeconfig the previous start wrote, where the persistent shard-admin token is read back from. */
  kubeconfigPath: string;
}

export function adminIdentities(opts: AdminIdentityOptions): AdminIdentities {
  const identity = (token: string, username: string, groups: string[]): Identity => ({
    token,
    user: { username, uid: randomUUID(), groups },
  });
  const storePath = opts.rootDir ? join(opts.rootDir, ADMIN_TOKEN_STORE) : undefined;
  const kept = storePath && existsSync(storePath) ? storedShardAdminToken(storePath, opts.kubeconfigPath) : undefined;
  const shardAdmin = identity(kept ?? randomUUID(), SHARD_ADMIN, [GROUP_MASTERS]);
  return {
    shardAdmin,
    kcpAdmin: identity(randomUUID(), KCP_ADMIN, [GROUP_KCP_ADMIN]),
    user: identity(randomUUID(), USER, []),
    persist() {
      if (storePath && !kept) writeFileSync(storePath, sha256(shardAdmin.token), { mode: 0o600 });
    },
  };
}

function storedShardAdminToken(storePath: string, kubeconfigPath: string): string {
  const stored = readFileSync(storePath);
  const kubeconfig = existsSync(kubeconfigPath) ? readFileSync(kubeconfigPath, 'utf8') : '';
  // The kubeconfig may have been rewritten since (kubectl config, `kubectl ws`): rather than parse its YAML (a
  // library that costs every cold start), take whichever token in it matches the stored hash.
  const token = tokensIn(kubeconfig).find((t) => matches(stored, t));
  if (token) return token;
  if (new RegExp(`name:\\s*["']?${SHARD_ADMIN}["']?\\s*$`, 'm').test(kubeconfig)) {
    throw new Error(`admin token in file "${kubeconfigPath}" is not valid anymore. Remove file "${storePath}" and restart kcpx`);
  }
  throw new Error(`cannot create the '${kubeconfigPath.split(/[\\/]/).pop()}' file with an empty token for the ${SHARD_ADMIN} user`);
}

/** The values of every `token:` key of a kubeconfig, whichever way YAML quotes them. */
export function tokensIn(kubeconfig: string): string[] {
  const out: string[] = [];
  for (const m of kubeconfig.matchAll(/^\s*token:\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#]+))\s*(?:#.*)?$/gm)) {
    if (m[1] !== undefined) out.push(JSON.parse(`"${m[1]}"`) as string);
    else if (m[2] !== undefined) out.push(m[2].replace(/''/g, "'"));
    else out.push(m[3]!);
  }
  return out;
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

function matches(hash: Buffer, token: string): boolean {
  const h = sha256(token);
  return hash.length === h.length && timingSafeEqual(hash, h);
}
