// A shard's database file and the record kcpx keeps beside it (`shard-root.json` for `shard-root.db`), so that a
// database that was emptied, swapped or damaged while kcpx was stopped is refused at start with one line that names
// the file and says what to do, instead of a shard that silently starts empty or fails reads later.
//
// The record holds the shard's identity, which the database holds too (an emptied or swapped database no longer
// matches it), and, after a clean stop, the database file's size and modification time. A start whose record has
// them, with no write-ahead log left behind and the file unchanged, skips the checks (integrity.ts): a clean restart
// stays fast. Anything else — a kill -9, a crash, a file touched while stopped, a root directory from an older kcpx —
// runs them first.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { writePrivateFile } from '../../../src/rootdir/dir.js';
import { DamagedDatabaseError, SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

interface ShardRecord {
  identity: string;
  /** The database file as a clean stop left it; absent while a daemon uses it. */
  cleanStop?: { size: number; mtimeMs: number };
}

/** A shard database refused at start: the message is the one line the user sees. */
export class ShardFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardFileError';
  }
}

export interface ShardFile {
  store: SqliteStore;
  /** How long the checks took when the start ran them (the last stop was not clean, or the file changed since). */
  checkedMs: number | undefined;
  /** Closes the store and, when the database file is complete on its own, records the clean stop. */
  close(): void;
}

export function recordPath(dbPath: string): string {
  return `${dbPath.replace(/\.db$/, '')}.json`;
}

function readRecord(path: string): ShardRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(path, 'utf8')) as ShardRecord;
    return typeof r.identity === 'string' && r.identity ? r : undefined;
  } catch {
    return undefined;
  }
}

function writeRecord(path: string, r: ShardRecord): void {
  writePrivateFile(path, `${JSON.stringify(r)}\n`);
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Opens the shard database at `dbPath`, refusing (ShardFileError) one that is not the shard recorded beside it. */
export function openShardFile(dbPath: string, opts: Omit<SqliteStoreOptions, 'path' | 'check'> = {}): ShardFile {
  const recPath = recordPath(dbPath);
  const record = readRecord(recPath);
  const before = statOf(dbPath);
  const fresh = !before || before.size === 0;
  const startOver = `move ${dbPath}* and ${recPath} aside to start with an empty shard`;
  if (record && fresh) {
    throw new ShardFileError(
      `the shard database ${dbPath} is ${before ? 'empty' : 'missing'}, but ${recPath} records shard ${record.identity} in it; restore the database from a backup, or remove ${recPath} to start with an empty shard`,
    );
  }
  const clean = record?.cleanStop;
  const unchanged = clean !== undefined && before !== undefined && before.size === clean.size && before.mtimeMs === clean.mtimeMs;
  const check = !fresh && (!unchanged || existsSync(`${dbPath}-wal`));
  // In use from here on: a crash from now leaves a record without a clean stop.
  if (record && clean) writeRecord(recPath, { identity: record.identity });

  let store: SqliteStore;
  const opened = performance.now();
  try {
    store = new SqliteStore({ ...opts, path: dbPath, check });
  } catch (err) {
    if (err instanceof DamagedDatabaseError)
      throw new ShardFileError(`the shard database ${dbPath} is damaged (${err.detail}); restore it from a backup, or ${startOver}`);
    throw err;
  }
  try {
    const held = store.identity();
    let identity: string;
    if (record) {
      if (held !== record.identity) {
        throw new ShardFileError(
          held
            ? `the shard database ${dbPath} holds shard ${held}, not shard ${record.identity} that ${recPath} records; put the right database back, or remove ${recPath} to use this one`
            : `the shard database ${dbPath} holds no shard, but ${recPath} records shard ${record.identity} in it; restore the database from a backup, or ${startOver}`,
        );
      }
      identity = record.identity;
    } else {
      // A new shard, one from a kcpx that kept no record, or a record that was removed: the database's identity
      // (a new one if it has none) is recorded.
      identity = held ?? randomUUID();
      if (!held) store.setIdentity(identity);
      writeRecord(recPath, { identity });
    }
    return {
      store,
      checkedMs: check ? Math.round(performance.now() - opened) : undefined,
      close() {
        store.close();
        // A log left behind (its final checkpoint failed) means the file alone is not the shard: no clean stop.
        const after = statOf(dbPath);
        if (!after || existsSync(`${dbPath}-wal`)) return;
        writeRecord(recPath, { identity, cleanStop: { size: after.size, mtimeMs: after.mtimeMs } });
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
