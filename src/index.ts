// The programmatic API for test suites (envtest-like): a fresh control plane per call, cleaned up on stop()
// or when the process exits.
import { KubeConfig } from '@kubernetes/client-node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDetached, stopDaemon } from './launcher.js';
import { create } from './workspace/ops.js';
import { Session } from './workspace/session.js';

export interface ControlPlaneOptions {
  /** Run the daemon inside this process instead of a child process (faster start, shares the event loop). */
  inProcess?: boolean;
  /** API batteries, as `kcpx start --batteries`. */
  batteries?: string;
  /** `kcp` (default): workspaces and kcp's APIs; `generic`: one Kubernetes-style API server without workspaces. */
  mode?: 'kcp' | 'generic';
}

export interface ControlPlane {
  url: string;
  kubeconfigPath: string;
  /** A client-node KubeConfig whose current context is the root workspace. */
  kubeConfig: KubeConfig;
  /** Creates a workspace (under root unless `parent` is given), waits until Ready, returns its KubeConfig. */
  createWorkspace(name: string, opts?: { parent?: string; type?: string }): Promise<KubeConfig>;
  stop(): Promise<void>;
}

const running = new Set<() => Promise<void>>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Child daemons must not outlive the test process, even when it exits without calling stop().
  process.once('beforeExit', () => void Promise.all([...running].map((s) => s())));
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-cp-'));
  let url: string;
  let kubeconfigPath: string;
  let stopDaemonFn: () => Promise<void>;
  if (opts.inProcess) {
    const { startDaemon } = await import('../daemon/control-plane.js');
    const d = await startDaemon({
      rootDir: dir,
      port: 0,
      bind: '127.0.0.1',
      ephemeral: true,
      quiet: true,
      ...(opts.batteries ? { batteries: [opts.batteries] } : {}),
      ...(opts.mode ? { mode: opts.mode } : {}),
    });
    url = d.url;
    kubeconfigPath = d.kubeconfigPath;
    stopDaemonFn = () => d.stop();
  } else {
    const ready = await startDetached({
      rootDir: dir,
      port: 0,
      bind: '127.0.0.1',
      ephemeral: true,
      ...(opts.batteries ? { batteries: opts.batteries } : {}),
      ...(opts.mode ? { mode: opts.mode } : {}),
    });
    url = ready.url;
    kubeconfigPath = ready.kubeconfig;
    stopDaemonFn = async () => {
      await stopDaemon(dir);
    };
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    running.delete(stop);
    await stopDaemonFn();
    rmSync(dir, { recursive: true, force: true });
  };
  running.add(stop);
  installExitHook();
  return {
    url,
    kubeconfigPath,
    kubeConfig,
    async createWorkspace(name, o = {}) {
      const s = new Session({ kubeconfig: kubeconfigPath });
      try {
        if (o.parent)
          s.cfg.clusters = s.cfg.clusters.map((c) =>
            c.name === 'root' ? { ...c, cluster: { ...c.cluster, server: `${url}/clusters/${o.parent}` } } : c,
          );
        await create(s, name, o.type ? { type: o.type } : {}, () => undefined);
      } finally {
        await s.close();
      }
      const kc = new KubeConfig();
      kc.loadFromFile(kubeconfigPath);
      const cluster = kc.getCurrentCluster()!;
      const path = `${o.parent ?? 'root'}:${name}`;
      kc.clusters = kc.clusters.map((c) => (c.name === cluster.name ? { ...c, server: `${url}/clusters/${path}` } : c));
      return kc;
    },
    stop,
  };
}

export { CliError, EXIT_STATUS, type ErrorClass, type ErrorId } from './errors/catalogue.js';
