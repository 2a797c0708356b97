import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeState } from './state.js';
import { CliError } from '../errors/catalogue.js';
import { acquireRootLock, isRootLocked, LOCK_FILE } from './lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcpx-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The catalogue id of the error `f` throws (anything else thrown fails the test). */
function thrownId(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return (err as CliError).id;
  }
  return undefined;
}

describe('the root directory lock', () => {
  it('is held by one taker at a time, in one process too, and a refused taker does not loosen it', () => {
    const first = acquireRootLock(dir);
    expect(statSync(join(dir, LOCK_FILE)).mode & 0o777).toBe(0o600);
    expect(thrownId(() => acquireRootLock(dir))).toBe('alreadyStarting');
    // Closing a descriptor of a file drops the process's POSIX locks on it: the refused attempt above must not have.
    expect(() => acquireRootLock(dir)).toThrow(/^kcpx is already starting or running for .* \(another process holds .*kcpx\.lock\)$/);
    expect(isRootLocked(dir)).toBe(true);
    expect(isRootLocked(dir)).toBe(true);
    first.release();
    expect(isRootLocked(dir)).toBe(false);
    const second = acquireRootLock(dir);
    second.release();
    second.release();
  });

  it('names the daemon holding it when its state file is there', () => {
    const held = acquireRootLock(dir);
    try {
      writeState(dir, {
        pid: process.pid,
        url: 'https://127.0.0.1:6443',
        port: 6443,
        bind: '127.0.0.1',
        rootDir: dir,
        kubeconfig: '',
        ephemeral: false,
        startedAt: '',
      });
      expect(() => acquireRootLock(dir)).toThrow(
        `kcpx is already running for ${dir} (pid ${process.pid}, https://127.0.0.1:6443); stop it with \`kcpx stop --root-dir ${dir}\``,
      );
    } finally {
      held.release();
    }
  });

  it('is free again once its holder is killed (kill -9 leaves no stale lock)', async () => {
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require(${JSON.stringify(sqlite)}); const db = new D(${JSON.stringify(join(dir, LOCK_FILE))}); db.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise((r) => holder.stdout.once('data', r));
    expect(isRootLocked(dir)).toBe(true);
    expect(thrownId(() => acquireRootLock(dir))).toBe('alreadyStarting');
    const exited = new Promise((r) => holder.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
    expect(isRootLocked(dir)).toBe(false);
    acquireRootLock(dir).release();
  });

  it('can be removed by its holder; the next taker locks a new file', () => {
    const held = acquireRootLock(dir);
    held.release({ remove: true });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(isRootLocked(dir)).toBe(false);
    const next = acquireRootLock(dir);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    expect(thrownId(() => acquireRootLock(dir))).toBe('alreadyStarting');
    next.release();
  });
});
