// A full disk under `kcpx start --detach`: the root directory (database, write-ahead log, log file) on a small tmpfs
// that the test fills. The daemon keeps serving reads, answers writes with kube's answer for a storage failure (500,
// the storage's message: the disk is full), loses no acknowledged write, keeps no half of an unacknowledged one, and
// takes writes again by itself once space is freed. Mounting a tmpfs needs root: elsewhere the tests are skipped and
// say why (in CI they fail).
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDetached, stopDaemon } from '../../src/launcher.js';
import { isAlive } from '../../src/rootdir/state.js';
import { PROJECT_ROOT } from './support/daemon.js';
import { requirePrerequisite } from '../support/prerequisite.js';

const base = mkdtempSync(join(tmpdir(), 'kcpx-diskfull-'));
let mounted = false;
let whyNot = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0700', 'tmpfs', base], { stdio: 'pipe' });
  mounted = true;
} catch (err) {
  whyNot = `mounting a tmpfs is not permitted here (${String((err as { stderr?: Buffer }).stderr ?? err).trim() || 'mount failed'}); run the suite as root to test a full disk`;
}

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', base]);
  rmSync(base, { recursive: true, force: true });
});

/**
 * Fills the file system holding `dir` up to the last byte, then gives `leave` bytes back; returns the filler's path
 * (remove it to free the space).
 */
function fillDisk(dir: string, leave = 0): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024 * 1024);
  try {
    for (let size = chunk.length; size >= 1;) {
      try {
        writeSync(fd, chunk, 0, size);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        size = Math.floor(size / 2);
      }
    }
    if (leave) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leave));
  } finally {
    closeSync(fd);
  }
  return path;
}

function skipUnlessMounted(ctx: { skip: (note?: string) => never }): void {
  requirePrerequisite(ctx, mounted, whyNot);
}

