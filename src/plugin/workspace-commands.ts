// kcp's `kubectl ws` and `kubectl create workspace` (cli:pkg/workspace/cmd/cmd.go): the same commands, flags, help
// texts and argument rules, running kcpx's workspace operations. Loaded on every `kubectl ws`, so it imports only
// what the common commands need; the interactive browser (ink, react) loads when asked for.
import { Session, type SessionOptions } from '../workspace/session.js';
import { create, createContext, current, tree, use } from '../workspace/ops.js';
import { cliError } from '../errors/catalogue.js';
import type { FlagSpec, FlagValues, ParsedLine } from './flags.js';
import type { PluginCommand, PluginIO } from './command.js';

const str = (name: string, usage: string, short?: string): FlagSpec => ({ name, kind: 'string', usage, ...(short ? { short } : {}) });
const bool = (name: string, usage: string, short?: string): FlagSpec => ({ name, kind: 'bool', usage, ...(short ? { short } : {}) });

/** The kubectl connection flags kcp's plugins bind (cli:pkg/base/options.go), and --debug for stack traces. */
const CONNECTION_FLAGS: FlagSpec[] = [
  str('kubeconfig', 'Path to the kubeconfig file'),
  str('context', 'The name of the kubeconfig context to use'),
  str('user', 'The name of the kubeconfig user to use'),
  str('server', 'The address and port of the Kubernetes API server', 's'),
  str('token', 'Bearer token for authentication to the API server'),
  str('certificate-authority', 'Path to a cert file for the certificate authority'),
  bool(
    'insecure-skip-tls-verify',
    "If true, the server's certificate will not be checked for validity. This will make your HTTPS connections insecure",
  ),
  str(
    'tls-server-name',
    'If provided, this name will be used to validate server certificate. If this is not provided, hostname used to contact the server is used.',
  ),
  { name: 'debug', kind: 'bool', usage: 'Print stack traces on errors.', hidden: true },
];

const WORKSPACE_FLAG = str(
  'workspace',
  "Workspace path to target. If not specified, the current workspace from the kubeconfig will be used. Use a leading ':' for absolute paths (e.g. ':root:my-ws'), or omit it for relative paths (e.g. 'my-ws'). '.' stays in the current workspace, '..' navigates to the parent workspace.",
  'w',
);

const SHORT_FLAG = bool('short', 'Print only the name of the workspace, e.g. for integration into the shell prompt');

function session(f: FlagValues): Session {
  const s = (k: string) => (typeof f[k] === 'string' && f[k] !== '' ? f[k] : undefined);
  const opts: SessionOptions = {};
  const set = <K extends keyof SessionOptions>(k: K, v: SessionOptions[K] | undefined) => {
    if (v !== undefined) opts[k] = v;
  };
  set('kubeconfig', s('kubeconfig'));
  set('context', s('context'));
  set('workspace', s('workspace'));
  set('user', s('user'));
  set('server', s('server'));
  set('token', s('token'));
  set('certificateAuthority', s('certificate-authority'));
  set('tlsServerName', s('tls-server-name'));
  if (f['insecure-skip-tls-verify'] === true) opts.insecureSkipTlsVerify = true;
  return new Session(opts);
}

