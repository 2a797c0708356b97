// One CLI invocation's view of a kubeconfig: where it points, and a client for the control plane behind it. The
// connection flags kcp's plugins take from kubectl (--server, --token, --user, -w …) change only this in-memory
// view, never the file: edits of the kubeconfig start from what the file says, as kcp's plugins do.
import { ApiClient } from '../client/api.js';
import { cliError } from '../errors/catalogue.js';
import { current, kubeconfigPath, loadKubeconfig, saveKubeconfig, type Current, type Kubeconfig } from '../client/kubeconfig.js';
import { parseClusterURL, resolveWorkspaceOverride, serverFor, type ClusterURL } from './paths.js';

export interface SessionOptions {
  kubeconfig?: string;
  context?: string;
  /** `-w`: the workspace to work in instead of the current one (absolute with a leading `:`, else relative). */
  workspace?: string;
  user?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
}

export class Session {
  readonly path: string;
  readonly cfg: Kubeconfig;
  private clientCache?: ApiClient;
  private connectionCache?: Current;

  constructor(readonly opts: SessionOptions) {
    this.path = kubeconfigPath(opts.kubeconfig);
    this.cfg = loadKubeconfig(this.path);
  }

  /** The current context with the connection flags applied. */
  connection(): Current {
    if (this.connectionCache) return this.connectionCache;
    const o = this.opts;
    const cur = current(this.cfg, o.context);
    const user = o.user ? (this.cfg.users.find((u) => u.name === o.user)?.user ?? {}) : cur.user;
    const cluster = { ...cur.cluster };
    if (o.server) cluster.server = o.server;
    if (o.certificateAuthority) {
      cluster['certificate-authority'] = o.certificateAuthority;
      delete cluster['certificate-authority-data'];
    }
    if (o.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
    if (o.tlsServerName) cluster['tls-server-name'] = o.tlsServerName;
    if (o.workspace) {
      const loc = parseClusterURL(cluster.server);
      if (!loc) throw cliError('notAWorkspaceURL', cluster.server);
      cluster.server = serverFor(loc.base, resolveWorkspaceOverride(loc.path, o.workspace));
    }
    this.connectionCache = { ...cur, cluster, user: o.token ? { ...user, token: o.token } : user };
    return this.connectionCache;
  }

  get server(): string {
    return this.connection().cluster.server;
  }

  /** The current workspace, or an error telling the user the kubeconfig does not point at one. */
  location(): ClusterURL {
    const loc = parseClusterURL(this.server);
    if (!loc) throw cliError('notAWorkspaceURL', this.server);
    return loc;
  }

  client(): ApiClient {
    if (!this.clientCache) {
      const cur = this.connection();
      const base = parseClusterURL(cur.cluster.server)?.base ?? cur.cluster.server.replace(/\/+$/, '');
      this.clientCache = new ApiClient(base, cur.cluster, cur.user);
    }
    return this.clientCache;
  }

  save(): void {
    saveKubeconfig(this.path, this.cfg);
    this.connectionCache = undefined;
  }

  async close(): Promise<void> {
    await this.clientCache?.close();
  }
}
