import { KcpxCommand, session } from '../../src/command.js';
import { current } from '../../src/workspace/ops.js';
import { wsFlags } from '../../src/ws-flags.js';

export default class WsCurrent extends KcpxCommand {
  static override summary = 'Print the current workspace (same as `ws .`).';
  static override examples = ['<%= config.bin %> ws current', '<%= config.bin %> ws current --short'];
  static override flags = wsFlags;

  async run(): Promise<void> {
    const { flags } = await this.parse(WsCurrent);
    const msg = current(session(flags), flags.short);
    if (msg) this.log(msg);
  }
}
