// The daemon's state file (`<root>/kcpx.json`), its pid file: written by the daemon when ready, read by the CLI.
// A record whose process is gone is stale (a crashed daemon) and is removed on read.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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

export function readState(rootDir: string): DaemonState | undefined {
  const p = join(rootDir, STATE_FILE);
  if (!existsSync(p)) return undefined;
  try {
    const s = JSON.parse(readFileSync(p, 'utf8')) as DaemonState;
    if (isAlive(s.pid)) return s;
  } catch {
    // Unreadable: treat as stale.
  }
  rmSync(p, { force: true });
  return undefined;
}
