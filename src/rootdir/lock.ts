// One daemon per root directory: the lock a daemon takes before it touches anything in the directory and holds for
// its whole life.
//
// The lock is SQLite's file lock (POSIX fcntl, through better-sqlite3, already the daemon's storage) on `kcpx.lock`,
// an empty database held in an EXCLUSIVE transaction that never ends. Taking it is atomic, so of several starters
// exactly one wins; and the kernel drops it when its process dies, however it dies, so a kill -9'd daemon leaves no
// stale lock behind and nothing has to guess whether a recorded pid is still the daemon's.
//
// The file stays in place: a starter may have it open already. Only an ephemeral daemon that created the root
// directory removes it, still holding it, so a starter checks once it holds the lock that the path still names the
// file it locked, and tries again otherwise.
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { readState } from './state.js';
import { cliError, type CliError } from '../errors/catalogue.js';
import { makePrivate } from './dir.js';

export const LOCK_FILE = 'kcpx.lock';

/** How long a starter waits for the lock: a status probe holds it for a moment; a daemon holds it for its life. */
const WAIT_MS = 500;

export interface RootLock {
  /** Releases the lock (idempotent); with `remove`, deletes the lock file first, while still holding it. */
  release(opts?: { remove?: boolean }): void;
}

/** Loaded on first use: the CLI needs SQLite only to probe the lock (`kcpx stop`, `status`). */
function sqlite(): typeof Database {
  return createRequire(import.meta.url)('better-sqlite3') as typeof Database;
}

function inode(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** Takes the root directory's lock, or throws a one-line CLI error (`alreadyRunning`, `alreadyStarting`) naming the daemon that holds it. */
export function acquireRootLock(rootDir: string): RootLock {
  const path = join(rootDir, LOCK_FILE);
  // Another starter removing and recreating the file each time we look is another daemon coming and going.
  for (let attempt = 0; attempt < 10; attempt++) {
    const before = inode(path);
    if (before === undefined) {
      // Created by SQLite (closing a connection that holds no lock keeps every other lock on the file).
      new (sqlite())(path).close();
      makePrivate(path);
      continue;
    }
    const db = new (sqlite())(path);
    try {
      db.pragma(`busy_timeout = ${WAIT_MS}`);
      // No rollback journal beside the lock file: the transaction never writes anything.
      db.pragma('journal_mode = MEMORY');
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code === 'SQLITE_BUSY') throw heldError(rootDir);
      throw err;
    }
    if (inode(path) !== before) {
      // The file we locked was removed (and maybe replaced) meanwhile: lock the one the path names now.
      db.close();
      continue;
    }
    let held = true;
    return {
      release(opts = {}) {
        if (!held) return;
        held = false;
        if (opts.remove) {
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        }
        db.close();
      },
    };
  }
  throw heldError(rootDir);
}

/** Whether a daemon holds the root directory's lock (it may still be starting). Takes no lock a starter would miss for long. */
export function isRootLocked(rootDir: string): boolean {
  const path = join(rootDir, LOCK_FILE);
  if (!existsSync(path)) return false;
  let db: Database.Database;
  try {
    db = new (sqlite())(path, { readonly: true, fileMustExist: true });
  } catch {
    return false;
  }
  try {
    db.pragma('busy_timeout = 0');
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    db.close();
  }
}

function heldError(rootDir: string): CliError {
  const s = readState(rootDir);
  if (s) return cliError('alreadyRunning', rootDir, s.pid, s.url, rootDir);
  return cliError('alreadyStarting', rootDir, join(rootDir, LOCK_FILE));
}
