import { Flags } from '@oclif/core';
import { ApiClient } from '../src/client/api.js';
import { KcpxCommand, rootDirFlag } from '../src/command.js';
import { cliError } from '../src/errors/catalogue.js';
import { runningDaemon } from '../src/launcher.js';
import { current, loadKubeconfig } from '../src/client/kubeconfig.js';
import { parseClusterURL } from '../src/workspace/paths.js';

export default class Status extends KcpxCommand {
  static override summary = 'Show whether the control plane is running, where, and how big it is.';
  static override examples = ['<%= config.bin %> status', '<%= config.bin %> status --json'];
  static override flags = { ...rootDirFlag, json: Flags.boolean({ description: 'Print JSON.', default: false }) };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    const s = runningDaemon(flags['root-dir']);
    if (!s) {
      const notRunning = cliError(
        'notRunning',
        flags['root-dir'],
        `kcpx start${flags['root-dir'] === '.kcpx' ? '' : ` --root-dir ${flags['root-dir']}`}`,
      );
      if (!flags.json) throw notRunning;
      this.log(JSON.stringify({ running: false, rootDir: flags['root-dir'] }));
      this.exit(notRunning.exitCode);
    }
    const uptimeSeconds = Math.round((Date.now() - Date.parse(s.startedAt)) / 1000);
    let workspaces: number | undefined;
    let ready: boolean;
    try {
      const cur = current(loadKubeconfig(s.kubeconfig));
      const api = new ApiClient(parseClusterURL(cur.cluster.server)?.base ?? s.url, cur.cluster, cur.user);
      ready = (await api.call('GET', '/readyz')).status === 200;
      const m = await api.call<string>('GET', '/metrics');
      const line = String(m.body)
        .split('\n')
        .find((l) => l.startsWith('kcpx_logical_clusters '));
      if (line) workspaces = Number(line.split(' ')[1]);
      await api.close();
    } catch {
      ready = false;
    }
    const out = {
      running: true,
      ready,
      url: s.url,
      pid: s.pid,
      rootDir: s.rootDir,
      kubeconfig: s.kubeconfig,
      shards: 1,
      workspaces,
      uptimeSeconds,
      ephemeral: s.ephemeral,
    };
    if (flags.json) {
      this.log(JSON.stringify(out));
      return;
    }
    this.log(`kcpx is running${ready ? '' : ' (not ready)'} at ${out.url}`);
    this.log(`  pid:        ${out.pid}`);
    this.log(`  root dir:   ${out.rootDir}${out.ephemeral ? ' (ephemeral)' : ''}`);
    this.log(`  kubeconfig: ${out.kubeconfig}`);
    this.log(`  shards:     ${out.shards}`);
    if (workspaces !== undefined) this.log(`  logical clusters: ${workspaces}`);
    this.log(`  uptime:     ${uptimeSeconds}s`);
  }
}
