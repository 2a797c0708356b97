import { chownSync, chmodSync, closeSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../../test/support/prerequisite.js';
import { makePrivate, openPrivateForAppend, prepareRootDir, writePrivateFile } from './dir.js';

let base: string;
let umask: number;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'kcpx-rootdir-'));
  // The modes must hold whatever the umask: the loosest one.
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  rmSync(base, { recursive: true, force: true });
});

const mode = (p: string) => statSync(p).mode & 0o7777;

describe('prepareRootDir', () => {
  it('creates the directory 0700', () => {
    const dir = join(base, 'a', 'root');
    expect(prepareRootDir(dir)).toEqual({ created: true });
    expect(mode(dir)).toBe(0o700);
    expect(prepareRootDir(dir)).toEqual({ created: false });
  });

  it('tightens an existing directory of the user and the kcpx files in it, and leaves other files and symlink targets alone', () => {
    const dir = join(base, 'old');
    mkdirSync(dir, { mode: 0o755 });
    for (const f of ['shard-root.db', 'shard-root.db-wal', 'admin.kubeconfig', 'ca.crt', 'kcpx.log', 'notes.txt'])
      writeFileSync(join(dir, f), 'x', { mode: 0o644 });
    const outside = join(base, 'elsewhere');
    writeFileSync(outside, 'x', { mode: 0o644 });
    symlinkSync(outside, join(dir, 'kcpx.json'));
    prepareRootDir(dir);
    expect(mode(dir)).toBe(0o700);
    for (const f of ['shard-root.db', 'shard-root.db-wal', 'admin.kubeconfig', 'ca.crt', 'kcpx.log'])
      expect(mode(join(dir, f))).toBe(0o600);
    expect(mode(join(dir, 'notes.txt'))).toBe(0o644);
    expect(mode(outside)).toBe(0o644);
  });

  it('refuses a directory of another user, and a shared one such as /tmp, with one line', (ctx) => {
    const shared = join(base, 'shared');
    mkdirSync(shared, { mode: 0o1777 });
    chmodSync(shared, 0o1777);
    expect(() => prepareRootDir(shared)).toThrow(
      /^the root directory .*shared is a shared directory \(sticky bit set, like \/tmp\); pick a directory of its own with --root-dir/,
    );
    expect(mode(shared)).toBe(0o1777);

    requirePrerequisite(ctx, process.getuid?.() === 0, 'giving a directory to another user needs root');
    const foreign = join(base, 'foreign');
    mkdirSync(foreign, { mode: 0o755 });
    chownSync(foreign, 65534, 65534);
    expect(() => prepareRootDir(foreign)).toThrow(
      /^the root directory .*foreign belongs to uid 65534, not to you \(uid 0\); pick a directory of your own with --root-dir$/,
    );
    expect(mode(foreign)).toBe(0o755);
  });

  it('refuses a file', () => {
    const file = join(base, 'file');
    writeFileSync(file, '');
    expect(() => prepareRootDir(file)).toThrow(/^the root directory .*file is not a directory; pick another with --root-dir$/);
  });
});

describe('private files', () => {
  it('writes, appends and tightens 0600 whatever the umask', () => {
    const written = join(base, 'w');
    writePrivateFile(written, 'a');
    expect(mode(written)).toBe(0o600);
    const appended = join(base, 'log');
    closeSync(openPrivateForAppend(appended));
    expect(mode(appended)).toBe(0o600);
    const loose = join(base, 'loose');
    writeFileSync(loose, '', { mode: 0o666 });
    makePrivate(loose);
    expect(mode(loose)).toBe(0o600);
  });
});