async function withSession(f: FlagValues, fn: (s: Session) => Promise<void>): Promise<void> {
  const s = session(f);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

async function runUse(line: ParsedLine, io: PluginIO, arg: string): Promise<void> {
  await withSession(line.flags, async (s) => {
    const r = await use(s, arg, line.flags['short'] === true);
    for (const n of r.notes) io.err(`${n}\n`);
    if (r.message) io.out(`${r.message}\n`);
  });
}

async function runInteractive(line: ParsedLine, io: PluginIO): Promise<void> {
  await withSession(line.flags, async (s) => {
    const { browse } = await import('../workspace/interactive.js');
    const chosen = await browse(s);
    if (chosen) io.out(`${(await use(s, `:${chosen}`)).message}\n`);
  });
}

/** `kubectl create workspace` and the deprecated `kubectl ws create`: cobra's NewCreate. */
function createCommand(prefix: string, deprecated?: string): PluginCommand {
  return {
    name: 'create',
    short: 'Creates a new workspace',
    example: `${prefix} <workspace name> [--type=<type>] [--enter [--ignore-not-ready]] --ignore-existing`,
    ...(deprecated ? { deprecated } : {}),
    exactArgs: 1,
    flags: [
      ...CONNECTION_FLAGS,
      WORKSPACE_FLAG,
      str('type', 'A workspace type. The default type depends on where this child workspace is created.'),
      bool('enter', 'Immediately enter the created workspace'),
      bool(
        'ignore-existing',
        'Ignore if the workspace already exists. Requires none or absolute type path. Overwrites the context if --create-context is set.',
      ),
      str('location-selector', 'A label selector to select the scheduling location of the created workspace.'),
      str('create-context', 'Create a kubeconfig context for the new workspace with the given name.'),
    ],
    run: (line, io) =>
      withSession(line.flags, async (s) => {
        const f = line.flags;
        const text = (k: string) => (typeof f[k] === 'string' && f[k] !== '' ? f[k] : undefined);
        const type = text('type');
        const selector = text('location-selector');
        await create(
          s,
          line.args[0]!,
          {
            ...(type ? { type } : {}),
            ...(selector ? { locationSelector: selector } : {}),
            ...(typeof f['create-context'] === 'string' ? { createContext: f['create-context'] } : {}),
            enter: f['enter'] === true,
            ignoreExisting: f['ignore-existing'] === true,
          },
          (l) => io.out(`${l}\n`),
        );
      }),
  };
}

const WORKSPACE_EXAMPLE = `
# shows the workspace you are currently using
kubectl workspace .

# interactive workspace tree browser
kubectl workspace -i

# enter a given workspace (this will change the current-context of your current KUBECONFIG)
kubectl workspace use my-workspace

# short-hand for the use syntax
kubectl workspace my-workspace

# enter a given absolute workspace
kubectl workspace :root:default:my-workspace

# short-hand for the current root workspace
kubectl workspace :

# enter a given relative workspace
kubectl workspace some:nested:workspace

# enter the parent workspace
kubectl workspace ..

# enter the grand parent workspace
kubectl workspace ..:..

# enter the previous workspace
kubectl workspace -

# go to your home workspace
kubectl workspace

# create a workspace and immediately enter it
kubectl workspace create my-workspace --enter

# create a context with the current workspace, e.g. root:default:my-workspace
kubectl workspace create-context

# create a context with the current workspace, named context-name
kubectl workspace create-context context-name
`;

/** `kubectl ws`: kcp's workspace command with its subcommands. */
export const workspaceCommand: PluginCommand = {
  name: 'workspace',
  aliases: ['ws', 'workspaces'],
  use: '[create|create-context|use|current|<workspace>|..|.|-|~|<root:absolute:workspace>] [-i|--interactive]',
  short: 'Manages kcp workspaces',
  example: WORKSPACE_EXAMPLE,
  flags: [...CONNECTION_FLAGS, SHORT_FLAG, bool('interactive', 'Interactive workspace tree browser', 'i')],
  async run(line, io) {
    if (line.flags['interactive'] === true) {
      if (line.args.length) throw cliError('interactiveWithArguments');
      return runInteractive(line, io);
    }
    if (line.args.length > 1) return 'help';
    return runUse(line, io, line.args[0] ?? '');
  },
  subcommands: [
    {
      name: 'use',
      aliases: ['cd'],
      use: '<workspace>|..|.|-|~|<:root:absolute:workspace>|<relative:workspace>',
      short:
        'Uses the given workspace as the current workspace. Using - means previous workspace, .. means parent workspace, . mean current, ~ means home workspace',
      flags: [...CONNECTION_FLAGS, SHORT_FLAG],
      run: (line, io) => (line.args.length !== 1 ? Promise.resolve('help') : runUse(line, io, line.args[0]!)),
    },
    {
      name: 'current',
      use: '[--short]',
      short: "Print the current workspace. Same as 'kubectl ws .'.",
      example: 'kcp workspace current',
      flags: [...CONNECTION_FLAGS, SHORT_FLAG],
      run(line, io) {
        if (line.args.length) return 'help';
        const msg = current(session(line.flags), line.flags['short'] === true);
        if (msg) io.out(`${msg}\n`);
      },
    },
    createCommand(
      'kubectl workspace create',
      "install the 'kubectl create workspace' plugin instead, compare https://docs.kcp.io/kcp/latest/setup/kubectl-plugin/.",
    ),
    {
      name: 'create-context',
      use: '[<context-name>] [--overwrite]',
      short: 'Create a kubeconfig context for the current workspace',
      example: 'kcp workspace create-context',
      flags: [...CONNECTION_FLAGS, bool('overwrite', 'Overwrite the context if it already exists')],
      run(line, io) {
        if (line.args.length > 1) return 'help';
        const s = session(line.flags);
        io.out(`${createContext(s, { ...(line.args[0] ? { name: line.args[0] } : {}), overwrite: line.flags['overwrite'] === true })}\n`);
      },
    },
    {
      name: 'tree',
      short: 'Print the current workspace tree.',
      example: 'kcp workspace tree',
      flags: [
        ...CONNECTION_FLAGS,
        WORKSPACE_FLAG,
        bool('full', 'Show full workspace names', 'f'),
        bool('interactive', 'Interactive workspace tree browser', 'i'),
        bool('wide', 'Show workspace and logical cluster status for each node'),
      ],
      async run(line, io) {
        if (line.args.length) return 'help';
        if (line.flags['interactive'] === true) return runInteractive(line, io);
        await withSession(line.flags, async (s) =>
          io.out(await tree(s, { full: line.flags['full'] === true, wide: line.flags['wide'] === true })),
        );
      },
    },
  ],
};

/** `kubectl create workspace NAME`. */
export const createWorkspaceCommand: PluginCommand = createCommand('kubectl create workspace');
