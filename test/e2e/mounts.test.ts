// Mounts: a workspace of one daemon served by another, through kcpx's front proxy with the target's
// credentials; the workspaces nested in a mounted kcpx; honest status when the target goes away; a mount across its
// target's restart, and re-pointed with `kcpx ws mount --update`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

let a: TestDaemon;
let b: TestDaemon;
const KCPX = join(PROJECT_ROOT, 'bin/kcpx');
const scratch = mkdtempSync(join(tmpdir(), 'kcpx-mounts-'));

/** Runs bin/kcpx (or, with PATH, the kubectl plugins) against `kubeconfig`. */
const run = (cmd: string, args: string[], kubeconfig: string) =>
  execa(cmd, args, {
    env: { ...process.env, PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}`, KUBECONFIG: kubeconfig, NO_COLOR: '1' },
    reject: false,
  });

beforeAll(async () => {
  [a, b] = await Promise.all([startTestDaemon(), startTestDaemon()]);
  const r = await run(KCPX, ['ws', 'mount', 'b', '--kubeconfig', b.kubeconfig], a.kubeconfig);
  if (r.exitCode !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const viaMount = (...args: string[]) => a.kubectl(args, { server: `${a.url}/clusters/root:b` });

async function phaseBecomes(d: TestDaemon, workspace: string, phase: string): Promise<string> {
  let now = '';
  for (let i = 0; i < 150 && now !== phase; i++) {
    now = (await d.kubectl(['get', 'workspace', workspace, '-o', 'jsonpath={.status.phase}'])).stdout;
    if (now !== phase) await new Promise((r) => setTimeout(r, 100));
  }
  return now;
}

describe('mounts', () => {
  it('marks the workspace as a ready mount', async () => {
    expect((await a.kubectl(['get', 'kubeclusters', '--no-headers'])).stdout).toMatch(/Ready/);
    expect((await a.kubectl(['get', 'workspace', 'b', '-o', 'jsonpath={.spec.mount.ref.kind}'])).stdout).toBe('KubeCluster');
  });

  it('proxies discovery, writes and reads to the target', async () => {
    expect((await viaMount('api-resources')).stdout).toMatch(/^configmaps /m);
    expect((await viaMount('create', 'configmap', 'through', '--from-literal=k=v')).code).toBe(0);
    expect((await b.kubectl(['get', 'configmap', 'through', '-o', 'jsonpath={.data.k}'])).stdout).toBe('v');
    await b.kubectl(['create', 'configmap', 'from-target']);
    expect((await viaMount('get', 'configmap', 'from-target', '-o', 'name')).stdout.trim()).toBe('configmap/from-target');
  });

  it('leaves nothing behind when a mount fails, so a retry starts afresh', async () => {
    const r = await run(KCPX, ['ws', 'mount', 'a.b', '--kubeconfig', b.kubeconfig], a.kubeconfig);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(/^Error: Workspace\.tenancy\.kcp\.io "a\.b" is invalid: metadata\.name: Invalid value: "a\.b"/);
    expect((await a.kubectl(['get', 'secret', 'a.b-mount'])).stderr).toContain('NotFound');
    expect((await a.kubectl(['get', 'kubecluster', 'a.b-mount'])).stderr).toContain('NotFound');
  });

  it('refuses to mount over an existing workspace, and to update a mount that is not there', async () => {
    const again = await run(KCPX, ['ws', 'mount', 'b', '--kubeconfig', b.kubeconfig], a.kubeconfig);
    expect([again.exitCode, again.stderr]).toEqual([
      5,
      'Error: workspace "b" already exists; to point its mount elsewhere: kcpx ws mount b --update …',
    ]);
    const missing = await run(KCPX, ['ws', 'mount', 'nope', '--update', '--kubeconfig', b.kubeconfig], a.kubeconfig);
    expect([missing.exitCode, missing.stderr]).toEqual([4, 'Error: no mount "nope" to update; mount it first: kcpx ws mount nope …']);
    await run('kubectl', ['create', 'workspace', 'plain'], a.kubeconfig);
    const plain = await run(KCPX, ['ws', 'mount', 'plain', '--update', '--kubeconfig', b.kubeconfig], a.kubeconfig);
    expect([plain.exitCode, plain.stderr]).toEqual([2, 'Error: workspace "plain" is not a mount; delete it with `kcpx ws delete plain`']);
  });

  it('reaches the workspaces nested in a mounted kcpx: kubectl ws enters them, requests land there', async () => {
    const own = join(scratch, 'nested.kubeconfig');
    copyFileSync(a.kubeconfig, own);
    const inB = join(scratch, 'b.kubeconfig');
    copyFileSync(b.kubeconfig, inB);
    expect((await run('kubectl', ['create', 'workspace', 'inner'], inB)).exitCode).toBe(0);

    expect((await run('kubectl', ['ws', 'use', ':root:b'], own)).stdout).toBe("Current workspace is 'root:b'.");
    expect((await run('kubectl', ['ws', 'tree'], own)).stdout).toBe('.\n└── b\n    └── inner\n');
    const enter = await run('kubectl', ['ws', 'inner'], own);
    expect([enter.exitCode, enter.stdout]).toEqual([0, "Current workspace is 'root:b:inner' (type root:organization)."]);
    expect((await run('kubectl', ['create', 'configmap', 'nested'], own)).exitCode).toBe(0);
    expect((await b.kubectl(['get', 'configmap', 'nested', '-o', 'name'], { server: `${b.url}/clusters/root:inner` })).stdout).toBe(
      'configmap/nested',
    );
    expect((await b.kubectl(['get', 'configmap', 'nested'])).code).not.toBe(0);

    const missing = await run('kubectl', ['ws', 'use', ':root:b:nope'], own);
    expect([missing.exitCode, missing.stderr]).toEqual([4, 'Error: workspace "root:b:nope" not found']);
  });

  it('reports the target going away, without hanging', async () => {
    await b.stop();
    expect(await phaseBecomes(a, 'b', 'Unavailable')).toBe('Unavailable');
    const r = await viaMount('get', 'configmaps', '--request-timeout=5s');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not available|ServiceUnavailable|503/);
  });
});

/** A port free now, so that a daemon can be restarted on the same one. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

describe("a mount across its target's restart", () => {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-mount-target-'));
  let c: TestDaemon;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    c = await startTestDaemon(['--port', String(port)], { persistent: true, dir });
  });
  afterAll(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const restart = async (args: string[]) => {
    await c.stop();
    c = await startTestDaemon(args, { persistent: true, dir });
  };

  it('comes back by itself with the admin token a restarted kcpx keeps; is re-pointed with --update otherwise', async () => {
    // shard-admin's token survives restarts (only its hash is kept, in <root>/.admin-token-store); kcp-admin's is new
    // at every start, as in kcp.
    const kubeconfig = readFileSync(c.kubeconfig, 'utf8');
    const shardAdminToken = /- name: "shard-admin"\n {2}user:\n {4}token: "([^"]+)"/.exec(kubeconfig)![1]!;
    const kept = await run(
      KCPX,
      [
        'ws',
        'mount',
        'kept',
        '--url',
        `https://127.0.0.1:${port}/clusters/root`,
        '--token',
        shardAdminToken,
        '--ca-file',
        join(dir, 'ca.crt'),
      ],
      a.kubeconfig,
    );
    expect(kept.exitCode).toBe(0);
    const moved = await run(KCPX, ['ws', 'mount', 'moved', '--kubeconfig', c.kubeconfig], a.kubeconfig);
    expect(moved.exitCode).toBe(0);
    await c.kubectl(['create', 'configmap', 'kept-data']);

    await restart(['--port', String(port)]);
    expect(await phaseBecomes(a, 'kept', 'Ready')).toBe('Ready');
    expect((await a.kubectl(['get', 'configmap', 'kept-data', '-o', 'name'], { server: `${a.url}/clusters/root:kept` })).stdout).toBe(
      'configmap/kept-data',
    );
    // kcp-admin's old token is refused by the restarted target.
    expect(await phaseBecomes(a, 'moved', 'Unavailable')).toBe('Unavailable');
    expect((await a.kubectl(['get', 'kubecluster', 'moved-mount', '-o', 'jsonpath={.status.conditions[0].message}'])).stdout).toBe(
      "the target refused the mount's credentials (HTTP 401)",
    );

    // Restarted elsewhere (another port, new tokens): --update points the mount at it.
    await restart([]);
    const updated = await run(KCPX, ['ws', 'mount', 'moved', '--update', '--kubeconfig', c.kubeconfig], a.kubeconfig);
    expect([updated.exitCode, updated.stdout]).toEqual([
      0,
      'Workspace "moved" mounting KubeCluster moved-mount from the new target. Waiting for it to be ready...\nWorkspace "moved" is mounted and ready to use.',
    ]);
    expect((await a.kubectl(['get', 'configmap', 'kept-data', '-o', 'name'], { server: `${a.url}/clusters/root:moved` })).stdout).toBe(
      'configmap/kept-data',
    );

    // A target that does not answer (or refuses the credentials) is refused before the mount is touched.
    const nowhere = await run(
      KCPX,
      ['ws', 'mount', 'moved', '--update', '--url', `https://127.0.0.1:${port}/clusters/root`, '--insecure-skip-tls-verify'],
      a.kubeconfig,
    );
    expect([nowhere.exitCode, nowhere.stderr]).toEqual([
      3,
      `Error: the mount was left as it was: its new target https://127.0.0.1:${port}/clusters/root is not usable: connect ECONNREFUSED 127.0.0.1:${port}`,
    ]);
    const refused = await run(
      KCPX,
      ['ws', 'mount', 'moved', '--update', '--url', `${c.url}/clusters/root`, '--token', 'not-a-token', '--insecure-skip-tls-verify'],
      a.kubeconfig,
    );
    expect([refused.exitCode, refused.stderr]).toEqual([
      3,
      `Error: the mount was left as it was: its new target ${c.url}/clusters/root is not usable: it answered HTTP 401 (Unauthorized)`,
    ]);
    expect(await phaseBecomes(a, 'moved', 'Ready')).toBe('Ready');
  });
});
