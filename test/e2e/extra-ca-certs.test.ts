// NODE_EXTRA_CA_CERTS, deferred for the daemon as for the CLI (src/client/extra-ca-certs.ts): `kcpx start` hands
// the daemon the file as KCPX_EXTRA_CA_CERTS and an empty OpenSSL store, so node parses neither it nor its bundled
// roots on every start, and the daemon's connections that name no CA of their own still trust both. Checked with a mount whose kubeconfig names no CA: its target's CA is
// trusted only through NODE_EXTRA_CA_CERTS.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

const KCPX = join(PROJECT_ROOT, 'bin/kcpx');
const scratch = mkdtempSync(join(tmpdir(), 'kcpx-extra-ca-'));
const root = join(scratch, 'root');
const kubeconfig = join(root, 'admin.kubeconfig');
let target: TestDaemon;

const run = (args: string[], env: Record<string, string> = {}) =>
  execa(KCPX, args, { env: { ...process.env, KUBECONFIG: kubeconfig, NO_COLOR: '1', ...env }, reject: false });

interface Kubeconfig {
  clusters: Array<{ cluster: Record<string, unknown> }>;
}

beforeAll(async () => {
  target = await startTestDaemon();
  // The target's CA goes into NODE_EXTRA_CA_CERTS, and out of the kubeconfig the mount is made from.
  const config = YAML.parse(readFileSync(target.kubeconfig, 'utf8')) as Kubeconfig;
  const ca = Buffer.from(String(config.clusters[0]!.cluster['certificate-authority-data']), 'base64').toString('utf8');
  writeFileSync(join(scratch, 'extra.pem'), ca);
  for (const c of config.clusters) delete c.cluster['certificate-authority-data'];
  writeFileSync(join(scratch, 'target-no-ca.kubeconfig'), YAML.stringify(config));
  const started = await run(['start', '--ephemeral', '--detach', '--root-dir', root, '--port', '0'], {
    NODE_EXTRA_CA_CERTS: join(scratch, 'extra.pem'),
  });
  if (started.exitCode !== 0) throw new Error(started.stderr);
}, 60_000);

afterAll(async () => {
  await run(['stop', '--root-dir', root]);
  await target?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('NODE_EXTRA_CA_CERTS', () => {
  it('reaches the daemon deferred: node does not parse it as the daemon starts', () => {
    const state = JSON.parse(readFileSync(join(root, 'kcpx.json'), 'utf8')) as { pid: number };
    const environ = readFileSync(`/proc/${state.pid}/environ`, 'utf8').split('\0');
    expect(environ).toContain(`KCPX_EXTRA_CA_CERTS=${join(scratch, 'extra.pem')}`);
    expect(environ.filter((v) => v.startsWith('NODE_EXTRA_CA_CERTS='))).toEqual([]);
    // Nor does it build its bundled roots for the daemon's serving context: the store is empty, trust is named.
    expect(environ).toContain('KCPX_NAMED_TRUST=1');
    expect(readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0')).toContain('--use-openssl-ca');
  });

  it("is trusted by the daemon's connections that name no CA: a mount of a server it alone vouches for", async () => {
    const mounted = await run(['ws', 'mount', 'other', '--kubeconfig', join(scratch, 'target-no-ca.kubeconfig')], {
      NODE_EXTRA_CA_CERTS: join(scratch, 'extra.pem'),
    });
    expect([mounted.exitCode, mounted.stderr]).toEqual([0, '']);
    await target.kubectl(['create', 'configmap', 'on-target']);
    const env = { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: join(scratch, 'cache') };
    const root = (await execa('kubectl', ['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'], { env })).stdout;
    const server = root.replace(/\/clusters\/[^/]+$/, '/clusters/root:other');
    let got = '';
    for (let i = 0; i < 100 && got !== 'configmap/on-target'; i++) {
      const r = await execa('kubectl', ['get', 'configmap', 'on-target', '-o', 'name', '--server', server], { env, reject: false });
      got = r.stdout.trim();
      if (got !== 'configmap/on-target') await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toBe('configmap/on-target');
  }, 60_000);
});
