// The daemon's state file (`<root>/kcpx.json`): written by the daemon when it serves, read by the CLI. Only the daemon
// holding the root directory's lock (src/rootdir/lock.ts) writes or removes it, so at any moment it describes that daemon or
// is left over from one that was killed; readers never remove it (a new daemon may be writing it that very moment).
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from './dir.js';

export const STATE_FILE = 'kcpx.json';
export const KUBECONFIG_FILE = 'admin.kubeconfig';

export interface DaemonState {
  pid: number;
  url: string;
  port: number;
  bind: string;
  rootDir: string;
  kubeconfig: string;
  ephemeral: boolean;
  startedAt: string;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** An exited process its parent has not reaped yet still answers signal 0; on Linux /proc tells it apart. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

function readRecorded(rootDir: string): DaemonState | undefined {
  try {
    return JSON.parse(readFileSync(join(rootDir, STATE_FILE), 'utf8')) as DaemonState;
  } catch {
    return undefined;
  }
}

/**
 * The recorded daemon if its process is alive. A pid can be reused after a crash: whoever acts on the process (stop)
 * also checks that the root directory's lock is held (see launcher.ts runningDaemon).
 */
export function readState(rootDir: string): DaemonState | undefined {
  const s = readRecorded(rootDir);
  return s && isAlive(s.pid) ? s : undefined;
}

/** Written atomically (readers never see half of it), 0600. Only the lock holder calls this. */
export function writeState(rootDir: string, state: DaemonState): void {
  writePrivateFile(join(rootDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** Removes the state file if it is `pid`'s: a daemon removes its own record, never another's. */
export function removeOwnState(rootDir: string, pid: number): void {
  if (readRecorded(rootDir)?.pid === pid) rmSync(join(rootDir, STATE_FILE), { force: true });
}

/** A record left by a daemon that was killed, removed by the next lock holder before anything else. */
export function removeStaleState(rootDir: string): void {
  rmSync(join(rootDir, STATE_FILE), { force: true });
}
