import { describe, expect, it } from 'vitest';
import { flagUsages, renderHelp } from './help.js';
import { runPlugin } from './main.js';
import type { PluginCommand } from './command.js';

describe('cobra’s help', () => {
  it('aligns flag usages after the longest flag, sorted by name, hidden flags left out', () => {
    expect(
      flagUsages([
        { name: 'wide', kind: 'bool', usage: 'Wide.' },
        { name: 'workspace', short: 'w', kind: 'string', usage: 'Where.' },
        { name: 'debug', kind: 'bool', usage: 'x', hidden: true },
      ]),
    ).toBe('      --wide               Wide.\n  -w, --workspace string   Where.');
  });

  const sub: PluginCommand = { name: 'tree', short: 'Print the tree.', example: 'kcp workspace tree', flags: [], run: () => undefined };
  const old: PluginCommand = { name: 'create', short: 'Creates.', deprecated: 'use the other one.', flags: [], run: () => undefined };
  const root: PluginCommand = {
    name: 'workspace',
    aliases: ['ws'],
    use: '[<workspace>]',
    short: 'Manages workspaces',
    flags: [{ name: 'short', kind: 'bool', usage: 'Short.' }],
    subcommands: [sub, old],
    run: () => 'help',
  };

  it('renders usage, aliases, commands (deprecated ones left out) and flags', () => {
    expect(renderHelp(root, 'kubectl ws')).toBe(
      [
        'Manages workspaces',
        '',
        'Usage:',
        '  kubectl ws [<workspace>] [flags]',
        '  kubectl ws [command]',
        '',
        'Aliases:',
        '  workspace, ws',
        '',
        'Available Commands:',
        '  tree   Print the tree.',
        '',
        'Flags:',
        '  -h, --help    help for workspace',
        '      --short   Short.',
        '',
        'Use "kubectl ws [command] --help" for more information about a command.',
        '',
      ].join('\n'),
    );
  });

  it('dispatches subcommands, help [command] and the deprecation note', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
    expect(await runPlugin(root, 'kubectl ws', ['help', 'tree'], io)).toBe(0);
    expect(out.join('')).toBe(renderHelp(sub, 'kubectl ws tree'));
    out.length = 0;
    expect(await runPlugin(root, 'kubectl ws', ['a', 'b'], io)).toBe(0);
    expect(out.join('')).toContain('Usage:\n  kubectl ws [<workspace>] [flags]');
    expect(await runPlugin(root, 'kubectl ws', ['create'], io)).toBe(0);
    expect(err.join('')).toBe('Command "create" is deprecated, use the other one.\n');
    expect(await runPlugin(root, 'kubectl ws', ['tree', '--short'], io)).toBe(1);
    expect(err.at(-1)).toBe('Error: unknown flag: --short\n');
  });
});
