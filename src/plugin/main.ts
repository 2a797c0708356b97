// The kubectl plugins' entry point (bin/kubectl-ws, bin/kubectl-create-workspace): cobra's dispatch without oclif,
// so a `kubectl ws` loads only the modules its command needs. Errors are one line, `Error: <message>`, with the
// catalogue's exit status (cobra's own argument errors exit 1, as kcp's); the stack trace only with --debug.
import { asCliError, cliError } from '../errors/catalogue.js';
import type { PluginCommand, PluginIO } from './command.js';
import { parseLine, takesValue, type ParsedLine } from './flags.js';
import { renderHelp } from './help.js';

const stdio: PluginIO = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/** cobra's `help [command]`, added to every command that has subcommands. */
function withHelpCommand(root: PluginCommand, displayPath: string): PluginCommand {
  if (!root.subcommands?.length) return root;
  const help: PluginCommand = {
    name: 'help',
    use: '[command]',
    short: 'Help about any command',
    long: `Help provides help for any command in the application.\nSimply type ${displayPath} help [path to command] for full details.`,
    flags: [],
    run: (line, io) => {
      const [sub, subPath] = find(withRoot, displayPath, line.args);
      if (!sub) {
        io.out(`Unknown help topic [\`${line.args.join('` `')}\`]\n${renderHelp(withRoot, displayPath)}`);
        return;
      }
      io.out(renderHelp(sub, subPath));
    },
  };
  const withRoot: PluginCommand = { ...root, subcommands: [...root.subcommands, help] };
  return withRoot;
}

function find(root: PluginCommand, path: string, names: readonly string[]): [PluginCommand | undefined, string] {
  let cmd = root;
  for (const n of names) {
    const sub = cmd.subcommands?.find((c) => c.name === n || c.aliases?.includes(n));
    if (!sub) return [undefined, path];
    cmd = sub;
    path = `${path} ${sub.name}`;
  }
  return [cmd, path];
}

interface Dispatch {
  cmd: PluginCommand;
  path: string;
  /** Flags given before the subcommand, read by the parent (cobra's TraverseChildren). */
  parentLine: ParsedLine;
  tokens: string[];
}

/** cobra's Traverse: descend into subcommands named before the first argument; flags may come anywhere. */
function traverse(root: PluginCommand, displayPath: string, argv: readonly string[]): Dispatch {
  let cmd = root;
  let path = displayPath;
  let parentLine: ParsedLine = { flags: {}, args: [] };
  let tokens: string[] = [];
  let descend = true;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') {
      tokens.push(...argv.slice(i));
      break;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      tokens.push(tok);
      if (takesValue(tok, cmd.flags) && i + 1 < argv.length) tokens.push(argv[++i]!);
      continue;
    }
    const sub = descend ? cmd.subcommands?.find((c) => c.name === tok || c.aliases?.includes(tok)) : undefined;
    if (sub) {
      const before = parseLine(tokens, cmd.flags);
      parentLine = { flags: { ...parentLine.flags, ...before.flags }, args: [] };
      tokens = [];
      cmd = sub;
      path = `${path} ${sub.name}`;
      continue;
    }
    descend = false;
    tokens.push(tok);
  }
  return { cmd, path, parentLine, tokens };
}

/** Runs a plugin command line; resolves with the exit status. */
export async function runPlugin(root: PluginCommand, displayPath: string, argv: readonly string[], io: PluginIO = stdio): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const { cmd, path, parentLine, tokens } = traverse(withHelpCommand(root, displayPath), displayPath, argv);
    if (cmd.deprecated) io.err(`Command "${cmd.name}" is deprecated, ${cmd.deprecated}\n`);
    const own = parseLine(tokens, [...cmd.flags, { name: 'help', short: 'h', kind: 'bool', usage: '' }]);
    // Flags the parent read and this command also has count for it (e.g. --kubeconfig before the subcommand).
    const known = new Set(cmd.flags.map((f) => f.name));
    const flags = Object.fromEntries(Object.entries(parentLine.flags).filter(([k]) => known.has(k)));
    const line: ParsedLine = { flags: { ...flags, ...own.flags }, args: own.args };
    if (line.flags['help'] === true || parentLine.flags['help'] === true || !cmd.run) {
      io.out(renderHelp(cmd, path));
      return 0;
    }
    if (cmd.exactArgs !== undefined && line.args.length !== cmd.exactArgs) throw cliError('wrongArgCount', cmd.exactArgs, line.args.length);
    if ((await cmd.run(line, io)) === 'help') io.out(renderHelp(cmd, path));
    return 0;
  } catch (err) {
    const failure = asCliError(err);
    io.err(`Error: ${failure.message}\n`);
    if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return failure.exitCode;
  }
}
