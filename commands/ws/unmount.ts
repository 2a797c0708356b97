import { Args } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../src/command.js';
import { unmount } from '../../src/workspace/mount.js';

export default class WsUnmount extends KcpxCommand {
  static override summary = 'Remove a mounted workspace with its KubeCluster and Secret.';
  static override examples = ['<%= config.bin %> ws unmount b'];
  static override args = { name: Args.string({ description: 'Name of the mounted workspace.', required: true }) };
  static override flags = kubeconfigFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WsUnmount);
    const s = session(flags);
    try {
      await unmount(s, args.name, (l) => this.log(l));
    } finally {
      await s.close();
    }
  }
}
