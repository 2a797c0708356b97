import { describe, expect, it } from 'vitest';
import { CliError } from '../errors/catalogue.js';
import { parseLine, takesValue, type FlagSpec } from './flags.js';

const specs: FlagSpec[] = [
  { name: 'kubeconfig', kind: 'string', usage: '' },
  { name: 'workspace', short: 'w', kind: 'string', usage: '' },
  { name: 'full', short: 'f', kind: 'bool', usage: '' },
  { name: 'interactive', short: 'i', kind: 'bool', usage: '' },
];

const failure = (argv: string[]) => {
  try {
    parseLine(argv, specs);
  } catch (err) {
    return [(err as CliError).message, (err as CliError).exitCode];
  }
  return undefined;
};

describe('parseLine (pflag)', () => {
  it('reads long, short, grouped and = forms, and stops at --', () => {
    expect(parseLine(['a', '--kubeconfig', 'k', '-w', 'x', 'b'], specs)).toEqual({
      flags: { kubeconfig: 'k', workspace: 'x' },
      args: ['a', 'b'],
    });
    expect(parseLine(['--kubeconfig=k', '-wx', '-fi'], specs).flags).toEqual({
      kubeconfig: 'k',
      workspace: 'x',
      full: true,
      interactive: true,
    });
    expect(parseLine(['-w=:root', '--full=false', '-f=1'], specs).flags).toEqual({ workspace: ':root', full: true });
    expect(parseLine(['-fw', 'y'], specs).flags).toEqual({ full: true, workspace: 'y' });
    expect(parseLine(['--', '-f', '--bogus'], specs)).toEqual({ flags: {}, args: ['-f', '--bogus'] });
    expect(parseLine(['-'], specs).args).toEqual(['-']);
  });

  it('fails with pflag’s words, exit 1', () => {
    expect(failure(['--bogus'])).toEqual(['unknown flag: --bogus', 1]);
    expect(failure(['--bogus=1'])).toEqual(['unknown flag: --bogus', 1]);
    expect(failure(['-fz'])).toEqual(["unknown shorthand flag: 'z' in -z", 1]);
    expect(failure(['-zf'])).toEqual(["unknown shorthand flag: 'z' in -zf", 1]);
    expect(failure(['--kubeconfig'])).toEqual(['flag needs an argument: --kubeconfig', 1]);
    expect(failure(['-w'])).toEqual(["flag needs an argument: 'w' in -w", 1]);
    expect(failure(['--full=yes'])).toEqual([
      'invalid argument "yes" for "-f, --full" flag: strconv.ParseBool: parsing "yes": invalid syntax',
      1,
    ]);
  });

  it('tells which flags take the next token (cobra’s traversal skips it)', () => {
    expect(takesValue('--kubeconfig', specs)).toBe(true);
    expect(takesValue('--kubeconfig=x', specs)).toBe(false);
    expect(takesValue('-w', specs)).toBe(true);
    expect(takesValue('-f', specs)).toBe(false);
    expect(takesValue('--bogus', specs)).toBe(false);
  });
});
