// The shape of a kubectl plugin command, as cobra has it: a name, aliases, a `use` line, help texts, flags, the
// number of arguments it takes, subcommands, and what it runs.
import type { FlagSpec, ParsedLine } from './flags.js';

export interface PluginIO {
  out(text: string): void;
  err(text: string): void;
}

export interface PluginCommand {
  name: string;
  aliases?: readonly string[];
  /** What follows the name in the usage line. */
  use?: string;
  short: string;
  long?: string;
  example?: string;
  /** Printed (to stderr) before the command runs; a deprecated command is not listed by its parent's help. */
  deprecated?: string;
  flags: readonly FlagSpec[];
  /** cobra's ExactArgs: refused before the command runs. */
  exactArgs?: number;
  subcommands?: readonly PluginCommand[];
  /** Runs the command; `'help'` prints its help instead (cobra's `return cmd.Help()`). */
  run?(line: ParsedLine, io: PluginIO): Promise<void | 'help'> | void | 'help';
}
