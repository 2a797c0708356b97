// One CLI invocation's view of a kubeconfig: where it points, and a client for the control plane behind it.
import { ApiClient } from '../client/api.js';
import { cliError } from '../errors/catalogue.js';
import { current, kubeconfigPath, loadKubeconfig, saveKubeconfig, type Kubeconfig } from '../client/kubeconfig.js';
import { parseClusterURL, type ClusterURL } from './paths.js';

export interface SessionOptions {
  kubeconfig?: string;
  context?: string;
}

export class Session {
  readonly path: string;
  readonly cfg: Kubeconfig;
  private clientCache?: ApiClient;

  constructor(readonly opts: SessionOptions) {
    this.path = kubeconfigPath(opts.kubeconfig);
    this.cfg = loadKubeconfig(this.path);
  }

  get server(): string {
    return current(this.cfg, this.opts.context).cluster.server;
  }

  /** The current workspace, or an error telling the user the kubeconfig does not point at one. */
  location(): ClusterURL {
    const loc = parseClusterURL(this.server);
    if (!loc) throw cliError('notAWorkspaceURL', this.server);
    return loc;
  }

  client(): ApiClient {
    if (!this.clientCache) {
      const cur = current(this.cfg, this.opts.context);
      const base = parseClusterURL(cur.cluster.server)?.base ?? cur.cluster.server.replace(/\/+$/, '');
      this.clientCache = new ApiClient(base, cur.cluster, cur.user);
    }
    return this.clientCache;
  }

  save(): void {
    saveKubeconfig(this.path, this.cfg);
  }

  async close(): Promise<void> {
    await this.clientCache?.close();
  }
}
