// kcp's kubectl plugins as kcpx ships them (bin/kubectl-ws, bin/kubectl-create-workspace through the real kubectl):
// cobra's flags, help and argument errors word for word, -w, create-context, ws tree's layout, the lean `kcpx status`
// and the start command's rough edges.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS } from '../../src/index.js';
import { PROJECT_ROOT } from './support/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-plugins-'));
const env = {
  ...process.env,
  PATH: `${join(PROJECT_ROOT, 'bin')}:${process.env['PATH']}`,
  KUBECONFIG: join(dir, 'admin.kubeconfig'),
  KUBECACHEDIR: join(dir, 'cache'),
  NO_COLOR: '1',
};
const sh = (cmd: string, args: string[], extra: Record<string, string> = {}) =>
  execa(cmd, args, { env: { ...env, ...extra }, reject: false, timeout: 60_000, stripFinalNewline: false });
const kcpx = (...args: string[]) => sh('kcpx', args);
const kubectl = (...args: string[]) => sh('kubectl', args);

beforeAll(async () => {
  const r = await kcpx('start', '--ephemeral', '--detach', '--root-dir', dir, '--port', '0');
  if (r.exitCode !== 0) throw new Error(r.stderr);
  for (const name of ['a', 'b']) await kubectl('create', 'workspace', name);
  await kubectl('create', 'workspace', 'nested', '-w', 'a');
}, 120_000);
afterAll(async () => {
  await kcpx('stop', '--root-dir', dir);
  rmSync(dir, { recursive: true, force: true });
});

describe("cobra's argument errors: one line, exit 1", () => {
  const cases: Array<[string[], string]> = [
    [['ws', '--bogus'], 'Error: unknown flag: --bogus\n'],
    [['ws', 'tree', '--bogus'], 'Error: unknown flag: --bogus\n'],
    [['ws', '-z'], "Error: unknown shorthand flag: 'z' in -z\n"],
    [['ws', 'tree', '-fz'], "Error: unknown shorthand flag: 'z' in -z\n"],
    [['ws', 'tree', '--kubeconfig'], 'Error: flag needs an argument: --kubeconfig\n'],
    [['ws', 'tree', '-w'], "Error: flag needs an argument: 'w' in -w\n"],
    [
      ['ws', 'tree', '--full=maybe'],
      'Error: invalid argument "maybe" for "-f, --full" flag: strconv.ParseBool: parsing "maybe": invalid syntax\n',
    ],
    [['create', 'workspace'], 'Error: accepts 1 arg(s), received 0\n'],
    [['create', 'workspace', 'x', 'y'], 'Error: accepts 1 arg(s), received 2\n'],
  ];
  for (const [args, stderr] of cases) {
    it(`kubectl ${args.join(' ')}`, async () => {
      const r = await kubectl(...args);
      expect([r.exitCode, r.stderr, r.stdout]).toEqual([1, stderr, '']);
    });
  }

  it('prints a stack trace only with --debug', async () => {
    const r = await kubectl('ws', ':root:nope', '--debug');
    expect(r.exitCode).toBe(EXIT_STATUS.notFound);
    expect(r.stderr).toMatch(/^Error: workspace "root:nope" not found\nCliError: workspace "root:nope" not found\n {4}at /);
  });

  it('says `kubectl ws create` is deprecated, then runs it', async () => {
    const r = await kubectl('ws', 'create');
    expect(r.stderr).toBe(
      'Command "create" is deprecated, install the \'kubectl create workspace\' plugin instead, compare https://docs.kcp.io/kcp/latest/setup/kubectl-plugin/.\nError: accepts 1 arg(s), received 0\n',
    );
    expect(r.exitCode).toBe(1);
  });
});

