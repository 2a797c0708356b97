// Logical cluster names as kcp draws them: random, stable, independent of the path.
import { createHash, randomFillSync } from 'node:crypto';

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function base36(bytes: Buffer): string {
  let n = BigInt(`0x${bytes.toString('hex') || '0'}`);
  let s = '';
  while (n > 0n) {
    s = BASE36[Number(n % 36n)] + s;
    n /= 36n;
  }
  // One '0' per leading zero byte, as kcp's encoder keeps them.
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  return '0'.repeat(zeros) + s;
}

// Random bytes are drawn a page at a time: one getrandom call per ~250 names instead of one per name.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function randomByte(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

/**
 * 16 uniformly random base36 characters: the shape of kcp's names (base36 of a random sha224, cut to 16) at a
 * fraction of the cost (bytes ≥ 252 are redrawn so that every character is equally likely).
 */
export function randomClusterName(): string {
  let s = '';
  while (s.length < 16) {
    const b = randomByte();
    if (b < 252) s += BASE36[b % 36];
  }
  return s;
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
