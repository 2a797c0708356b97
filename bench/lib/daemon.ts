// A daemon started the way users start it (the built entry point as a child process), and an undici client
// that speaks to it with the admin kubeconfig's kcp-admin token (or another of its users) over HTTPS keep-alive
// connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { daemonProcess } from '../../src/client/extra-ca-certs.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DAEMON_ENTRY = join(ROOT, 'dist/daemon/main.js');

export interface ApiClient {
  url: string;
  token: string;
  ca: string;
  agent: Agent;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

export interface BenchDaemon extends ApiClient {
  pid: number;
  dir: string;
  kubeconfig: string;
  rssKiB(): number;
  stop(): Promise<void>;
}

/** `user`: kcp-admin (system:kcp:admin), or shard-admin for what needs system:masters (cross-cluster lists). */
export function clientFromKubeconfig(path: string, connections = 64, user = 'kcp-admin'): ApiClient {
  const doc = YAML.parse(readFileSync(path, 'utf8')) as {
    clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
    users: Array<{ name: string; user: { token: string } }>;
  };
  const base = doc.clusters.find((c) => c.name === 'base') ?? doc.clusters[0]!;
  const url = base.cluster.server.replace(/\/clusters\/.*$/, '');
  const ca = Buffer.from(base.cluster['certificate-authority-data'], 'base64').toString('utf8');
  const entry = doc.users.find((u) => u.name === user);
  if (!entry) throw new Error(`no user ${user} in ${path}`);
  const token = entry.user.token;
  const agent = new Agent({ connect: { ca }, connections, pipelining: 1, keepAliveTimeout: 60_000 });
  return {
    url,
    token,
    ca,
    agent,
    async call(method, path, body) {
      const res = await request(`${url}${path}`, {
        method: method as 'GET',
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.body.text();
      return { status: res.statusCode, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
  };
}

export async function startBenchDaemon(extra: string[] = [], opts: { ephemeral?: boolean; dir?: string } = {}): Promise<BenchDaemon> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'kcpx-bench-'));
  const daemon = daemonProcess();
  const args = [
    ...daemon.nodeArgs,
    DAEMON_ENTRY,
    '--root-dir',
    dir,
    '--port',
    '0',
    '--bind',
    '127.0.0.1',
    ...(opts.ephemeral === false ? [] : ['--ephemeral']),
    ...extra,
  ];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: daemon.env });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = await waitReady(child, () => stderr);
  const client = clientFromKubeconfig(ready.kubeconfig);
  return {
    ...client,
    pid: child.pid!,
    dir,
    kubeconfig: ready.kubeconfig,
    rssKiB: () => rssKiB(child.pid!),
    async stop() {
      await client.agent.close();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function waitReady(child: ChildProcess, stderr: () => string): Promise<{ url: string; kubeconfig: string }> {
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`daemon not ready: ${stderr()}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string; url: string; kubeconfig: string };
        if (ev.event === 'ready') {
          clearTimeout(timer);
          res(ev);
        }
      } catch {
        // log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`daemon exited (${code}): ${stderr()}`));
    });
  });
}

function rssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) : NaN;
}

/** Runs `fn` with at most `concurrency` in flight until `count` calls are done. */
export async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Runs `fn` with `concurrency` workers for `ms` milliseconds; returns completed calls. */
export async function forDuration(ms: number, concurrency: number, fn: (worker: number, i: number) => Promise<void>): Promise<number> {
  const end = Date.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let i = 0;
      while (Date.now() < end) {
        await fn(w, i++);
        done++;
      }
    }),
  );
  return done;
}
