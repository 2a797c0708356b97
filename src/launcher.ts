// Starting, finding and stopping the daemon process. The daemon takes the root directory's lock (src/rootdir/lock.ts) and
// writes `kcpx.json` (its pid file) and `admin.kubeconfig` into the directory when ready; it removes its own record
// when it stops. A record whose process is gone, or whose directory's lock is free, is left over from a killed daemon.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { daemonProcess } from './client/extra-ca-certs.js';
import { cliError, startFailure, type CliError, type StartFailure } from './errors/catalogue.js';
import { isAlive as alive, readState, type DaemonState } from './rootdir/state.js';
import { openPrivateForAppend, prepareRootDir } from './rootdir/dir.js';
import { isRootLocked } from './rootdir/lock.js';

/** The built daemon entry point, found from the package root whether this runs from dist/ or from source. */
function daemonEntry(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kcpx')
      return join(dir, 'dist/daemon/main.js');
    dir = dirname(dir);
  }
  return fileURLToPath(new URL('../daemon/main.js', import.meta.url));
}

const DAEMON_ENTRY = daemonEntry();

export interface StartOptions {
  rootDir: string;
  port: number;
  bind: string;
  ephemeral: boolean;
  batteries?: string;
  /** `kcp` (default) or `generic`. */
  mode?: string;
}

function daemonArgs(o: StartOptions, nodeArgs: string[], rootDirCreated = false): string[] {
  const args = [...nodeArgs, DAEMON_ENTRY, '--root-dir', resolve(o.rootDir), '--port', String(o.port), '--bind', o.bind];
  if (o.ephemeral) args.push('--ephemeral');
  if (o.batteries) args.push(`--batteries=${o.batteries}`);
  if (o.mode) args.push('--mode', o.mode);
  // An ephemeral daemon removes, when it stops, the root directory its start created.
  if (rootDirCreated) args.push('--root-dir-created');
  return args;
}

/** What the CLI can tell before spawning anything: a port out of range. */
function checkOptions(o: StartOptions): void {
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw cliError('invalidPort', o.port);
}

/**
 * The daemon serving a root directory: its record, if its process is alive and the directory's lock is held (a pid in
 * a record left by a killed daemon may belong to an unrelated process by now).
 */
export function runningDaemon(rootDir: string): DaemonState | undefined {
  const s = readState(rootDir);
  return s && isRootLocked(rootDir) ? s : undefined;
}

function checkNotRunning(rootDir: string): void {
  // A quick answer without spawning; the daemon's own lock decides (two starters may both get past this).
  const s = runningDaemon(rootDir);
  if (s) throw cliError('alreadyRunning', resolve(rootDir), s.pid, s.url, rootDir);
}

export interface Ready {
  url: string;
  kubeconfig: string;
  pid: number;
}

/**
 * Waits for the daemon's ready line on a stream; rejects with the daemon's own error (its `error` line, else the end
 * of its stderr) if it exits first. `log` names where the daemon's output goes, for the messages that point there.
 */
function waitReady(
  child: ChildProcess,
  lines: NodeJS.ReadableStream,
  stderr: () => string,
  timeoutMs: number,
  log?: string,
): Promise<Ready> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(cliError('daemonNotReady', timeoutMs / 1000, log)), timeoutMs);
    let failure: StartFailure | undefined;
    createInterface({ input: lines }).on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string } & Partial<StartFailure> & Ready;
        if (ev.event === 'ready') {
          clearTimeout(timer);
          res({ url: ev.url, kubeconfig: ev.kubeconfig, pid: ev.pid });
        } else if (ev.event === 'error' && typeof ev.message === 'string') {
          failure = { message: ev.message, id: ev.id };
        }
      } catch {
        // not a status line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      // The stdout pipe may still hold the error line when 'exit' fires; 'close' follows once it is read.
      child.once('close', () => {
        if (failure) return rej(startFailure(failure));
        const tail = stderr()
          .trim()
          .replace(/^kcpx: /, '');
        rej(tail ? startFailure({ message: tail }) : cliError('daemonExited', code, log));
      });
    });
  });
}

