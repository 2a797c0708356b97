// `kcpx status`: whether a root directory's daemon runs, where, and how big it is — shared by the oclif command and
// bin/kcpx's lean path (src/lean.ts).
import { ApiClient } from './client/api.js';
import { current, loadKubeconfig } from './client/kubeconfig.js';
import { cliError, type CliError } from './errors/catalogue.js';
import { runningDaemon } from './launcher.js';
import { parseClusterURL } from './workspace/paths.js';

export interface DaemonStatus {
  running: true;
  ready: boolean;
  url: string;
  pid: number;
  rootDir: string;
  kubeconfig: string;
  shards: number;
  /** The shard's logical clusters (`kcpx_logical_clusters`), when /metrics answered. */
  logicalClusters?: number;
  uptimeSeconds: number;
  ephemeral: boolean;
}

export function notRunningError(rootDir: string): CliError {
  return cliError('notRunning', rootDir, `kcpx start${rootDir === '.kcpx' ? '' : ` --root-dir ${rootDir}`}`);
}

/** The status of the daemon of `rootDir`, or undefined when none runs. */
export async function daemonStatus(rootDir: string): Promise<DaemonStatus | undefined> {
  const s = runningDaemon(rootDir);
  if (!s) return undefined;
  let logicalClusters: number | undefined;
  let ready: boolean;
  try {
    const cur = current(loadKubeconfig(s.kubeconfig));
    const api = new ApiClient(parseClusterURL(cur.cluster.server)?.base ?? s.url, cur.cluster, cur.user);
    try {
      // Both at once: a status is typed often, and each answer is a round trip.
      const [readyz, metrics] = await Promise.all([api.call('GET', '/readyz'), api.call<string>('GET', '/metrics')]);
      ready = readyz.status === 200;
      const line = String(metrics.body)
        .split('\n')
        .find((l) => l.startsWith('kcpx_logical_clusters '));
      if (line) logicalClusters = Number(line.split(' ')[1]);
    } finally {
      await api.close();
    }
  } catch {
    ready = false;
  }
  return {
    running: true,
    ready,
    url: s.url,
    pid: s.pid,
    rootDir: s.rootDir,
    kubeconfig: s.kubeconfig,
    shards: 1,
    ...(logicalClusters !== undefined ? { logicalClusters } : {}),
    uptimeSeconds: Math.round((Date.now() - Date.parse(s.startedAt)) / 1000),
    ephemeral: s.ephemeral,
  };
}

/** The text form: one labelled line each, the values in one column. */
export function renderStatus(st: DaemonStatus): string {
  const rows: Array<[string, string]> = [
    ['pid', String(st.pid)],
    ['root dir', `${st.rootDir}${st.ephemeral ? ' (ephemeral)' : ''}`],
    ['kubeconfig', st.kubeconfig],
    ['shards', String(st.shards)],
    ...(st.logicalClusters !== undefined ? [['logical clusters', String(st.logicalClusters)] as [string, string]] : []),
    ['uptime', `${st.uptimeSeconds}s`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return (
    [`kcpx is running${st.ready ? '' : ' (not ready)'} at ${st.url}`, ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(width)} ${v}`)].join(
      '\n',
    ) + '\n'
  );
}