describe("cobra's help, for the plugin's names", () => {
  it('kubectl ws --help', async () => {
    const r = await kubectl('ws', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Manages kcp workspaces\n\nUsage:\n {2}kubectl ws \[create\|create-context\|use\|current\|<workspace>\|\.\.\|\.\|-\|~\|<root:absolute:workspace>\] \[-i\|--interactive\] \[flags\]\n {2}kubectl ws \[command\]\n\nAliases:\n {2}workspace, ws, workspaces\n\nExamples:\n\n# shows the workspace you are currently using\nkubectl workspace \.\n/,
    );
    expect(r.stdout).toContain(
      [
        'Available Commands:',
        '  create-context Create a kubeconfig context for the current workspace',
        "  current        Print the current workspace. Same as 'kubectl ws .'.",
        '  help           Help about any command',
        '  tree           Print the current workspace tree.',
        '  use            Uses the given workspace as the current workspace. Using - means previous workspace, .. means parent workspace, . mean current, ~ means home workspace',
      ].join('\n'),
    );
    expect(r.stdout).toContain('  -h, --help                           help for workspace\n');
    expect(r.stdout).toContain('  -i, --interactive                    Interactive workspace tree browser\n');
    expect(r.stdout).toMatch(/\nUse "kubectl ws \[command\] --help" for more information about a command\.\n$/);
    expect((await kubectl('ws', '-h')).stdout).toBe(r.stdout);
  });

  it('kubectl ws tree --help, and kubectl ws help tree', async () => {
    const r = await kubectl('ws', 'tree', '--help');
    expect(r.stdout).toMatch(
      /^Print the current workspace tree\.\n\nUsage:\n {2}kubectl ws tree \[flags\]\n\nExamples:\nkcp workspace tree\n\nFlags:\n/,
    );
    expect(r.stdout).toContain('  -f, --full  ');
    expect(r.stdout).toContain('      --wide  ');
    expect(r.stdout).toMatch(/ {2}-w, --workspace string +Workspace path to target\./);
    expect((await kubectl('ws', 'help', 'tree')).stdout).toBe(r.stdout);
  });

  it('kubectl create workspace --help', async () => {
    const r = await kubectl('create', 'workspace', '--help');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Creates a new workspace\n\nUsage:\n {2}kubectl create workspace \[flags\]\n\nExamples:\nkubectl create workspace <workspace name> \[--type=<type>\] \[--enter \[--ignore-not-ready\]\] --ignore-existing\n\nFlags:\n/,
    );
    expect(r.stdout).toMatch(/ {6}--create-context string +Create a kubeconfig context for the new workspace with the given name\.\n/);
  });

  it('kubectl ws use without an argument prints its help', async () => {
    const r = await kubectl('ws', 'use');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Uses the given workspace as the current workspace\..*\n\nUsage:\n {2}kubectl ws use <workspace>/);
    expect(r.stdout).toContain('Aliases:\n  use, cd\n');
  });
});

describe('ws tree', () => {
  it('ends with the blank line kcp prints', async () => {
    await kubectl('ws', ':root');
    const r = await kubectl('ws', 'tree');
    expect(r.stdout).toBe('.\n└── root\n    ├── a\n    │   └── nested\n    └── b\n\n');
    expect((await kubectl('ws', 'tree', '--full')).stdout).toBe(
      '.\n└── root\n    ├── root:a\n    │   └── root:a:nested\n    └── root:b\n\n',
    );
  });

  it('--wide shows each workspace’s phase and its logical cluster’s, aligned', async () => {
    const r = await kubectl('ws', 'tree', '--wide');
    expect(r.stdout).toBe(
      [
        '.',
        '└── root            ws=-      lc=Ready',
        '    ├── a           ws=Ready  lc=Ready',
        '    │   └── nested  ws=Ready  lc=Ready',
        '    └── b           ws=Ready  lc=Ready',
        '',
      ].join('\n'),
    );
  });

  it('-w shows another workspace’s tree without switching', async () => {
    expect((await kubectl('ws', 'tree', '-w', 'a')).stdout).toBe('.\n└── a\n    └── nested\n\n');
    expect((await kubectl('ws', 'tree', '--workspace', ':root:a:nested')).stdout).toBe('.\n└── nested\n\n');
    expect((await kubectl('ws', 'tree', '-w', ':root:a:..')).stdout).toContain('└── root\n');
    const above = await kubectl('ws', 'tree', '-w', '..:..');
    expect([above.exitCode, above.stderr]).toEqual([EXIT_STATUS.usage, 'Error: cannot go above the root workspace\n']);
    expect((await kubectl('ws', '.')).stdout).toBe("Current workspace is 'root'.\n");
  });

  it('fails at once when no shard matches, and shows the unscheduled workspace in the tree', async () => {
    const t0 = Date.now();
    const r = await kubectl('create', 'workspace', 'nowhere', '--location-selector', 'region=nowhere');
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.exitCode).toBe(EXIT_STATUS.unavailable);
    expect(r.stdout).toBe('Workspace "nowhere" (type root:organization) created. Waiting for it to be ready...\n');
    expect(r.stderr).toBe(
      'Error: workspace "nowhere" cannot be scheduled (Unschedulable): No available shards to schedule the workspace; it stays in phase Scheduling until a shard matches its location selector\n',
    );
    expect((await kubectl('ws', 'tree')).stdout).toContain('    └── nowhere (Scheduling)\n');
    await kubectl('delete', 'workspace', 'nowhere');
  });
});

describe('the owner annotation', () => {
  it('keeps only the username once the workspace is Ready, as kcp does', async () => {
    const r = await kubectl('get', 'workspace', 'a', '-o', 'jsonpath={.metadata.annotations.experimental\\.tenancy\\.kcp\\.io/owner}');
    expect(r.stdout).toBe('{"username":"kcp-admin"}');
  });
});

