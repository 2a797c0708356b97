// The interactive browser (`kubectl ws -i`) in a real pseudo-terminal (util-linux `script`), over 300 workspaces:
// keys go in as a user types them, once the browser shows its prompt.
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-browser-'));
const env = {
  ...process.env,
  PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}`,
  KUBECONFIG: join(dir, 'admin.kubeconfig'),
  KUBECACHEDIR: join(dir, 'cache'),
  TERM: 'xterm-256color',
  // ink renders only the last frame when it believes it runs in CI (is-in-ci reads CI): the browser is run here as
  // a person at a terminal runs it, whatever the test runner's environment says.
  CI: 'false',
};
const ESC = '\x1b';
const DOWN = `${ESC}[B`;
const LEFT = `${ESC}[D`;
const ENTER = '\r';

/** Key presses: an arrow's escape sequence, or one character. */
function splitKeys(keys: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === ESC) {
      out.push(keys.slice(i, i + 3));
      i += 2;
    } else out.push(keys[i]!);
  }
  return out;
}

/** Runs `kubectl ws -i` in a 20-row pty, types `keys` once the prompt shows; resolves with everything it printed. */
async function browse(keys: string, extraEnv: Record<string, string> = {}): Promise<string> {
  const child = execa('script', ['-qfec', 'stty rows 20 cols 100; kubectl ws -i', '/dev/null'], {
    env: { ...env, ...extraEnv },
    reject: false,
    timeout: 60_000,
  });
  let out = '';
  let typed = false;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (!typed && out.includes('Press Enter to switch to this workspace')) {
      typed = true;
      // One key at a time, as typed: ink reads each chunk as one key press.
      void (async () => {
        for (const k of splitKeys(keys)) {
          child.stdin.write(k);
          await new Promise((r) => setTimeout(r, 15));
        }
      })();
    }
  });
  await child;
  return out;
}

beforeAll(async () => {
  const r = await execa('kcpx', ['start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0'], { env, reject: false });
  if (r.exitCode !== 0) throw new Error(r.stderr);
  const names = Array.from({ length: 300 }, (_, i) => `w${String(i).padStart(3, '0')}`);
  const docs = names.map((n) => `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata:\n  name: ${n}\n`).join('---\n');
  writeFileSync(join(dir, 'workspaces.yaml'), docs);
  const applied = await execa('kubectl', ['create', '-f', join(dir, 'workspaces.yaml')], { env, reject: false });
  if (applied.exitCode !== 0) throw new Error(applied.stderr);
  await execa('kubectl', ['create', 'workspace', 'inner', '-w', 'w001'], { env });
}, 180_000);
afterAll(async () => {
  await execa('kcpx', ['stop', '--root-dir', dir], { env, reject: false });
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl ws -i in a terminal', () => {
  it('opens scrolled to the current workspace among 300, moves with the keys and switches with Enter', async () => {
    await execa('kubectl', ['ws', ':root:w250'], { env });
    const out = await browse(DOWN.repeat(30) + ENTER);
    // The first frame: the window scrolled to the cursor, rows hidden above and below, on the alternate screen.
    expect(out).toContain('kcp Workspaces');
    expect(out).toContain('root:w250 | root:organization | cluster:');
    expect(out).toContain('→   w250');
    expect(out.match(/ \.\.\./g)?.length).toBeGreaterThanOrEqual(2);
    expect(out).toContain('Press Enter to switch to this workspace');
    expect(out).toContain('↑/↓: navigate →/←/Space: expand/collapse q: quit');
    expect(out).toContain(`${ESC}[?1049h`);
    expect(out).toContain(`${ESC}[?1049l`);
    expect(out).toContain("Current workspace is 'root:w280' (type root:organization).");
    expect((await execa('kubectl', ['ws', '.'], { env })).stdout).toBe("Current workspace is 'root:w280'.");
  });

  it('expands the current workspace’s ancestors, shows details, collapses with ←', async () => {
    await execa('kubectl', ['ws', ':root:w001:inner'], { env });
    // The cursor starts on root:w001:inner; up to w001 (▼, expanded), collapse it, down to w002 (not inner), Enter.
    const out = await browse(`${ESC}[A${LEFT}${DOWN}${ENTER}`);
    expect(out).toContain('root:w001:inner | root:universal | cluster:');
    expect(out).toContain('▼ w001');
    expect(out).toContain("Current workspace is 'root:w002' (type root:organization).");
  });

  it('quits with q, changing nothing, and honours NO_COLOR', async () => {
    const out = await browse('q', { NO_COLOR: '1' });
    expect(out).not.toContain('Current workspace is');
    for (const sgr of ['7', '32', '1', '2']) expect(out).not.toContain(`${ESC}[${sgr}m`);
    expect((await execa('kubectl', ['ws', '.'], { env })).stdout).toBe("Current workspace is 'root:w002'.");
  });
});
