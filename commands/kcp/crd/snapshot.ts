import { readFileSync } from 'node:fs';
import { Flags } from '@oclif/core';
import { KcpxCommand } from '../../../src/command.js';
import { snapshot } from '../../../src/apis/snapshot.js';

export default class KcpCrdSnapshot extends KcpxCommand {
  static override summary = 'Snapshot a CustomResourceDefinition into an APIResourceSchema named <prefix>.<resource>.<group>.';
  static override examples = ['<%= config.bin %> kcp crd snapshot -f crd.yaml --prefix v250101 > apiresourceschema.yaml'];
  static override flags = {
    filename: Flags.string({ char: 'f', description: 'Path to a file containing the CRD to convert, or - for stdin.', required: true }),
    prefix: Flags.string({ description: "Prefix to use for the APIResourceSchema's name, before <resource>.<group>.", required: true }),
    output: Flags.string({ char: 'o', description: 'Output format.', options: ['yaml', 'json'], default: 'yaml' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(KcpCrdSnapshot);
    const text = readFileSync(flags.filename === '-' ? 0 : flags.filename, 'utf8');
    process.stdout.write(snapshot(text, flags.prefix, flags.output as 'yaml' | 'json'));
  }
}