describe('create-context, and create --create-context', () => {
  it('creates, refuses to overwrite, then updates a context named for the workspace', async () => {
    const kc = join(dir, 'contexts.kubeconfig');
    writeFileSync(kc, readFileSync(env.KUBECONFIG, 'utf8'));
    const run = (...args: string[]) => sh('kubectl', args, { KUBECONFIG: kc });
    await run('ws', ':root:a');
    expect((await run('ws', 'create-context')).stdout).toBe('Created context "root:a" and switched to it.\n');
    expect((await run('config', 'current-context')).stdout).toBe('root:a\n');
    const again = await run('ws', 'create-context');
    expect([again.exitCode, again.stderr]).toEqual([
      EXIT_STATUS.refused,
      'Error: context "root:a" already exists in kubeconfig, use --overwrite to update it\n',
    ]);
    expect((await run('ws', 'create-context', '--overwrite')).stdout).toBe('Updated context "root:a".\n');
    expect((await run('ws', 'create-context', 'mine')).stdout).toBe('Created context "mine" and switched to it.\n');
    expect((await run('get', 'workspace', 'nested', '-o', 'name')).stdout).toBe('workspace.tenancy.kcp.io/nested\n');
  });

  it('create --create-context adds a context for the new workspace and keeps the current one', async () => {
    const kc = join(dir, 'create-context.kubeconfig');
    writeFileSync(kc, readFileSync(env.KUBECONFIG, 'utf8'));
    const run = (...args: string[]) => sh('kubectl', args, { KUBECONFIG: kc });
    await run('ws', ':root');
    const r = await run('create', 'workspace', 'c', '--create-context', 'ctx-c');
    expect(r.stdout).toBe(
      'Workspace "c" (type root:organization) created. Waiting for it to be ready...\nWorkspace "c" (type root:organization) is ready to use.\nCreated context "ctx-c".\n',
    );
    expect((await run('config', 'current-context')).stdout).toBe('workspace.kcp.io/current\n');
    expect((await run('ws', '.', '--context', 'ctx-c')).stdout).toBe("Current workspace is 'root:c'.\n");
  });

  it('create -w creates in another workspace', async () => {
    expect((await kubectl('create', 'workspace', 'deep', '-w', ':root:b')).exitCode).toBe(0);
    expect((await kubectl('ws', 'tree', '-w', 'b')).stdout).toBe('.\n└── b\n    └── deep\n\n');
  });
});

describe('kcpx', () => {
  it('status: aligned labels, and the JSON names the count as the text does', async () => {
    const text = (await kcpx('status', '--root-dir', dir)).stdout.split('\n');
    expect(text[0]).toMatch(/^kcpx is running at https:\/\/127\.0\.0\.1:\d+$/);
    const columns = text.slice(1, -1).map((l) => /^ {2}[a-z ]+: +/.exec(l)?.[0].length);
    expect(new Set(columns).size).toBe(1);
    expect(text).toContain(`  root dir:         ${dir} (ephemeral)`);
    expect(text.some((l) => /^ {2}logical clusters: \d+$/.test(l))).toBe(true);
    const json = JSON.parse((await kcpx('status', '--root-dir', dir, '--json')).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ running: true, ready: true, shards: 1, ephemeral: true });
    expect(typeof json['logicalClusters']).toBe('number');
  });

  it('ws delete names the workspace when the current workspace is gone', async () => {
    const kc = join(dir, 'gone.kubeconfig');
    writeFileSync(kc, readFileSync(env.KUBECONFIG, 'utf8'));
    await sh('kubectl', ['create', 'workspace', 'gone', '--enter'], { KUBECONFIG: kc });
    await kubectl('delete', 'workspace', 'gone');
    const r = await sh('kcpx', ['ws', 'delete', 'child', '--kubeconfig', kc]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/^Error: .*"child"/);
  });
});

