// The key ServiceAccount tokens are signed with. A persistent daemon keeps it in `<root>/sa.key` (where kcp keeps
// its own), so tokens stay valid across restarts; an ephemeral one gets a fresh key that dies with it. kcpx
// generates ECDSA P-256 (a millisecond, where kcp's RSA-4096 costs seconds of start-up); an RSA key already in
// the file, e.g. one carried over from kcp, is used as it is.
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { algorithmFor } from './jwt.js';

export const SIGNING_KEY_FILE = 'sa.key';

/** The signing key of `rootDir`, created (mode 0600) when missing; a fresh in-memory key without a directory. */
export function loadOrCreateSigningKey(rootDir?: string): KeyObject {
  if (!rootDir) return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const path = join(rootDir, SIGNING_KEY_FILE);
  if (existsSync(path)) {
    let key: KeyObject;
    try {
      key = createPrivateKey(readFileSync(path));
    } catch (err) {
      throw new Error(`the service account signing key ${path} is not a PEM private key: ${(err as Error).message}`, { cause: err });
    }
    algorithmFor(key);
    return key;
  }
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  // 'wx': never overwrite a key another process just wrote; tokens it signed would stop verifying.
  writeFileSync(path, key.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return key;
}
