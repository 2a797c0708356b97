import { Args, Flags } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../src/command.js';
import { create } from '../../src/workspace/ops.js';

export default class WsCreate extends KcpxCommand {
  static override summary = 'Create a workspace in the current workspace and wait until it is ready.';
  static override description = 'Also installed as `kubectl create workspace`.';
  static override examples = [
    '<%= config.bin %> ws create team-a',
    '<%= config.bin %> ws create org --type root:organization --enter',
    '<%= config.bin %> ws create team-a --ignore-existing',
    'kubectl create workspace team-a --enter',
  ];
  static override args = { name: Args.string({ description: 'Name of the new workspace.', required: true }) };
  static override flags = {
    ...kubeconfigFlags,
    type: Flags.string({
      description: 'A workspace type (e.g. root:organization). The default depends on where the workspace is created.',
    }),
    enter: Flags.boolean({ description: 'Switch to the new workspace once it is ready.', default: false }),
    'ignore-existing': Flags.boolean({
      description: 'Succeed if the workspace already exists. Requires none or an absolute type path.',
      default: false,
    }),
    'location-selector': Flags.string({ description: 'A label selector choosing the shards the workspace may be scheduled to.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WsCreate);
    const s = session(flags);
    try {
      await create(
        s,
        args.name,
        {
          ...(flags.type ? { type: flags.type } : {}),
          enter: flags.enter,
          ignoreExisting: flags['ignore-existing'],
          ...(flags['location-selector'] ? { locationSelector: flags['location-selector'] } : {}),
        },
        (l) => this.log(l),
      );
    } finally {
      await s.close();
    }
  }
}
