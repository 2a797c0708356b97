// The base of every kcpx command: shared flags, and errors printed as one line (stack traces only with --debug).
import { Command, Flags } from '@oclif/core';
import { CliError, cliError } from './errors/catalogue.js';
import { Session } from './workspace/session.js';

export abstract class KcpxCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({ description: 'Print stack traces on errors.', default: false, helpGroup: 'GLOBAL' }),
  };

  protected override async catch(err: Error & { oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own: its parse errors (usage, exit 2, with the command's help) and this.exit().
    if (err.oclif?.exit !== undefined) return super.catch(err);
    const failure = err instanceof CliError ? err : cliError('unexpected', String(err.message).split('\n')[0]!);
    process.stderr.write(`Error: ${failure.message}\n`);
    if (this.argv.includes('--debug') && err.stack) process.stderr.write(`${err.stack}\n`);
    this.exit(failure.exitCode);
  }
}

export const kubeconfigFlags = {
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config).' }),
  context: Flags.string({ description: 'The kubeconfig context to use.' }),
};

export function session(flags: { kubeconfig?: string | undefined; context?: string | undefined }): Session {
  const opts: { kubeconfig?: string; context?: string } = {};
  if (flags.kubeconfig) opts.kubeconfig = flags.kubeconfig;
  if (flags.context) opts.context = flags.context;
  return new Session(opts);
}

export const rootDirFlag = {
  'root-dir': Flags.string({
    description: 'Directory holding the control plane data, certificates and admin.kubeconfig.',
    default: '.kcpx',
  }),
};
