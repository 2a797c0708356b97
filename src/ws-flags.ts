// Flags of the workspace commands.
import { Flags } from '@oclif/core';
import { kubeconfigFlags } from './command.js';

export const wsFlags = {
  ...kubeconfigFlags,
  short: Flags.boolean({ description: 'Print only the name of the workspace, e.g. for a shell prompt.', default: false }),
};
