// cobra's help, as kcp's plugins print it (cobra's default help and usage templates, pflag's FlagUsages), with the
// command path the user typed: `kubectl ws tree`, `kubectl create workspace`.
import type { FlagSpec } from './flags.js';
import type { PluginCommand } from './command.js';

export const HELP_FLAG = (name: string): FlagSpec => ({ name: 'help', short: 'h', kind: 'bool', usage: `help for ${name}` });

/** pflag's FlagUsages: sorted by name, the usage column after the longest flag column plus two blanks. */
export function flagUsages(flags: readonly FlagSpec[]): string {
  const rows = [...flags]
    .filter((f) => !f.hidden)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => {
      let left = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
      if (f.kind === 'string') left += ' string';
      return [left, f.usage] as const;
    });
  const max = Math.max(0, ...rows.map(([l]) => l.length));
  return rows.map(([l, u]) => `${l}${' '.repeat(max - l.length)}   ${u}`).join('\n');
}

/** cobra's help for `cmd`, reached by `path` (e.g. `kubectl ws tree`). */
export function renderHelp(cmd: PluginCommand, path: string): string {
  const flags = [...cmd.flags, HELP_FLAG(cmd.name)];
  const subs = cmd.subcommands ?? [];
  const listed = subs.filter((c) => !c.deprecated);
  const out: string[] = [];
  out.push(`${(cmd.long ?? cmd.short).trimEnd()}\n`);
  out.push('Usage:');
  if (cmd.run) {
    const use = `${path}${cmd.use ? ` ${cmd.use}` : ''}`;
    out.push(`  ${use}${use.includes('[flags]') ? '' : ' [flags]'}`);
  }
  if (listed.length) out.push(`  ${path} [command]`);
  if (cmd.aliases?.length) out.push('', 'Aliases:', `  ${[cmd.name, ...cmd.aliases].join(', ')}`);
  if (cmd.example) out.push('', 'Examples:', cmd.example);
  if (listed.length) {
    const pad = Math.max(...subs.map((c) => c.name.length));
    out.push('', 'Available Commands:');
    for (const c of [...listed].sort((a, b) => a.name.localeCompare(b.name))) out.push(`  ${c.name.padEnd(pad)} ${c.short}`);
  }
  out.push('', 'Flags:', flagUsages(flags));
  if (listed.length) out.push('', `Use "${path} [command] --help" for more information about a command.`);
  return `${out.join('\n')}\n`;
}
