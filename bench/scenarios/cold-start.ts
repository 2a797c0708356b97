// Cold start: spawn to the first successful `kubectl get ns`; in-process startDaemon(); and a persistent
// restart with many workspaces on disk.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { request } from 'undici';
import { startDaemon } from '../../daemon/control-plane.js';
import { daemonProcess } from '../../src/client/extra-ca-certs.js';
import { DAEMON_ENTRY, ROOT, clientFromKubeconfig, pool, startBenchDaemon, waitReady } from '../lib/daemon.js';
import { round, summarize, type Figure } from '../lib/stats.js';
import type { Scenario } from './types.js';

/** The smallest control plane (issue 17): one generic API server, no batteries. */
const GENERIC_NONE = ['--mode', 'generic', '--batteries', 'none'];

async function spawnToKubectl(extra: string[] = []): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-cold-'));
  const kcpx = join(ROOT, 'bin/kcpx');
  const t0 = performance.now();
  let stop: () => Promise<void>;
  if (existsSync(kcpx)) {
    await execa(kcpx, ['start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0', ...extra], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    stop = async () => {
      await execa(kcpx, ['stop', '--root-dir', dir], { reject: false });
    };
  } else {
    const daemon = daemonProcess();
    const child = spawn(process.execPath, [...daemon.nodeArgs, DAEMON_ENTRY, '--root-dir', dir, '--port', '0', '--ephemeral', ...extra], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: daemon.env,
    });
    await waitReady(child, () => '');
    stop = async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    };
  }
  await execa('kubectl', ['get', 'ns'], {
    env: { ...process.env, KUBECONFIG: join(dir, 'admin.kubeconfig'), KUBECACHEDIR: join(dir, 'cache') },
  });
  const ms = performance.now() - t0;
  await stop();
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

/**
 * The daemon process alone, started as kcpx starts it (its environment from src/launcher.ts): spawn → its first
 * `/readyz` 200 over HTTPS (the research's G1 measure).
 */
async function spawnToReadyz(extra: string[] = []): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-readyz-'));
  const t0 = performance.now();
  const daemon = daemonProcess();
  const child = spawn(process.execPath, [...daemon.nodeArgs, DAEMON_ENTRY, '--root-dir', dir, '--port', '0', '--ephemeral', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: daemon.env,
  });
  const ready = await waitReady(child, () => '');
  const c = clientFromKubeconfig(ready.kubeconfig, 1);
  const r = await request(`${c.url}/readyz`, { dispatcher: c.agent });
  const body = await r.body.text();
  const ms = performance.now() - t0;
  await c.agent.close();
  if (r.statusCode !== 200) throw new Error(`/readyz answered ${r.statusCode}: ${body}`);
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
  rmSync(dir, { recursive: true, force: true });
  return ms;
}

export const coldStart: Scenario = {
  name: 'cold-start',
  description: 'start to first kubectl answer; in-process start; persistent restart with many workspaces',
  async run(ctx) {
    const figs: Figure[] = [];
    // The two modes' runs alternate, so a machine whose speed moves affects both alike; medians of 11.
    const readyz: number[] = [];
    const genericReadyz: number[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 11); i++) {
      readyz.push(await spawnToReadyz());
      genericReadyz.push(await spawnToReadyz(GENERIC_NONE));
    }
    const rz = summarize(readyz);
    figs.push({ name: 'cold_start.daemon_to_readyz', value: rz.p50, unit: 'ms', p50: rz.p50, p99: rz.p99, target: '≤ 500 ms' });
    const gz = summarize(genericReadyz);
    figs.push({
      name: 'cold_start.daemon_to_readyz.generic_none',
      value: gz.p50,
      unit: 'ms',
      p50: gz.p50,
      p99: gz.p99,
      target: `≤ 60 % of the default (${round(rz.p50 * 0.6)} ms)`,
      note: `--mode generic --batteries none: ${Math.round((100 * gz.p50) / rz.p50)} % of the default's start`,
    });
    const spawnTimes: number[] = [];
    const genericKubectl: number[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 11); i++) {
      spawnTimes.push(await spawnToKubectl());
      genericKubectl.push(await spawnToKubectl(GENERIC_NONE));
    }
    const s = summarize(spawnTimes);
    figs.push({
      name: 'cold_start.to_first_kubectl',
      value: s.p50,
      unit: 'ms',
      p50: s.p50,
      p99: s.p99,
      target: '< 1000 ms',
      note: '`kcpx start --detach` (CLI, daemon) then `kubectl get ns` (its discovery): three processes',
    });

    const gk = summarize(genericKubectl);
    figs.push({
      name: 'cold_start.to_first_kubectl.generic_none',
      value: gk.p50,
      unit: 'ms',
      p50: gk.p50,
      p99: gk.p99,
      target: `≤ 60 % of the default (${round(s.p50 * 0.6)} ms)`,
      note: `--mode generic --batteries none; ${Math.round((100 * gk.p50) / s.p50)} % of the default`,
    });

    const inproc: number[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 10); i++) {
      const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-inproc-'));
      const t0 = performance.now();
      const d = await startDaemon({ rootDir: dir, port: 0, bind: '127.0.0.1', ephemeral: true, quiet: true });
      inproc.push(performance.now() - t0);
      await d.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    const ip = summarize(inproc.slice(1));
    figs.push({
      name: 'cold_start.in_process',
      value: ip.p50,
      unit: 'ms',
      p50: ip.p50,
      p99: ip.p99,
      target: '< 50 ms',
      note: 'first start excluded (module loading)',
    });

    const n = ctx.quick ? 500 : 10_000;
    const dir = mkdtempSync(join(tmpdir(), 'kcpx-bench-restart-'));
    const d = await startBenchDaemon([], { ephemeral: false, dir });
    await pool(n, 32, async (i) => {
      const r = await d.call('POST', '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces', {
        apiVersion: 'tenancy.kcp.io/v1alpha1',
        kind: 'Workspace',
        metadata: { name: `w${i}` },
      });
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    });
    await new Promise((r) => setTimeout(r, 500));
    await d.stop();
    const t0 = performance.now();
    const again = await startBenchDaemon([], { ephemeral: false, dir });
    const restart = performance.now() - t0;
    const check = await again.call('GET', `/clusters/root:w${n - 1}/api/v1/namespaces/default`);
    // Killed instead of stopped: the next start checks the database first (quick_check and the stored JSON).
    await again.agent.close();
    process.kill(again.pid, 'SIGKILL');
    while (existsSync(`/proc/${again.pid}`)) await new Promise((r) => setTimeout(r, 10));
    const t1 = performance.now();
    const afterKill = await startBenchDaemon([], { ephemeral: false, dir });
    const restartAfterKill = performance.now() - t1;
    const check2 = await afterKill.call('GET', `/clusters/root:w${n - 1}/api/v1/namespaces/default`);
    await afterKill.stop();
    rmSync(dir, { recursive: true, force: true });
    if (check.status !== 200 || check2.status !== 200) throw new Error(`restarted daemon lost workspace root:w${n - 1}`);
    figs.push({
      name: `cold_start.restart_with_${n}_workspaces`,
      value: round(restart),
      unit: 'ms',
      target: '< 1000 ms (10,000 workspaces)',
    });
    figs.push({
      name: `cold_start.restart_after_kill_with_${n}_workspaces`,
      value: round(restartAfterKill),
      unit: 'ms',
      note: 'after kill -9: the database is checked (quick_check, stored JSON) before serving',
    });
    return figs;
  },
};
