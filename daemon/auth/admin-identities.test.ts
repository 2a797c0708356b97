import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { adminKubeconfig } from './admin-kubeconfig.js';
import { ADMIN_TOKEN_STORE, adminIdentities, tokensIn } from './admin-identities.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kcpx-admin-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** One start of a persistent daemon: identities, then the kubeconfig written and the hash kept. */
function start(dir: string) {
  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  const ids = adminIdentities({ rootDir: dir, kubeconfigPath });
  writeFileSync(
    kubeconfigPath,
    adminKubeconfig('https://h:1', 'ca', { kcpAdmin: ids.kcpAdmin.token, shardAdmin: ids.shardAdmin.token, user: ids.user.token }),
  );
  ids.persist();
  return ids;
}

describe('admin identities', () => {
  it('are kcp’s: shard-admin in system:masters, kcp-admin in system:kcp:admin, user in no group', () => {
    const ids = adminIdentities({ kubeconfigPath: '/nonexistent' });
    expect(ids.shardAdmin.user).toMatchObject({ username: 'shard-admin', groups: ['system:masters'] });
    expect(ids.kcpAdmin.user).toMatchObject({ username: 'kcp-admin', groups: ['system:kcp:admin'] });
    expect(ids.user.user).toMatchObject({ username: 'user', groups: [] });
    const tokens = [ids.shardAdmin.token, ids.kcpAdmin.token, ids.user.token];
    expect(new Set(tokens).size).toBe(3);
    expect(ids.kcpAdmin.user.uid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keep the shard-admin token across restarts (its sha256 in .admin-token-store, mode 0600); the others change', () => {
    const dir = tempDir();
    const first = start(dir);
    const store = join(dir, ADMIN_TOKEN_STORE);
    expect(readFileSync(store)).toEqual(createHash('sha256').update(first.shardAdmin.token).digest());
    expect(statSync(store).mode & 0o777).toBe(0o600);
    const second = start(dir);
    expect(second.shardAdmin.token).toBe(first.shardAdmin.token);
    expect(second.kcpAdmin.token).not.toBe(first.kcpAdmin.token);
    expect(second.user.token).not.toBe(first.user.token);
  });

  it('read the token back from a kubeconfig rewritten by other tools', () => {
    const dir = tempDir();
    const first = start(dir);
    const kubeconfig = join(dir, 'admin.kubeconfig');
    writeFileSync(
      kubeconfig,
      `users:\n- name: kcp-admin\n  user:\n    token: 'x'\n- name: shard-admin\n  user:\n    token: ${first.shardAdmin.token}\n`,
    );
    expect(adminIdentities({ rootDir: dir, kubeconfigPath: kubeconfig }).shardAdmin.token).toBe(first.shardAdmin.token);
  });

  it('refuse to start with kcp’s messages when the kubeconfig lost the token', () => {
    const dir = tempDir();
    start(dir);
    const kubeconfig = join(dir, 'admin.kubeconfig');
    writeFileSync(kubeconfig, 'users:\n- name: shard-admin\n  user:\n    token: "tampered"\n');
    expect(() => adminIdentities({ rootDir: dir, kubeconfigPath: kubeconfig })).toThrow(
      `admin token in file "${kubeconfig}" is not valid anymore. Remove file "${join(dir, ADMIN_TOKEN_STORE)}" and restart kcpx`,
    );
    rmSync(kubeconfig);
    expect(() => adminIdentities({ rootDir: dir, kubeconfigPath: kubeconfig })).toThrow(
      "cannot create the 'admin.kubeconfig' file with an empty token for the shard-admin user",
    );
  });

  it('keep nothing until the kubeconfig is written, and nothing at all for an ephemeral daemon', () => {
    const dir = tempDir();
    adminIdentities({ rootDir: dir, kubeconfigPath: join(dir, 'admin.kubeconfig') });
    expect(existsSync(join(dir, ADMIN_TOKEN_STORE))).toBe(false);
    adminIdentities({ kubeconfigPath: join(dir, 'admin.kubeconfig') }).persist();
    expect(existsSync(join(dir, ADMIN_TOKEN_STORE))).toBe(false);
  });

  it('find tokens however YAML quotes them', () => {
    expect(tokensIn(`a:\n  token: "q\\"d"\n  token: 'it''s'\n  token: plain # comment\n  tokens: no\n`)).toEqual(['q"d', "it's", 'plain']);
  });
});
