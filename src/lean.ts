// bin/kcpx's lean path: the commands typed most often, given plainly (`kcpx status [--root-dir DIR] [--json]`,
// `kcpx run -- CMD…`), run without loading oclif (a few hundred milliseconds of modules on a busy machine). Anything
// else — help, another flag, a typo — goes to oclif, which owns the command line's help and errors.
import { asCliError } from './errors/catalogue.js';
import { parseLine, type FlagSpec } from './plugin/flags.js';

type Lean = () => Promise<number>;

const STATUS_FLAGS: FlagSpec[] = [
  { name: 'root-dir', kind: 'string', usage: '' },
  { name: 'json', kind: 'bool', usage: '' },
];

function statusCommand(argv: readonly string[]): Lean | undefined {
  let line;
  try {
    line = parseLine(argv, STATUS_FLAGS);
  } catch {
    return undefined;
  }
  if (line.args.length) return undefined;
  const rootDir = typeof line.flags['root-dir'] === 'string' ? line.flags['root-dir'] : '.kcpx';
  const json = line.flags['json'] === true;
  return async () => {
    const { daemonStatus, notRunningError, renderStatus } = await import('./status.js');
    const st = await daemonStatus(rootDir);
    if (st) {
      process.stdout.write(json ? `${JSON.stringify(st)}\n` : renderStatus(st));
      return 0;
    }
    const notRunning = notRunningError(rootDir);
    if (json) process.stdout.write(`${JSON.stringify({ running: false, rootDir })}\n`);
    else process.stderr.write(`Error: ${notRunning.message}\n`);
    return notRunning.exitCode;
  };
}

/** The lean command for `argv`, or undefined when oclif should handle it. */
export function leanCommand(argv: readonly string[]): Lean | undefined {
  const [verb, ...rest] = argv;
  if (verb === 'status') return statusCommand(rest);
  if (verb === 'run' && rest[0] === '--' && rest.length > 1) {
    return async () => {
      const { runEphemeral } = await import('./run.js');
      return runEphemeral(rest.slice(1));
    };
  }
  return undefined;
}

/** Runs a lean command as KcpxCommand runs oclif's: a failure is one line, its exit status the catalogue's. */
export async function runLean(cmd: Lean): Promise<number> {
  try {
    return await cmd();
  } catch (err) {
    const failure = asCliError(err);
    process.stderr.write(`Error: ${failure.message}\n`);
    return failure.exitCode;
  }
}
