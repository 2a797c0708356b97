// Logical cluster names as kcp draws them: random, stable, independent of the path.
import { createHash, randomBytes } from 'node:crypto';

function base36(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let s = '';
  while (n > 0n) {
    s = '0123456789abcdefghijklmnopqrstuvwxyz'[Number(n % 36n)] + s;
    n /= 36n;
  }
  // One '0' per leading zero byte, as kcp's encoder keeps them.
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return '0'.repeat(zeros) + s;
}

/** 16 characters of base36(sha224(32 random bytes)). */
export function randomClusterName(): string {
  const digest = createHash('sha224').update(randomBytes(32)).digest();
  return base36(digest).slice(0, 16);
}

/** The home logical cluster of a user: base36 of the first 8 bytes of sha224(username). */
export function homeClusterName(username: string): string {
  return base36(createHash('sha224').update(username).digest().subarray(0, 8));
}

const SEGMENT = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const PATH_RE = new RegExp(`^${SEGMENT}(:${SEGMENT})*$`);

export function isValidPath(path: string): boolean {
  return PATH_RE.test(path) || path.startsWith('system:');
}
