import { Args, Flags } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../../src/command.js';
import { bindAPIExport } from '../../../src/apis/bind.js';

const list = (v: string | string[] | undefined) =>
  v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean);

export default class KcpBindAPIExport extends KcpxCommand {
  static override summary = 'Bind to an APIExport: create an APIBinding in the current workspace and wait until it is Bound.';
  static override examples = [
    '<%= config.bin %> kcp bind apiexport root:my-service:my-export',
    '<%= config.bin %> kcp bind apiexport root:my-service:my-export --name my-binding --accept-permission-claim configmaps.core',
  ];
  static override args = {
    reference: Args.string({ description: 'The APIExport, as <workspace path>:<export name>.', required: true }),
  };
  static override flags = {
    ...kubeconfigFlags,
    name: Flags.string({ description: 'Name of the APIBinding (default: the export name).' }),
    timeout: Flags.string({ description: 'How long to wait for the binding to be Bound (e.g. 30s, 1m).', default: '30s' }),
    'accept-permission-claim': Flags.string({
      description: 'A permission claim to accept, as resource.group (core for the core group).',
      multiple: true,
    }),
    'reject-permission-claim': Flags.string({ description: 'A permission claim to reject, as resource.group.', multiple: true }),
    'accept-all-permission-claims': Flags.boolean({ description: 'Accept every permission claim of the export.', default: false }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(KcpBindAPIExport);
    const s = session(flags);
    try {
      await bindAPIExport(s.client(), {
        reference: args.reference,
        ...(flags.name ? { name: flags.name } : {}),
        acceptClaims: list(flags['accept-permission-claim']),
        rejectClaims: list(flags['reject-permission-claim']),
        acceptAllClaims: flags['accept-all-permission-claims'],
        timeoutMs: durationMs(flags.timeout),
        workspace: s.location().path,
        log: (line) => this.log(line),
      });
    } finally {
      await s.close();
    }
  }
}

function durationMs(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return 30_000;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * unit;
}
