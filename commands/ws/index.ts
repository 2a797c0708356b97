import { Args, Flags } from '@oclif/core';
import { cliError } from '../../src/errors/catalogue.js';
import { KcpxCommand, session } from '../../src/command.js';
import { use } from '../../src/workspace/ops.js';
import { wsFlags } from '../../src/ws-flags.js';

export default class Ws extends KcpxCommand {
  static override summary = 'Move between workspaces (like cd): `ws <path>`, `ws ..`, `ws -`, `ws ~`, `ws .`.';
  static override description =
    'With no argument, goes to your home workspace. Paths with a leading ":" are absolute (:root:a), others are relative to the current workspace. Also installed as `kubectl ws`.';
  static override examples = [
    '<%= config.bin %> ws .',
    '<%= config.bin %> ws -i',
    '<%= config.bin %> ws my-workspace',
    '<%= config.bin %> ws :root:org:team',
    '<%= config.bin %> ws ..',
    '<%= config.bin %> ws -',
    '<%= config.bin %> ws',
    '<%= config.bin %> ws tree',
    '<%= config.bin %> ws create my-workspace --enter',
  ];
  static override args = { path: Args.string({ description: 'Workspace path, name, ., .., -, ~ or :absolute:path.', required: false }) };
  static override flags = {
    ...wsFlags,
    interactive: Flags.boolean({
      char: 'i',
      description: 'Browse the workspace tree and switch with Enter (terminals only).',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Ws);
    const s = session(flags);
    try {
      if (flags.interactive) {
        if (args.path) throw cliError('interactiveWithArguments');
        // ink and react take a second to load: only the browser loads them.
        const { browse } = await import('../../src/workspace/interactive.js');
        const chosen = await browse(s);
        if (chosen) this.log((await use(s, `:${chosen}`)).message);
        return;
      }
      const r = await use(s, args.path ?? '', flags.short);
      for (const n of r.notes) process.stderr.write(`${n}\n`);
      if (r.message) this.log(r.message);
    } finally {
      await s.close();
    }
  }
}
