import { Args } from '@oclif/core';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KcpxCommand } from '../src/command.js';
import { cliError } from '../src/errors/catalogue.js';
import { startDetached, stopDaemon } from '../src/launcher.js';
import { controlPlaneFlags } from '../src/batteries/flags.js';

export default class Run extends KcpxCommand {
  static override summary = 'Run a command against a fresh, ephemeral control plane, then tear it down.';
  static override description =
    "KUBECONFIG is set for the command. kcpx exits with the command's exit code and leaves no process or file behind, even when the command fails or is interrupted.";
  static override examples = [
    '<%= config.bin %> run -- kubectl get namespaces',
    '<%= config.bin %> run -- npm test',
    '<%= config.bin %> run --batteries=-crds -- ./e2e.sh',
    '<%= config.bin %> run --mode generic --batteries leases,crds -- ./e2e.sh',
  ];
  static override strict = false;
  static override args = { command: Args.string({ description: 'The command to run (after --).', required: true }) };
  static override flags = {
    ...controlPlaneFlags,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Run);
    const cmd = argv as string[];
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-run-'));
    let cleaned = false;
    const cleanup = async () => {
      if (cleaned) return;
      cleaned = true;
      await stopDaemon(dir).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    };
    let code = 1;
    try {
      const ready = await startDetached({
        rootDir: dir,
        port: 0,
        bind: '127.0.0.1',
        ephemeral: true,
        ...(flags.batteries ? { batteries: flags.batteries } : {}),
        mode: flags.mode,
      });
      code = await new Promise<number>((resolve) => {
        const child = spawn(cmd[0]!, cmd.slice(1), { stdio: 'inherit', env: { ...process.env, KUBECONFIG: ready.kubeconfig } });
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
      await cleanup();
    }
    this.exit(code);
  }
}
