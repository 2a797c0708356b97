// Starts a daemon the way `kcpx start` does (a child process of the built daemon entry point) on 127.0.0.1 with
// a free port and a temporary root directory, and runs the real kubectl against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DAEMON_ENTRY = join(PROJECT_ROOT, 'dist/daemon/main.js');

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestDaemon {
  url: string;
  dir: string;
  kubeconfig: string;
  pid: number;
  /** Runs kubectl with this daemon's kubeconfig (and a private discovery cache). */
  kubectl(args: string[], opts?: { input?: string; server?: string; timeoutMs?: number }): Promise<KubectlResult>;
  /** Writes a file into the daemon's temp dir and returns its path. */
  file(name: string, content: string): string;
  /** SIGKILL: no shutdown code runs. The directory is kept. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestDaemonOptions {
  /** Keep data on disk in `dir` (default: ephemeral, unless KCPX_E2E_STORAGE=file runs the whole suite on disk). */
  persistent?: boolean;
  /** Reuse an existing root directory (restarts). */
  dir?: string;
}

export async function startTestDaemon(extraArgs: string[] = [], opts: TestDaemonOptions = {}): Promise<TestDaemon> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kcpx-e2e-'));
  const mode = opts.persistent || process.env['KCPX_E2E_STORAGE'] === 'file' ? [] : ['--ephemeral'];
  const child: ChildProcess = spawn(
    process.execPath,
    [DAEMON_ENTRY, '--root-dir', dir, '--port', '0', '--bind', '127.0.0.1', ...mode, ...extraArgs],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = await new Promise<{ url: string; kubeconfig: string }>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not become ready: ${stderr}`)), 20_000);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string; url: string; kubeconfig: string };
        if (ev.event === 'ready') {
          clearTimeout(timer);
          resolveReady(ev);
        }
      } catch {
        // not a status line
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited with ${code}: ${stderr}`));
    });
  });
  const cacheDir = join(dir, 'kube-cache');
  const env = { ...process.env, KUBECONFIG: ready.kubeconfig, KUBECACHEDIR: cacheDir, NO_COLOR: '1' };
  return {
    url: ready.url,
    dir,
    kubeconfig: ready.kubeconfig,
    pid: child.pid!,
    async kubectl(args, opts = {}) {
      const full = opts.server ? ['--server', opts.server, ...args] : args;
      const r = await execa('kubectl', full, { env, input: opts.input ?? '', reject: false, timeout: opts.timeoutMs ?? 30_000 });
      return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    file(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    async kill() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