/** Starts a daemon that outlives this process; its output goes to `<root>/kcpx.log`. */
export async function startDetached(o: StartOptions): Promise<Ready> {
  checkOptions(o);
  checkNotRunning(o.rootDir);
  const rootDir = resolve(o.rootDir);
  const { created } = prepareRootDir(rootDir);
  const log = join(rootDir, 'kcpx.log');
  const errFd = openPrivateForAppend(log);
  // The log keeps earlier starts' output: a failure reports only what this start wrote.
  const logStart = fstatSync(errFd).size;
  const daemon = daemonProcess();
  const child = spawn(process.execPath, daemonArgs(o, daemon.nodeArgs, created), {
    detached: true,
    stdio: ['ignore', 'pipe', errFd],
    env: daemon.env,
  });
  closeSync(errFd);
  const readStderr = () => readLogFrom(log, logStart).split('\n').slice(-5).join('\n');
  try {
    const ready = await waitReady(child, child.stdout!, readStderr, 30_000, log);
    // Keep the child's stdout drained to /dev/null-like behaviour once we leave.
    child.stdout!.destroy();
    child.unref();
    return ready;
  } catch (err) {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    // Only a failure whose message points at the log keeps it, for the log.
    const id = (err as Partial<CliError>).id;
    if (id !== 'daemonExited' && id !== 'daemonNotReady') removeCreatedRootDir(rootDir, created, err);
    throw err;
  }
}

/**
 * A start that failed leaves no half-made root directory: what it created (and all in it) was this start's — unless
 * the start lost the directory to another daemon. Concurrent starts share the directory one of them created, and the
 * creator may be the one that loses the lock: it must not take the winner's files with it.
 */
function removeCreatedRootDir(rootDir: string, created: boolean, failure: unknown): void {
  const id = (failure as Partial<CliError>).id;
  if (!created || id === 'alreadyRunning' || id === 'alreadyStarting') return;
  rmSync(rootDir, { recursive: true, force: true });
}

function readLogFrom(path: string, offset: number): string {
  try {
    const all = readFileSync(path);
    return all.subarray(Math.min(offset, all.length)).toString('utf8');
  } catch {
    return '';
  }
}

/** Starts a daemon attached to this process (foreground); resolves when ready, `exited` when it stops. */
export async function startForeground(o: StartOptions): Promise<{ ready: Ready; child: ChildProcess; exited: Promise<number> }> {
  checkOptions(o);
  checkNotRunning(o.rootDir);
  const rootDir = resolve(o.rootDir);
  const { created } = prepareRootDir(rootDir);
  const daemon = daemonProcess();
  const child = spawn(process.execPath, daemonArgs(o, daemon.nodeArgs, created), { stdio: ['ignore', 'pipe', 'pipe'], env: daemon.env });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    process.stderr.write(d);
  });
  const exited = new Promise<number>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? 1 : 0))));
  try {
    const ready = await waitReady(child, child.stdout, () => err, 30_000);
    return { ready, child, exited };
  } catch (failure) {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    // Its output was on the terminal: nothing of a failed start's own directory is worth keeping.
    removeCreatedRootDir(rootDir, created, failure);
    throw failure;
  }
}

/**
 * Stops the daemon of a root directory: SIGTERM, then SIGKILL after 10 s. Returns whether one was running. The
 * daemon removes its own state file; after a SIGKILL the record stays behind, stale, until the next start.
 */
export async function stopDaemon(rootDir: string): Promise<boolean> {
  const s = runningDaemon(rootDir);
  if (!s) {
    if (isRootLocked(rootDir)) throw cliError('stillStarting', resolve(rootDir));
    return false;
  }
  process.kill(s.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(s.pid)) {
    if (Date.now() > deadline) {
      process.kill(s.pid, 'SIGKILL');
      break;
    }
    // A check is a signal and a read of /proc: polling often costs nothing, and `kcpx run` returns when this does.
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}
