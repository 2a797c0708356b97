// The daemon process and its root directory, driven through `kcpx start/stop/status` as a user drives them: one daemon
// per directory however many start at once, stop touches only its own daemon, a kill -9 leaves nothing that blocks
// the next start, every file private whatever the umask, and a database emptied or damaged while stopped refused
// with one line.
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS } from '../../src/errors/catalogue.js';
import { isAlive } from '../../src/rootdir/state.js';
import { isRootLocked, LOCK_FILE } from '../../src/rootdir/lock.js';
import { PROJECT_ROOT } from './support/daemon.js';

const base = mkdtempSync(join(tmpdir(), 'kcpx-rootdir-e2e-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const KCPX = join(PROJECT_ROOT, 'bin/kcpx');
const env = { ...process.env, NO_COLOR: '1' };
/** kcpx under the loosest umask: every mode below must come from kcpx itself. */
const kcpx = (...args: string[]) =>
  execa('sh', ['-c', 'umask 000; exec "$0" "$@"', KCPX, ...args], { env, reject: false, timeout: 60_000 });
const start = (dir: string) => kcpx('start', '--detach', '--port', '0', '--root-dir', dir);
/** Each test runs several CLI processes, daemons and kubectl: generous under a loaded machine. */
const SLOW = { timeout: 120_000 };
const state = (dir: string) => JSON.parse(readFileSync(join(dir, 'kcpx.json'), 'utf8')) as { pid: number; url: string; kubeconfig: string };

/** Daemon processes serving `dir`, found by their command lines. */
function daemonsFor(dir: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.endsWith('daemon/main.js')) && argv[argv.indexOf('--root-dir') + 1] === dir) pids.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

async function kubectl(dir: string, ...args: string[]) {
  return execa('kubectl', args, {
    env: { ...env, KUBECONFIG: join(dir, 'admin.kubeconfig'), KUBECACHEDIR: join(dir, '..', `${dir.split('/').pop()}-cache`) },
    reject: false,
  });
}

describe('one daemon per root directory', () => {
  it('lets exactly one of three concurrent starts serve; the others fail with one line; stop stops it', SLOW, async () => {
    const dir = join(base, 'race');
    const results = await Promise.all([start(dir), start(dir), start(dir)]);
    const won = results.filter((r) => r.exitCode === 0);
    const lost = results.filter((r) => r.exitCode !== 0);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(2);
    for (const r of lost) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(new RegExp(`^Error: kcpx is already (running|starting or running) for ${dir} `));
    }
    const { pid } = state(dir);
    expect(daemonsFor(dir)).toEqual([pid]);
    expect(won[0]!.stdout).toContain(`(pid ${pid})`);
    expect((await kubectl(dir, 'get', 'ns', 'default', '-o', 'name')).stdout).toBe('namespace/default');
    const status = await kcpx('status', '--json', '--root-dir', dir);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, ready: true, pid });

    // A start while it runs is refused the same way and leaves its state alone.
    const again = await start(dir);
    expect(again.exitCode).toBe(EXIT_STATUS.refused);
    expect(again.stderr.trim()).toBe(
      `Error: kcpx is already running for ${dir} (pid ${pid}, ${state(dir).url}); stop it with \`kcpx stop --root-dir ${dir}\``,
    );
    expect(state(dir).pid).toBe(pid);

    const stop = await kcpx('stop', '--root-dir', dir);
    expect(stop.stdout.trim()).toBe('kcpx stopped.');
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(dir, 'kcpx.json'))).toBe(false);
    expect((await kcpx('stop', '--root-dir', dir)).stdout.trim()).toBe(`kcpx is not running for ${dir}; nothing to stop.`);
  });

  it('starts again after a kill -9, and stop never signals a process a stale record names', SLOW, async () => {
    const dir = join(base, 'killed');
    expect((await start(dir)).exitCode).toBe(0);
    expect((await kubectl(dir, 'create', 'cm', 'survivor', '--from-literal=k=v')).exitCode).toBe(0);
    const { pid } = state(dir);
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((r) => setTimeout(r, 20));

    // The killed daemon's record stays; its pid may belong to anyone by now (here: a sleeping bystander).
    const bystander = spawn('sleep', ['30']);
    const record = JSON.parse(readFileSync(join(dir, 'kcpx.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'kcpx.json'), JSON.stringify({ ...record, pid: bystander.pid }));
    try {
      expect((await kcpx('stop', '--root-dir', dir)).stdout.trim()).toBe(`kcpx is not running for ${dir}; nothing to stop.`);
      expect((await kcpx('status', '--root-dir', dir)).exitCode).toBe(EXIT_STATUS.unavailable);
      expect(isAlive(bystander.pid!)).toBe(true);
    } finally {
      bystander.kill();
    }

    const restarted = await start(dir);
    expect(restarted.exitCode).toBe(0);
    expect((await kubectl(dir, 'get', 'cm', 'survivor', '-o', 'jsonpath={.data.k}')).stdout).toBe('v');
    expect((await kcpx('stop', '--root-dir', dir)).exitCode).toBe(0);
  });

  it('stops cleanly when told to while it starts: once started, without serving', SLOW, async () => {
    const dir = join(base, 'early-term');
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist/daemon/main.js'), '--root-dir', dir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // The lock is taken just after the daemon's signal handlers are in place, long before it serves.
    while (!existsSync(join(dir, LOCK_FILE))) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).not.toContain('"ready"');
    expect(existsSync(join(dir, 'kcpx.json'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'shard-root.json'), 'utf8'))).toHaveProperty('cleanStop');
    expect(isRootLocked(dir)).toBe(false);
  });

  it('keeps the directory 0700 and every file 0600 under umask 000, tightening what an older kcpx left', SLOW, async () => {
    const dir = join(base, 'modes');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'kcpx.log'), 'older log\n', { mode: 0o644 });
    chmodSync(join(dir, 'kcpx.log'), 0o644);
    expect((await start(dir)).exitCode).toBe(0);
    expect((await kubectl(dir, 'create', 'secret', 'generic', 's', '--from-literal=password=hunter2')).exitCode).toBe(0);
    const check = () => {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dir);
      for (const f of files) {
        const st = lstatSync(join(dir, f));
        expect({ f, mode: st.mode & 0o777, file: st.isFile() }).toEqual({ f, mode: 0o600, file: true });
      }
      return files;
    };
    const running = check();
    for (const f of [
      'shard-root.db',
      'shard-root.db-wal',
      'shard-root.db-shm',
      'shard-root.json',
      'ca.key',
      'ca.crt',
      'apiserver.key',
      'apiserver.crt',
      'admin.kubeconfig',
      'kcpx.json',
      'kcpx.log',
      'kcpx.lock',
    ]) {
      expect(running).toContain(f);
    }
    expect((await kcpx('stop', '--root-dir', dir)).exitCode).toBe(0);
    check();
  });
});

