// The kcpx CLI and the kubectl plugins, run as a user runs them: bin/kcpx on PATH, a detached ephemeral
// control plane, the real kubectl; plus the programmatic API.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS, startControlPlane } from '../../src/index.js';
import { PROJECT_ROOT } from './support/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-cli-'));
const env = {
  ...process.env,
  PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}`,
  KUBECONFIG: join(dir, 'admin.kubeconfig'),
  KUBECACHEDIR: join(dir, 'cache'),
  NO_COLOR: '1',
};
const sh = (cmd: string, args: string[]) => execa(cmd, args, { env, reject: false, timeout: 60_000 });
const kcpx = (...args: string[]) => sh('kcpx', args);
const kubectl = (...args: string[]) => sh('kubectl', args);

beforeAll(async () => {
  const r = await kcpx('start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0');
  if (r.exitCode !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await kcpx('stop', '--root-dir', dir);
  rmSync(dir, { recursive: true, force: true });
});

describe('kcpx start/status/stop', () => {
  it('prints the KUBECONFIG hint and reports status as JSON', async () => {
    const st = await kcpx('status', '--root-dir', dir, '--json');
    expect(st.exitCode).toBe(0);
    const j = JSON.parse(st.stdout) as { running: boolean; ready: boolean; url: string; logicalClusters: number };
    expect(j).toMatchObject({ running: true, ready: true });
    expect(j.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a second start on the same root dir', async () => {
    const r = await kcpx('start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0');
    expect(r.exitCode).toBe(EXIT_STATUS.refused);
    expect(r.stderr).toContain('already running');
  });
});

describe('kcpx ws and the kubectl plugins', () => {
  it('creates, enters and navigates like kubectl ws', async () => {
    expect((await kubectl('ws', '.')).stdout).toContain("Current workspace is 'root'");
    const c = await kubectl('create', 'workspace', 'org', '--type', 'root:organization', '--enter');
    expect(c.stdout).toContain('Workspace "org" (type root:organization) is ready to use.');
    expect(c.stdout).toContain("Current workspace is 'root:org' (type root:organization).");
    expect((await kcpx('ws', 'create', 'team', '--enter')).stdout).toContain("Current workspace is 'root:org:team'");
    expect((await kcpx('ws', '..')).stdout).toContain("'root:org'");
    expect((await kcpx('ws', '-')).stdout).toContain("'root:org:team'");
    expect((await kcpx('ws', 'use', ':root')).stdout).toContain("Current workspace is 'root' (type root).");
    const tree = await kcpx('ws', 'tree');
    // kcp prints the tree with a blank line after it (execa strips the last newline only).
    expect(tree.stdout).toBe('.\n└── root\n    └── org\n        └── team\n');
    expect((await kubectl('ws', 'tree')).stdout).toBe(tree.stdout);
  });

  it('fails clearly on an unknown workspace and leaves the kubeconfig alone', async () => {
    const before = (await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).stdout;
    const r = await kcpx('ws', 'use', ':root:nope');
    expect(r.exitCode).toBe(EXIT_STATUS.notFound);
    expect(r.stderr).toContain('workspace "root:nope" not found');
    expect(r.stderr).not.toContain('    at ');
    expect((await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).stdout).toBe(before);
  });

  it('deletes a workspace with everything below it', async () => {
    await kcpx('ws', 'use', ':root');
    expect((await kcpx('ws', 'delete', 'org')).exitCode).toBe(0);
    expect((await kcpx('ws', 'use', ':root:org:team')).exitCode).toBe(EXIT_STATUS.notFound);
  });

  it('shows examples in help', async () => {
    expect((await kcpx('ws', 'create', '--help')).stdout).toMatch(/EXAMPLES/);
  });
});

describe('exit statuses and messages (the error catalogue)', () => {
  it('exits by class through bin/kcpx and bin/kubectl-ws, with kcp’s one-line messages', async () => {
    await kcpx('ws', 'use', ':root');
    for (const run of [kcpx, kubectl]) {
      const notFound = await run('ws', 'use', ':root:nope');
      expect([notFound.exitCode, notFound.stderr]).toEqual([EXIT_STATUS.notFound, 'Error: workspace "root:nope" not found']);
      const usage = await run('ws', '..');
      expect([usage.exitCode, usage.stderr]).toEqual([EXIT_STATUS.usage, 'Error: invalid workspace path: ..']);
    }
    expect((await kcpx('ws', 'create')).exitCode).toBe(EXIT_STATUS.usage);
    expect((await kcpx('ws', 'tree', '--bogus')).exitCode).toBe(EXIT_STATUS.usage);
    await kcpx('ws', 'create', 'twice');
    const exists = await kubectl('create', 'workspace', 'twice');
    expect([exists.exitCode, exists.stderr]).toEqual([EXIT_STATUS.refused, 'Error: workspaces.tenancy.kcp.io "twice" already exists']);
  });

  it('says the control plane is not running, or not reachable', async () => {
    const status = await kcpx('status', '--root-dir', join(dir, 'none'));
    expect(status.exitCode).toBe(EXIT_STATUS.unavailable);
    expect(status.stderr).toBe(
      `Error: kcpx is not running for ${join(dir, 'none')}. Start it with: kcpx start --root-dir ${join(dir, 'none')}`,
    );
    expect((await kcpx('status', '--root-dir', join(dir, 'none'), '--json')).exitCode).toBe(EXIT_STATUS.unavailable);
    // A kubeconfig pointing at a port nobody listens on.
    const closed = join(dir, 'closed.kubeconfig');
    writeFileSync(closed, readFileSync(env.KUBECONFIG, 'utf8').replace(/https:\/\/127\.0\.0\.1:\d+/g, 'https://127.0.0.1:1'));
    const r = await kcpx('ws', 'use', ':root', '--kubeconfig', closed);
    expect(r.exitCode).toBe(EXIT_STATUS.unavailable);
    expect(r.stderr).toMatch(
      /^Error: cannot reach https:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.* — is the control plane running\? Start it with `kcpx start`$/,
    );
    const missing = await kubectl('ws', '.', '--kubeconfig', join(dir, 'missing.kubeconfig'));
    expect(missing.exitCode).toBe(EXIT_STATUS.notFound);
  });

  it('prints a stack trace only with --debug', async () => {
    const plain = await kcpx('ws', 'use', ':root:nope');
    expect(plain.stderr.split('\n')).toHaveLength(1);
    const debug = await kcpx('ws', 'use', ':root:nope', '--debug');
    expect(debug.exitCode).toBe(EXIT_STATUS.notFound);
    expect(debug.stderr).toMatch(/^Error: workspace "root:nope" not found\nCliError: workspace "root:nope" not found\n {4}at /);
  });

  it('lists the exit statuses in kcpx --help', async () => {
    const help = (await kcpx('--help')).stdout;
    for (const [, status] of Object.entries(EXIT_STATUS)) expect(help).toMatch(new RegExp(`^ {2}${status} +\\S`, 'm'));
  });
});

describe('kcpx run', () => {
  it('passes the exit code through and leaves nothing behind', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('kcpx-run-')).length;
    const r = await sh('kcpx', ['run', '--', 'sh', '-c', 'kubectl get ns default -o name && exit 3']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toContain('namespace/default');
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('kcpx-run-')).length).toBe(before);
  });

  it('exits 127 when the command cannot be started, as a shell does', async () => {
    const r = await sh('kcpx', ['run', '--', join(dir, 'no-such-command')]);
    expect(r.exitCode).toBe(EXIT_STATUS.cannotExecute);
    expect(r.stderr).toContain(`Error: cannot run ${join(dir, 'no-such-command')}: `);
  });
});

describe('startControlPlane()', () => {
  for (const inProcess of [false, true]) {
    it(`serves client-node and creates workspaces (${inProcess ? 'in-process' : 'child process'})`, async () => {
      const cp = await startControlPlane({ inProcess });
      try {
        const { CoreV1Api } = await import('@kubernetes/client-node');
        const ns = await cp.kubeConfig.makeApiClient(CoreV1Api).listNamespace();
        expect(ns.items.map((i) => i.metadata?.name)).toContain('default');
        const ws = await cp.createWorkspace('tenant');
        const inWs = await ws
          .makeApiClient(CoreV1Api)
          .createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'x' } } });
        expect(inWs.metadata?.name).toBe('x');
      } finally {
        await cp.stop();
      }
      expect(existsSync(cp.kubeconfigPath)).toBe(false);
    });
  }
});
