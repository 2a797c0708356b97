// The daemon process: `node dist/daemon/main.js --root-dir D --port P [--bind B] [--ephemeral] …`. Prints one
// `{"event":"ready",…}` line on stdout when it serves; a failure to start prints `{"event":"error","message":…}` there
// (the one line the CLI shows), goes to stderr (the log) and exits 1.
//
// Start-up is ordered for wall time: the root directory is locked first (nothing is written there before), while the
// control plane is imported. Most of a cold start is loading modules, so the control plane imports only what its mode
// and batteries use (generic/optional-modules.ts), and the API machinery loads once it serves (endpoints/api-handler.ts);
// certificates take a few milliseconds (auth/certificate.ts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DaemonOptions, RunningDaemon } from './control-plane.js';
import { survivePipeAndDiskErrors, writeLog } from './support/log.js';
import { prepareRootDir } from '../src/rootdir/dir.js';
import { acquireRootLock } from '../src/rootdir/lock.js';
import { CliError, type StartFailure } from '../src/errors/catalogue.js';

export type { DaemonOptions, RunningDaemon } from './control-plane.js';

export function parseArgs(argv: string[]): DaemonOptions {
  const opts: DaemonOptions = { rootDir: '.kcpx', port: 6443, bind: '127.0.0.1', ephemeral: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    switch (flag) {
      case '--root-dir':
        opts.rootDir = value();
        break;
      case '--port':
        opts.port = Number(value());
        break;
      case '--bind':
        opts.bind = value();
        break;
      case '--ephemeral':
        opts.ephemeral = true;
        break;
      case '--batteries':
        opts.batteries = [...(opts.batteries ?? []), value()];
        break;
      case '--mode':
        opts.mode = value();
        break;
      case '--event-retention':
        opts.eventRetention = Number(value());
        break;
      case '--min-request-timeout':
        opts.minRequestTimeout = Number(value());
        break;
      default:
        throw new Error(`unknown flag ${a}`);
    }
  }
  return opts;
}

/** Passed by a starter that created the root directory for this daemon (src/launcher.ts). */
const ROOT_DIR_CREATED_FLAG = '--root-dir-created';

async function runFromCommandLine(): Promise<void> {
  survivePipeAndDiskErrors();
  // Signals are handled from the start: one that arrived between the ready line and its handler would end the process
  // by the default action, with no clean stop (the next start would check the database). One that arrives while the
  // daemon starts stops it as soon as it has started.
  let daemon: RunningDaemon | undefined;
  let stopRequested = false;
  const shutdown = () => {
    if (!daemon) {
      stopRequested = true;
      return;
    }
    daemon.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        writeLog(`kcpx: stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGHUP', shutdown);
  try {
    // `kcpx start --detach` creates the root directory (its log goes there) and says so: what a start created, an
    // ephemeral daemon removes when it stops.
    const argv = process.argv.slice(2);
    const createdByStarter = argv.includes(ROOT_DIR_CREATED_FLAG);
    const opts = parseArgs(argv.filter((a) => a !== ROOT_DIR_CREATED_FLAG));
    // The control plane loads while the root directory is locked (loading writes nothing there): the loader reads its
    // files off the main thread, which the lock's database keeps busy meanwhile.
    const controlPlane = import('./control-plane.js');
    controlPlane.catch(() => {});
    const rootDir = resolve(opts.rootDir);
    const created = prepareRootDir(rootDir).created || createdByStarter;
    const root = { lock: acquireRootLock(rootDir), created };
    const { startDaemon } = await controlPlane;
    daemon = await startDaemon({ ...opts, root });
  } catch (err) {
    const message = (err as Error).message;
    writeLog(`kcpx: ${message}\n`);
    // A failure from the CLI's catalogue keeps its id, so the CLI exits with its class's status.
    const failure: StartFailure = { message, ...(err instanceof CliError ? { id: err.id } : {}) };
    process.stdout.write(`${JSON.stringify({ event: 'error', ...failure })}\n`);
    process.exit(1);
  }
  if (stopRequested) return shutdown();
  process.stdout.write(`${JSON.stringify({ event: 'ready', url: daemon.url, kubeconfig: daemon.kubeconfigPath, pid: process.pid })}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  void runFromCommandLine();
}
