import { Flags } from '@oclif/core';
import { resolve } from 'node:path';
import { KcpxCommand, rootDirFlag } from '../src/command.js';
import { startDetached, startForeground } from '../src/launcher.js';
import { batteriesHelp } from '../src/batteries/batteries.js';
import { controlPlaneFlags } from '../src/batteries/flags.js';

export default class Start extends KcpxCommand {
  static override summary = 'Start a local kcpx control plane (front proxy + shard on SQLite).';
  static override description = `Runs in the foreground until Ctrl-C unless --detach is given. Writes <root-dir>/admin.kubeconfig with the context \`root\`.\n\n${batteriesHelp()}`;
  static override examples = [
    '<%= config.bin %> start',
    '<%= config.bin %> start --detach --port 0',
    '<%= config.bin %> start --ephemeral --detach --root-dir /tmp/cp && KUBECONFIG=/tmp/cp/admin.kubeconfig kubectl get ns',
    '<%= config.bin %> start --mode generic --batteries none',
    '<%= config.bin %> start --batteries=-flowcontrol,+apiservices',
  ];
  static override flags = {
    ...rootDirFlag,
    port: Flags.integer({ description: 'HTTPS port (0 picks a free one).', default: 6443 }),
    bind: Flags.string({ description: 'Address to listen on.', default: '127.0.0.1' }),
    detach: Flags.boolean({ description: 'Return once the control plane is ready and leave it running.', default: false }),
    ephemeral: Flags.boolean({ description: 'Keep data in memory; nothing stays on disk after stop.', default: false }),
    ...controlPlaneFlags,
    json: Flags.boolean({ description: 'Print machine-readable status.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Start);
    const opts = {
      rootDir: flags['root-dir'],
      port: flags.port,
      bind: flags.bind,
      ephemeral: flags.ephemeral,
      ...(flags.batteries ? { batteries: flags.batteries } : {}),
      mode: flags.mode,
    };
    const show = (url: string, kubeconfig: string, pid: number) => {
      if (flags.json) {
        this.log(JSON.stringify({ running: true, ready: true, url, kubeconfig, pid, rootDir: resolve(flags['root-dir']) }));
        return;
      }
      this.log(`kcpx is ready at ${url} (pid ${pid}).`);
      // Absolute: the export still holds after a cd.
      this.log(
        `Use it with:\n  export KUBECONFIG=${resolve(kubeconfig)}\n  ${flags.mode === 'generic' ? 'kubectl api-resources' : 'kubectl ws tree'}`,
      );
    };
    if (flags.detach) {
      if (process.stderr.isTTY && !flags.json) process.stderr.write('Starting kcpx…\n');
      const ready = await startDetached(opts);
      show(ready.url, ready.kubeconfig, ready.pid);
      if (!flags.json) this.log(`Stop it with: kcpx stop${flags['root-dir'] === '.kcpx' ? '' : ` --root-dir ${flags['root-dir']}`}`);
      return;
    }
    const { ready, child, exited } = await startForeground(opts);
    show(ready.url, ready.kubeconfig, ready.pid);
    if (!flags.json) this.log('Press Ctrl-C to stop.');
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    const code = await exited;
    this.exit(code);
  }
}
