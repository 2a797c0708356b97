// Mounts: a workspace of one daemon served by another, through kcpx's front proxy with the target's
// credentials; honest status when the target goes away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { join } from 'node:path';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

let a: TestDaemon;
let b: TestDaemon;

beforeAll(async () => {
  [a, b] = await Promise.all([startTestDaemon(), startTestDaemon()]);
  const r = await execa(join(PROJECT_ROOT, 'bin/kcpx'), ['ws', 'mount', 'b', '--kubeconfig', b.kubeconfig], {
    env: { ...process.env, KUBECONFIG: a.kubeconfig },
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(r.stderr);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
});

const viaMount = (...args: string[]) => a.kubectl(args, { server: `${a.url}/clusters/root:b` });

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
    const r = await execa(join(PROJECT_ROOT, 'bin/kcpx'), ['ws', 'mount', 'a.b', '--kubeconfig', b.kubeconfig], {
      env: { ...process.env, KUBECONFIG: a.kubeconfig },
      reject: false,
    });
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toMatch(/^Error: Workspace\.tenancy\.kcp\.io "a\.b" is invalid: metadata\.name: Invalid value: "a\.b"/);
    expect((await a.kubectl(['get', 'secret', 'a.b-mount'])).stderr).toContain('NotFound');
    expect((await a.kubectl(['get', 'kubecluster', 'a.b-mount'])).stderr).toContain('NotFound');
  });

  it('reports the target going away, without hanging', async () => {
    await b.stop();
    let phase = '';
    for (let i = 0; i < 60 && phase !== 'Unavailable'; i++) {
      phase = (await a.kubectl(['get', 'workspace', 'b', '-o', 'jsonpath={.status.phase}'])).stdout;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(phase).toBe('Unavailable');
    const r = await viaMount('get', 'configmaps', '--request-timeout=5s');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/not available|ServiceUnavailable|503/);
  });
});
