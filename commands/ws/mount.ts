import { Args, Flags } from '@oclif/core';
import { KcpxCommand, kubeconfigFlags, session } from '../../src/command.js';
import { mount } from '../../src/workspace/mount.js';

export default class WsMount extends KcpxCommand {
  static override summary = 'Mount another Kubernetes API (kcpx, kcp, any cluster) as a workspace of the current workspace.';
  static override description =
    "Creates a Secret with the target kubeconfig, a KubeCluster (mounts.contrib.kcp.io/v1alpha1) and a Workspace with spec.mount, then waits until the mount is Ready. Requests to the workspace are proxied with the target's credentials.";
  static override examples = [
    '<%= config.bin %> ws mount b --target-kubeconfig /tmp/other/admin.kubeconfig',
    '<%= config.bin %> ws mount prod --target-kubeconfig ~/.kube/config --target-context prod',
    '<%= config.bin %> ws mount b --url https://10.0.0.1:6443 --token $TOKEN --ca-file ca.crt',
    '<%= config.bin %> ws mount b --update --target-kubeconfig /tmp/other/admin.kubeconfig',
  ];
  static override args = { name: Args.string({ description: 'Name of the mounted workspace.', required: true }) };
  static override flags = {
    context: kubeconfigFlags.context,
    kubeconfig: Flags.string({
      description: 'Kubeconfig of the TARGET to mount (your own kubeconfig comes from $KUBECONFIG or --local-kubeconfig).',
    }),
    'target-kubeconfig': Flags.string({ description: 'Kubeconfig of the target (same as --kubeconfig).' }),
    'target-context': Flags.string({ description: 'Context of the target kubeconfig to use.' }),
    'local-kubeconfig': Flags.string({ description: 'Your kubeconfig (default: $KUBECONFIG, then ~/.kube/config).' }),
    url: Flags.string({ description: 'Target API server URL (instead of a kubeconfig).' }),
    token: Flags.string({ description: 'Bearer token for --url.' }),
    'ca-file': Flags.string({ description: 'CA certificate file for --url.' }),
    'insecure-skip-tls-verify': Flags.boolean({ description: "Do not verify the target's certificate (--url only).", default: false }),
    update: Flags.boolean({
      description: 'Point the existing mount NAME at the target given (it moved, or restarted with new credentials).',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(WsMount);
    const s = session({ kubeconfig: flags['local-kubeconfig'], context: flags.context });
    const target = flags['target-kubeconfig'] ?? flags.kubeconfig;
    try {
      await mount(
        s,
        args.name,
        {
          ...(target ? { kubeconfig: target } : {}),
          ...(flags['target-context'] ? { context: flags['target-context'] } : {}),
          ...(flags.url ? { url: flags.url } : {}),
          ...(flags.token ? { token: flags.token } : {}),
          ...(flags['ca-file'] ? { caFile: flags['ca-file'] } : {}),
          insecure: flags['insecure-skip-tls-verify'],
          update: flags.update,
        },
        (l) => this.log(l),
      );
    } finally {
      await s.close();
    }
  }
}