describe('a full disk', () => {
  let root: string;
  let agent: Agent;
  let url: string;
  let token: string;
  let pid: number;

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await request(`${url}${path}`, {
      method: method as 'GET',
      dispatcher: agent,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    return {
      status: res.statusCode,
      body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { items?: Array<{ metadata: { name: string } }> },
    };
  };
  const connect = (kubeconfig: string) => {
    const cfg = YAML.parse(readFileSync(kubeconfig, 'utf8')) as {
      clusters: Array<{ cluster: Record<string, string> }>;
      users: Array<{ user: { token: string } }>;
    };
    agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
    token = cfg.users[0]!.user.token;
  };

  beforeAll(async () => {
    if (!mounted) return;
    root = join(base, 'root');
    const ready = await startDetached({ rootDir: root, port: 0, bind: '127.0.0.1', ephemeral: false });
    url = ready.url;
    pid = ready.pid;
    connect(ready.kubeconfig);
  });
  afterAll(async () => {
    await agent?.close();
    if (mounted) await stopDaemon(root).catch(() => undefined);
  });

  it(
    'keeps reading, refuses writes with 500 and the reason, takes writes again once space is freed, and loses nothing acknowledged',
    { timeout: 120_000 },
    async (ctx) => {
      skipUnlessMounted(ctx);
      const payload = 'x'.repeat(256 * 1024);
      const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { payload } });
      const cms = '/clusters/root/api/v1/namespaces/default/configmaps';
      expect((await call('POST', cms, cm('before-full'))).status).toBe(201);

      // A little room is left: some writes still fit, then the disk runs out.
      const filler = fillDisk(base, 2 * 1024 * 1024);
      const acked: string[] = ['before-full'];
      const refused: string[] = [];
      let failure: Record<string, unknown> | undefined;
      // Four clients at a time, so that writes share grouped commits.
      for (let round = 0; round < 50 && refused.length < 8; round++) {
        const names = [0, 1, 2, 3].map((c) => `w-${round}-${c}`);
        const answers = await Promise.all(names.map((name) => call('POST', cms, cm(name))));
        answers.forEach((r, c) => {
          if (r.status === 201) acked.push(names[c]!);
          else {
            expect(r.status).toBe(500);
            failure = r.body;
            refused.push(names[c]!);
          }
        });
      }
      expect(acked.length).toBeGreaterThan(1);
      expect(refused.length).toBeGreaterThan(0);
      // kube's answer for its storage's own errors: 500, no reason, the storage's message.
      expect(failure).toMatchObject({ kind: 'Status', status: 'Failure', code: 500 });
      expect(failure!['reason']).toBeUndefined();
      expect(String(failure!['message'])).toMatch(/disk .*full|full.*disk/);

      // Now the last byte: a workspace is several rows (itself, its logical cluster, its namespaces), and none of them
      // may stay behind when it is refused. (A write may still fit where the log starts over.)
      const last = fillDisk(join(base, 'root'));
      const workspaces = '/clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces';
      const wsAcked: string[] = [];
      const wsRefused: string[] = [];
      for (let i = 0; i < 20 && wsRefused.length === 0; i++) {
        const r = await call('POST', workspaces, {
          apiVersion: 'tenancy.kcp.io/v1alpha1',
          kind: 'Workspace',
          metadata: { name: `during-full-${i}` },
        });
        if (r.status === 201) wsAcked.push(`during-full-${i}`);
        else {
          expect(r.status).toBe(500);
          wsRefused.push(`during-full-${i}`);
        }
      }
      expect(wsRefused).toHaveLength(1);

      // Still alive, still reading.
      expect(isAlive(pid)).toBe(true);
      expect((await call('GET', `${cms}/before-full`)).status).toBe(200);
      const listed = await call('GET', cms);
      expect(listed.status).toBe(200);
      for (const name of acked) expect(listed.body.items!.map((i) => i.metadata.name)).toContain(name);
      expect((await call('GET', `${workspaces}/${wsRefused[0]}`)).status).toBe(404);

      // Space returns: writes succeed again without a restart.
      unlinkSync(filler);
      unlinkSync(last);
      const after = await call('POST', cms, cm('after-full'));
      expect(after.status).toBe(201);
      acked.push('after-full');
      expect(
        (await call('POST', workspaces, { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name: 'after-full' } }))
          .status,
      ).toBe(201);
      wsAcked.push('after-full');

      // A restart reads back exactly what was acknowledged.
      await agent.close();
      expect(await stopDaemon(root)).toBe(true);
      const again = await startDetached({ rootDir: root, port: 0, bind: '127.0.0.1', ephemeral: false });
      url = again.url;
      connect(again.kubeconfig);
      const names = (await call('GET', cms)).body.items!.map((i) => i.metadata.name);
      for (const name of acked) expect(names).toContain(name);
      for (const name of refused) expect(names).not.toContain(name);
      const wsNames = (await call('GET', workspaces)).body.items!.map((i) => i.metadata.name);
      expect(wsNames.sort()).toEqual(wsAcked.sort());
      // Each acknowledged workspace is whole: its logical cluster serves.
      for (const name of wsAcked) expect((await call('GET', `/clusters/root:${name}/api/v1/namespaces/default`)).status).toBe(200);
    },
  );

  it(
    'survives failed writes to its log and to a stdout or stderr whose reader went away, and logs again once it can',
    { timeout: 60_000 },
    async (ctx) => {
      skipUnlessMounted(ctx);
      const dir = join(base, 'logs');
      mkdirSync(dir);
      const logPath = join(dir, 'kcpx.log');
      // The daemon's own logging (dist/daemon/support/log.js), its stderr a log file on the full disk, then a pipe nobody reads.
      const script = `
      const { survivePipeAndDiskErrors, writeLog } = await import(${JSON.stringify(join(PROJECT_ROOT, 'dist/daemon/support/log.js'))});
      const { writeSync, existsSync } = await import('node:fs');
      survivePipeAndDiskErrors();
      for (let i = 0; i < 100; i++) writeLog('line ' + i + ' ' + 'y'.repeat(1000) + '\\n');
      process.emitWarning('a warning node writes to stderr itself');
      process.stdout.write('status line\\n');
      writeSync(3, 'full\\n');
      // Wait for the test to free space, then log again.
      while (!existsSync(${JSON.stringify(join(dir, 'go'))})) await new Promise((r) => setTimeout(r, 20));
      writeLog('after space returned\\n');
      writeSync(3, 'done\\n');
    `;
      const filler = fillDisk(base);
      const logFd = openSync(logPath, 'a');
      const notes: string[] = [];
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', logFd, 'pipe'] });
      closeSync(logFd);
      // Nobody reads its stdout.
      child.stdout!.destroy();
      child.stdio[3]!.on('data', (d: Buffer) => {
        const fresh = d.toString().trim().split('\n');
        notes.push(...fresh);
        if (fresh.includes('full')) {
          unlinkSync(filler);
          closeSync(openSync(join(dir, 'go'), 'w'));
        }
      });
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      expect(code).toBe(0);
      expect(notes).toEqual(['full', 'done']);
      expect(readFileSync(logPath, 'utf8')).toContain('after space returned');
      expect(statSync(logPath).size).toBeGreaterThan(0);
    },
  );
});
