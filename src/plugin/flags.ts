// Command-line parsing as kcp's plugins get it from cobra and pflag: `--name value`, `--name=value`, `-n value`,
// `-nvalue`, grouped booleans (`-fi`), `--` ends the flags, and pflag's one-line errors word for word, so scripts
// written against kcp's plugins see the same failures.
import { cliError } from '../errors/catalogue.js';

export interface FlagSpec {
  name: string;
  short?: string;
  kind: 'bool' | 'string';
  usage: string;
  /** Not shown by --help (kcpx's own --debug). */
  hidden?: boolean;
}

export type FlagValues = Record<string, string | boolean>;

export interface ParsedLine {
  flags: FlagValues;
  args: string[];
}

/** strconv.ParseBool's spellings. */
const BOOLS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

function flagName(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

function setBool(flags: FlagValues, spec: FlagSpec, value: string): void {
  const b = BOOLS[value];
  if (b === undefined)
    throw cliError('invalidFlagArgument', value, flagName(spec), `strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
  flags[spec.name] = b;
}

/** Whether `token` is a flag that takes the next token as its value (cobra's Traverse skips that value). */
export function takesValue(token: string, specs: readonly FlagSpec[]): boolean {
  if (token.startsWith('--')) {
    if (token.includes('=')) return false;
    return specs.find((s) => s.name === token.slice(2))?.kind === 'string';
  }
  if (token.startsWith('-') && token.length === 2) return specs.find((s) => s.short === token[1])?.kind === 'string';
  return false;
}

export function parseLine(argv: readonly string[], specs: readonly FlagSpec[]): ParsedLine {
  const flags: FlagValues = {};
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith('--') && tok.length > 2) {
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      const spec = specs.find((s) => s.name === name);
      if (!spec) throw cliError('unknownFlag', name);
      if (spec.kind === 'bool') setBool(flags, spec, eq < 0 ? 'true' : tok.slice(eq + 1));
      else if (eq >= 0) flags[name] = tok.slice(eq + 1);
      else if (i + 1 < argv.length) flags[name] = argv[++i]!;
      else throw cliError('flagNeedsArgument', `--${name}`);
      continue;
    }
    if (tok.startsWith('-') && tok.length > 1) {
      let rest = tok.slice(1);
      while (rest.length > 0) {
        const c = rest[0]!;
        const spec = specs.find((s) => s.short === c);
        if (!spec) throw cliError('unknownShorthandFlag', c, rest);
        if (spec.kind === 'bool') {
          if (rest[1] === '=') {
            setBool(flags, spec, rest.slice(2));
            rest = '';
          } else {
            flags[spec.name] = true;
            rest = rest.slice(1);
          }
          continue;
        }
        if (rest.length > 1) flags[spec.name] = rest[1] === '=' ? rest.slice(2) : rest.slice(1);
        else if (i + 1 < argv.length) flags[spec.name] = argv[++i]!;
        else throw cliError('flagNeedsArgument', `'${c}' in -${rest}`);
        rest = '';
      }
      continue;
    }
    args.push(tok);
  }
  return { flags, args };
}
