import { Args } from '@oclif/core';
import { KcpxCommand } from '../src/command.js';
import { runEphemeral } from '../src/run.js';
import { controlPlaneFlags } from '../src/batteries/flags.js';

export default class Run extends KcpxCommand {
  static override summary = 'Run a command against a fresh, ephemeral control plane, then tear it down.';
  static override description =
    "KUBECONFIG is set for the command. kcpx exits with the command's exit code and leaves no process or file behind, even when the command fails or is interrupted.";
  static override examples = [
    '<%= config.bin %> run -- kubectl get namespaces',
    '<%= config.bin %> run -- npm test',
    '<%= config.bin %> run --batteries=-crds -- ./e2e.sh',
    '<%= config.bin %> run --mode generic --batteries leases,crds -- ./e2e.sh',
  ];
  static override strict = false;
  static override args = { command: Args.string({ description: 'The command to run (after --).', required: true }) };
  static override flags = {
    ...controlPlaneFlags,
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Run);
    const code = await runEphemeral(argv as string[], { ...(flags.batteries ? { batteries: flags.batteries } : {}), mode: flags.mode });
    this.exit(code);
  }
}
