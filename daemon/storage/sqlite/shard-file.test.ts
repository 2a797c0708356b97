import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KObject } from '../../apimachinery/types.js';
import { openShardFile, recordPath, ShardFileError } from './shard-file.js';

const MARKER = 'intact-value-intact-value';
const cm = (name: string): KObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default' },
  data: { k: MARKER },
});
const key = (name: string) => ({ cluster: 'c1', resource: '/configmaps', namespace: 'default', name });

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcpx-shardfile-'));
  db = join(dir, 'shard-root.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A shard with `n` configmaps, stopped cleanly. */
async function cleanShard(n = 3): Promise<void> {
  const shard = openShardFile(db);
  for (let i = 0; i < n; i++) shard.store.create(key(`cm-${i}`), cm(`cm-${i}`));
  await shard.store.durable();
  shard.close();
}

const record = () =>
  JSON.parse(readFileSync(recordPath(db), 'utf8')) as { identity: string; cleanStop?: { size: number; mtimeMs: number } };
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ShardFileError);
    return (err as Error).message;
  }
  throw new Error('the shard was not refused');
};

describe('the shard database file', () => {
  it('records its identity and, after a clean stop, the file; a clean restart skips the checks', async () => {
    await cleanShard();
    expect(existsSync(`${db}-wal`)).toBe(false);
    const r = record();
    expect(r.identity).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.cleanStop).toEqual({ size: statSync(db).size, mtimeMs: statSync(db).mtimeMs });
    expect(statSync(recordPath(db)).mode & 0o777).toBe(0o600);
    expect(statSync(db).mode & 0o777).toBe(0o600);

    const again = openShardFile(db);
    expect(again.checkedMs).toBeUndefined();
    expect(again.store.identity()).toBe(r.identity);
    // In use: the record no longer claims a clean stop.
    expect(record().cleanStop).toBeUndefined();
    expect(again.store.list({ cluster: 'c1', resource: '/configmaps' }).items).toHaveLength(3);
    again.close();
  });

  it('checks after a stop that was not clean, and after the file changed while stopped', async () => {
    await cleanShard();
    const running = openShardFile(db);
    running.store.create(key('late'), cm('late'));
    await running.store.durable();
    // Never closed (a crash): the next start checks, and finds the shard whole.
    const afterCrash = openShardFile(db);
    expect(afterCrash.checkedMs).toBeGreaterThanOrEqual(0);
    expect(afterCrash.store.get(key('late'))).toBeDefined();
    afterCrash.store.close();
    running.store.close();
    await cleanShard(0);

    const later = new Date(Date.now() + 5000);
    utimesSync(db, later, later);
    const touched = openShardFile(db);
    expect(touched.checkedMs).toBeGreaterThanOrEqual(0);
    touched.close();
  });

  it('refuses an emptied database, naming the file and what to do', async () => {
    await cleanShard();
    const { identity } = record();
    truncateSync(db, 0);
    expect(refusal(() => openShardFile(db))).toBe(
      `the shard database ${db} is empty, but ${recordPath(db)} records shard ${identity} in it; restore the database from a backup, or remove ${recordPath(db)} to start with an empty shard`,
    );
    rmSync(db);
    expect(refusal(() => openShardFile(db))).toMatch(/^the shard database .* is missing, but /);
    // As told: without the record, an empty shard starts.
    rmSync(recordPath(db));
    const fresh = openShardFile(db);
    expect(fresh.store.list({ cluster: 'c1', resource: '/configmaps' }).items).toHaveLength(0);
    fresh.close();
  });

  it("refuses another shard's database put in its place", async () => {
    await cleanShard();
    const mine = record().identity;
    const otherDir = mkdtempSync(join(tmpdir(), 'kcpx-shardfile-other-'));
    try {
      const other = openShardFile(join(otherDir, 'shard-root.db'));
      const theirs = other.store.identity()!;
      other.close();
      copyFileSync(join(otherDir, 'shard-root.db'), db);
      expect(refusal(() => openShardFile(db))).toBe(
        `the shard database ${db} holds shard ${theirs}, not shard ${mine} that ${recordPath(db)} records; put the right database back, or remove ${recordPath(db)} to use this one`,
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses a database whose stored objects were damaged while stopped (quick_check alone passes them)', async () => {
    await cleanShard();
    const bytes = readFileSync(db);
    const at = bytes.indexOf(MARKER);
    expect(at).toBeGreaterThan(0);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from([1, 2, 3]), 0, 3, at);
    closeSync(fd);
    expect(refusal(() => openShardFile(db))).toMatch(
      new RegExp(
        `^the shard database ${db} is damaged \\(the stored /configmaps default/cm-\\d of logical cluster c1 is not valid JSON\\); restore it from a backup, or move ${db}\\* and ${recordPath(db)} aside to start with an empty shard$`,
      ),
    );
  });

  it('refuses a database whose pages were damaged, and a file that is not a database', async () => {
    await cleanShard(200);
    const size = statSync(db).size;
    const fd = openSync(db, 'r+');
    // Page 3 onwards, overwritten: B-tree pages of the objects table and its index.
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 2 * 4096);
    closeSync(fd);
    expect(size).toBeGreaterThan(5 * 4096);
    expect(refusal(() => openShardFile(db))).toMatch(
      new RegExp(`^the shard database ${db} is damaged \\(.+\\); restore it from a backup, or move `),
    );

    writeFileSync(db, Buffer.alloc(8192, 0x5a));
    expect(refusal(() => openShardFile(db))).toMatch(/is damaged \((quick_check: )?file is not a database\)/);
  });

  it('adopts a database from a kcpx that kept no record, checking it first', async () => {
    await cleanShard();
    const { identity } = record();
    rmSync(recordPath(db));
    const adopted = openShardFile(db);
    expect(adopted.checkedMs).toBeGreaterThanOrEqual(0);
    expect(adopted.store.identity()).toBe(identity);
    adopted.close();
    expect(record().identity).toBe(identity);
  });
});
