import { Args } from '@oclif/core';
import { KcpxCommand, session } from '../../src/command.js';
import { use } from '../../src/workspace/ops.js';
import { wsFlags } from '../../src/ws-flags.js';

export default class WsUse extends KcpxCommand {
  static override summary = 'Switch the current workspace by editing the kubeconfig (alias: cd).';
  static override aliases = ['ws:cd'];
  static override examples = [
    '<%= config.bin %> ws use my-workspace',
    '<%= config.bin %> ws use :root:org',
    '<%= config.bin %> ws cd ..',
    '<%= config.bin %> ws use -',
  ];
  static override args = { path: Args.string({ description: 'Workspace path, name, ., .., -, ~ or :absolute:path.', required: true }) };
  static override flags = wsFlags;

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WsUse);
    const s = session(flags);
    try {
      const r = await use(s, args.path, flags.short);
      for (const n of r.notes) process.stderr.write(`${n}\n`);
      if (r.message) this.log(r.message);
    } finally {
      await s.close();
    }
  }
}
