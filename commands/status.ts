import { Flags } from '@oclif/core';
import { KcpxCommand, rootDirFlag } from '../src/command.js';
import { daemonStatus, notRunningError, renderStatus } from '../src/status.js';

export default class Status extends KcpxCommand {
  static override summary = 'Show whether the control plane is running, where, and how big it is.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];
  static override flags = { ...rootDirFlag, json: Flags.boolean({ description: 'Print JSON.', default: false }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const st = await daemonStatus(flags['root-dir']);
    if (!st) {
      const notRunning = notRunningError(flags['root-dir']);
      if (!flags.json) throw notRunning;
      this.log(JSON.stringify({ running: false, rootDir: flags['root-dir'] }));
      this.exit(notRunning.exitCode);
    }
    process.stdout.write(flags.json ? `${JSON.stringify(st)}\n` : renderStatus(st));
  }
}
