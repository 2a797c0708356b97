// `kcpx run -- CMD…`: a fresh ephemeral control plane for one command, torn down whatever happens — shared by the
// oclif command and bin/kcpx's lean path (src/lean.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './client/extra-ca-certs.js';
import { cliError } from './errors/catalogue.js';
import { startDetached, stopDaemon, type StartOptions } from './launcher.js';

/** Runs `cmd` with KUBECONFIG set; resolves with its exit status (127 when it cannot be started). */
export async function runEphemeral(cmd: readonly string[], opts: Pick<StartOptions, 'batteries' | 'mode'> = {}): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-run-'));
  try {
    const ready = await startDetached({ rootDir: dir, port: 0, bind: '127.0.0.1', ephemeral: true, ...opts });
    return await new Promise<number>((resolve) => {
      const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env: childEnv({ KUBECONFIG: ready.kubeconfig }) });
      const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
      process.on('SIGINT', forward('SIGINT'));
      process.on('SIGTERM', forward('SIGTERM'));
      child.on('error', (err) => {
        // A command that cannot be started ends the run as a shell ends it (status 127), after the teardown.
        const failure = cliError('cannotExecute', cmd[0]!, err.message);
        process.stderr.write(`Error: ${failure.message}\n`);
        resolve(failure.exitCode);
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 + 2 : 1)));
    });
  } finally {
    await stopDaemon(dir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
