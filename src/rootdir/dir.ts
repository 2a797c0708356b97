// The root directory holds every Secret of every workspace (the shard database), the CA key and the admin token, so
// it is private to its owner, as kcp keeps its own: the directory 0700, every file kcpx writes in it 0600, whatever
// the process umask (modes are set explicitly after creating, since a umask can only take bits away).
//
// An existing directory with looser modes is tightened when it belongs to the user starting kcpx: it is what an
// older kcpx (or `mkdir`) left, and the user asked for it to hold the control plane. A directory that is not the
// user's own — another user's, or a shared one such as /tmp (sticky bit) — is refused instead: changing its modes
// would break someone else's use of it, and its owner could swap our files under us.
import { chmodSync, fchmodSync, lstatSync, mkdirSync, openSync, renameSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { cliError } from '../errors/catalogue.js';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** Every file kcpx writes into a root directory (the shard database's WAL and shared-memory files included). */
const ROOT_FILES = [
  'kcpx.json',
  'kcpx.lock',
  'kcpx.log',
  'admin.kubeconfig',
  'ca.crt',
  'ca.key',
  'apiserver.crt',
  'apiserver.key',
  'shard-root.db',
  'shard-root.db-wal',
  'shard-root.db-shm',
  'shard-root.db-journal',
  'shard-root.json',
];

/**
 * Creates the root directory (0700) or checks and tightens an existing one; tightens the kcpx files already in it.
 * Returns whether the directory was created now. Throws a one-line CLI error for a directory that is not ours.
 */
export function prepareRootDir(dir: string): { created: boolean } {
  const notADirectory = () => cliError('rootDirNotADirectory', dir);
  let created: boolean;
  try {
    created = mkdirSync(dir, { recursive: true, mode: DIR_MODE }) !== undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notADirectory();
    throw err;
  }
  const st = statSync(dir);
  if (!st.isDirectory()) throw notADirectory();
  if (!created) refuseForeign(dir, st);
  if ((st.mode & 0o7777) !== DIR_MODE) chmodSync(dir, DIR_MODE);
  for (const name of ROOT_FILES) {
    let f: Stats;
    try {
      f = lstatSync(join(dir, name));
    } catch {
      continue;
    }
    // A symlink's target is not ours to change; only regular files kcpx wrote are tightened.
    if (f.isFile() && (f.mode & 0o777) !== FILE_MODE) chmodSync(join(dir, name), FILE_MODE);
  }
  return { created };
}

function refuseForeign(dir: string, st: Stats): void {
  const uid = process.getuid?.();
  if (uid === undefined) return;
  if (st.uid !== uid) {
    throw cliError('rootDirForeign', dir, st.uid, uid);
  }
  if (st.mode & 0o1000) {
    throw cliError('rootDirShared', dir, join(dir, 'kcpx'));
  }
}

/**
 * Makes a file other code created with its own default mode 0600 (SQLite creates files 0644 and gives a database's
 * -wal and -shm files the database's mode, so the database is tightened right after it is opened). By path, never
 * through a file descriptor: closing any descriptor of a file drops every POSIX lock this process holds on it, and
 * SQLite locks the databases and the root directory's lock file that way.
 */
export function makePrivate(path: string): void {
  if ((statSync(path).mode & 0o777) !== FILE_MODE) chmodSync(path, FILE_MODE);
}

/** Opens a file kcpx writes (its log) for appending, 0600 whatever the umask. */
export function openPrivateForAppend(path: string): number {
  const fd = openSync(path, 'a', FILE_MODE);
  fchmodSync(fd, FILE_MODE);
  return fd;
}

/** Writes a whole file through a temporary one and a rename (readers never see half of it), 0600. */
export function writePrivateFile(path: string, data: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: FILE_MODE });
  chmodSync(tmp, FILE_MODE);
  renameSync(tmp, path);
}