describe('a shard database changed while kcpx was stopped', () => {
  const prepared = async (name: string) => {
    const dir = join(base, name);
    expect((await start(dir)).exitCode).toBe(0);
    expect((await kubectl(dir, 'create', 'cm', 'precious', '--from-literal=k=precious-value-precious-value')).exitCode).toBe(0);
    expect((await kcpx('stop', '--root-dir', dir)).exitCode).toBe(0);
    return dir;
  };

  it('refuses to start on an emptied database with one line naming the file', SLOW, async () => {
    const dir = await prepared('emptied');
    truncateSync(join(dir, 'shard-root.db'), 0);
    const r = await start(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(
      new RegExp(
        `^Error: the shard database ${dir}/shard-root.db is empty, but ${dir}/shard-root.json records shard [0-9a-f-]+ in it; restore the database from a backup, or remove ${dir}/shard-root.json to start with an empty shard$`,
      ),
    );
    expect(daemonsFor(dir)).toEqual([]);
  });

  it('refuses to start on a damaged database with one line naming the file', SLOW, async () => {
    const dir = await prepared('damaged');
    const db = join(dir, 'shard-root.db');
    const at = readFileSync(db).indexOf('precious-value-precious-value');
    expect(at).toBeGreaterThan(0);
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from('\x01\x02'), 0, 2, at);
    closeSync(fd);
    const r = await start(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toBe(
      `Error: the shard database ${db} is damaged (the stored /configmaps default/precious of logical cluster root is not valid JSON); restore it from a backup, or move ${db}* and ${dir}/shard-root.json aside to start with an empty shard`,
    );
    expect(daemonsFor(dir)).toEqual([]);
  });
});
