import { Flags } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../src/command.js';
import { tree } from '../../src/workspace/ops.js';

export default class WsTree extends KcpxCommand {
  static override summary = 'Print the workspace tree below the current workspace; mounts are marked [m].';
  static override examples = ['<%= config.bin %> ws tree', '<%= config.bin %> ws tree --full'];
  static override flags = {
    ...kubeconfigFlags,
    full: Flags.boolean({ char: 'f', description: 'Show full paths.', default: false }),
    wide: Flags.boolean({ description: 'Show workspace and logical cluster status for each node.', default: false }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(WsTree);
    const s = session(flags);
    try {
      process.stdout.write(await tree(s, { full: flags.full, wide: flags.wide }));
    } finally {
      await s.close();
    }
  }
}
