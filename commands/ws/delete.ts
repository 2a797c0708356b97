import { Args } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../src/command.js';
import { remove } from '../../src/workspace/ops.js';

export default class WsDelete extends KcpxCommand {
  static override summary = 'Delete a workspace of the current workspace, with everything below it.';
  static override examples = ['<%= config.bin %> ws delete team-a'];
  static override args = { name: Args.string({ description: 'Name of the workspace to delete.', required: true }) };
  static override flags = kubeconfigFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WsDelete);
    const s = session(flags);
    try {
      await remove(s, args.name, (l) => this.log(l));
    } finally {
      await s.close();
    }
  }
}
