// The kcpx CLI and the kubectl plugins, run as a user runs them: bin/kcpx on PATH, a detached ephemeral
// control plane, the real kubectl; plus the programmatic API.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane } from '../../src/index.js';
import { PROJECT_ROOT } from './support/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-cli-'));
const env = { ...process.env, PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}`, KUBECONFIG: join(dir, 'admin.kubeconfig'), KUBECACHEDIR: join(dir, 'cache'), NO_COLOR: '1' };
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
    const j = JSON.parse(st.stdout) as { running: boolean; ready: boolean; url: string; workspaces: number };
    expect(j).toMatchObject({ running: true, ready: true });
    expect(j.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses a second start on the same root dir', async () => {
    const r = await kcpx('start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0');
    expect(r.exitCode).not.toBe(0);
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
    expect(tree.stdout).toBe('.\n└── root\n    └── org\n        └── team');
    expect((await kubectl('ws', 'tree')).stdout).toBe(tree.stdout);
  });

  it('fails clearly on an unknown workspace and leaves the kubeconfig alone', async () => {
    const before = (await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).stdout;
    const r = await kcpx('ws', 'use', ':root:nope');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('workspace "root:nope" not found');
    expect(r.stderr).not.toContain('    at ');
    expect((await kubectl('config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}')).stdout).toBe(before);
  });

  it('deletes a workspace with everything below it', async () => {
    await kcpx('ws', 'use', ':root');
    expect((await kcpx('ws', 'delete', 'org')).exitCode).toBe(0);
    expect((await kcpx('ws', 'use', ':root:org:team')).exitCode).toBe(1);
  });

  it('shows examples in help', async () => {
    expect((await kcpx('ws', 'create', '--help')).stdout).toMatch(/EXAMPLES/);
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
        const inWs = await ws.makeApiClient(CoreV1Api).createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'x' } } });
        expect(inWs.metadata?.name).toBe('x');
      } finally {
        await cp.stop();
      }
      expect(existsSync(cp.kubeconfigPath)).toBe(false);
    });
  }
});
