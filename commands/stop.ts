import { KcpxCommand, rootDirFlag } from '../src/command.js';
import { stopDaemon } from '../src/launcher.js';

export default class Stop extends KcpxCommand {
  static override summary = 'Stop the control plane started from a root directory.';
  static override examples = ['<%= config.bin %> stop', '<%= config.bin %> stop --root-dir /tmp/cp'];
  static override flags = { ...rootDirFlag };

  async run(): Promise<void> {
    const { flags } = await this.parse(Stop);
    const stopped = await stopDaemon(flags['root-dir']);
    this.log(stopped ? 'kcpx stopped.' : `kcpx is not running for ${flags['root-dir']}; nothing to stop.`);
  }
}