describe('kcpx start: its errors, and what it leaves', () => {
  const base = mkdtempSync(join(tmpdir(), 'kcpx-start-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('refuses a port out of range in one line, before creating anything', async () => {
    const r = await kcpx('start', '--detach', '--ephemeral', '--root-dir', join(base, 'p'), '--port', '99999');
    expect([r.exitCode, r.stderr]).toEqual([
      EXIT_STATUS.usage,
      'Error: --port 99999 is not a port: pick one from 1 to 65535 (0 picks a free one)\n',
    ]);
    expect(existsSync(join(base, 'p'))).toBe(false);
  });

  it('refuses an address of another machine in one line, and leaves no root directory', async () => {
    const r = await kcpx('start', '--detach', '--ephemeral', '--root-dir', join(base, 'b'), '--port', '0', '--bind', '192.0.2.1');
    expect([r.exitCode, r.stderr]).toEqual([
      EXIT_STATUS.usage,
      'Error: cannot listen on 192.0.2.1: it is not an address of this machine; pick one with --bind (127.0.0.1 for this machine only, 0.0.0.0 for every interface)\n',
    ]);
    expect(existsSync(join(base, 'b'))).toBe(false);
  });

  it('an ephemeral start removes the root directory it created when it stops; the hint is absolute', async () => {
    const root = join(base, 'e');
    const r = await execa('kcpx', ['start', '--detach', '--ephemeral', '--root-dir', 'e', '--port', '0'], {
      env,
      cwd: base,
      reject: false,
    });
    expect(r.stdout).toContain(`\n  export KUBECONFIG=${join(root, 'admin.kubeconfig')}\n`);
    expect(existsSync(root)).toBe(true);
    await kcpx('stop', '--root-dir', root);
    expect(existsSync(root)).toBe(false);
  });

  it('a failed start reports only its own error, not the log of earlier starts', async () => {
    const root = join(base, 'twice');
    await kcpx('start', '--detach', '--root-dir', root, '--port', '0');
    await kcpx('stop', '--root-dir', root);
    writeFileSync(join(root, 'kcpx.log'), 'kcpx: an old failure\n', { flag: 'a' });
    const r = await kcpx('start', '--detach', '--root-dir', root, '--port', '0', '--bind', '192.0.2.1');
    expect(r.exitCode).toBe(EXIT_STATUS.usage);
    expect(r.stderr).not.toContain('an old failure');
    expect(r.stderr.split('\n')).toHaveLength(2);
  });
});

describe('bin/ launchers and NODE_EXTRA_CA_CERTS', () => {
  // The daemon's CA in a file, and a kubeconfig that names no CA: only NODE_EXTRA_CA_CERTS makes the server trusted.
  const caFile = join(dir, 'extra-ca.pem');
  const noCA = join(dir, 'no-ca.kubeconfig');
  beforeAll(() => {
    const kubeconfig = readFileSync(join(dir, 'admin.kubeconfig'), 'utf8');
    writeFileSync(caFile, Buffer.from(/certificate-authority-data: "?([^"\n]+)/.exec(kubeconfig)![1]!, 'base64'));
    writeFileSync(noCA, kubeconfig.replace(/^\s*certificate-authority-data:.*\n/gm, ''));
  });
  const withoutExtra = () => Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS')) as Record<string, string>;
  const ws = (extra: Record<string, string>, ...args: string[]) =>
    execa('kubectl', ['ws', ...args], { env: { ...withoutExtra(), KUBECONFIG: noCA, ...extra }, reject: false });

  it('kubectl ws trusts the certificates of NODE_EXTRA_CA_CERTS, as node would', async () => {
    const trusted = await ws({ NODE_EXTRA_CA_CERTS: caFile }, 'use', ':root:a');
    expect([trusted.exitCode, trusted.stdout]).toEqual([0, "Current workspace is 'root:a' (type root:organization)."]);
    const untrusted = await ws({}, 'use', ':root:b');
    expect(untrusted.exitCode).not.toBe(0);
    expect(untrusted.stderr).toMatch(/certificate/);
  });

  it('leaves node’s certificate store to NODE_OPTIONS when it chooses one', async () => {
    const r = await execa('kubectl', ['ws', 'use', ':root:b'], { env: { ...env, NODE_OPTIONS: '--use-bundled-ca' }, reject: false });
    expect([r.exitCode, r.stdout]).toEqual([0, "Current workspace is 'root:b' (type root:organization)."]);
  });

  it('kcpx run gives the command NODE_EXTRA_CA_CERTS as the user set it', async () => {
    const r = await execa('kcpx', ['run', '--', 'sh', '-c', 'printf "%s|%s" "$NODE_EXTRA_CA_CERTS" "${KCPX_EXTRA_CA_CERTS-unset}"'], {
      env: { ...env, NODE_EXTRA_CA_CERTS: caFile },
      reject: false,
    });
    expect([r.exitCode, r.stdout]).toEqual([0, `${caFile}|unset`]);
  });

  it('runs through a symbolic link, as npm installs it', async () => {
    const link = join(dir, 'linked-kubectl-ws');
    symlinkSync(join(PROJECT_ROOT, 'bin/kubectl-ws'), link);
    const r = await execa(link, ['current'], { env, reject: false });
    expect([r.exitCode, r.stdout]).toEqual([0, expect.stringMatching(/^Current workspace is '/)]);
  });
});
