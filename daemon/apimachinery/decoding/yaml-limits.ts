// YAML bodies parsed with bounded work. The `yaml` library composes documents recursively: a body of a few hundred
// kilobytes of `[[[[…` costs it seconds of CPU and can take the process down with an out-of-memory abort before it
// gives up, so nesting is measured on the lexer's tokens first (linear, and stopped at the limit). Aliases are
// capped (billion laughs) and refused with go-yaml's words, as kube answers; timestamps stay text as go-yaml keeps
// them (the library would make Date objects), and numbers must fit a float64 (kube cannot write .inf as JSON).
import type * as YAMLModule from 'yaml';
import { findNonFinite, MAX_NESTING_DEPTH, nestingDepthExceeds } from './json-limits.js';

/**
 * The deepest YAML nesting accepted. Lower than JSON's: the yaml library's composer recurses with large frames and
 * overflows the stack at about 250 levels of flow collections.
 */
export const MAX_YAML_DEPTH = 200;

/** Each alias may be expanded this many times the size of its anchor (the library's maxAliasCount). */
const MAX_ALIAS_COUNT = 100;

/** YAML 1.1 tags go-yaml leaves alone when decoding into interface{}: their values stay plain text and collections. */
const DROPPED_TAGS = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

export class YAMLLimitError extends Error {}

/** go-yaml's message prefix: `yaml: line 3: ` (no line on the first). */
const at = (line: number) => (line > 1 ? `yaml: line ${line}: ` : 'yaml: ');

/**
 * An upper bound of the nesting, from tokens: flow brackets, plus the block collections still open — sequence
 * entries and keys, closed when a later line starts at or left of their column.
 */
export function checkYAMLNesting(Y: typeof YAMLModule, text: string, maxDepth = MAX_YAML_DEPTH): void {
  let line = 1;
  let flow = 0;
  let column = 0;
  let lineStart = true;
  /** Open block entries: sequence entries (`-`) and mapping entries (`?`, or a key followed by `:`), by column. */
  const open: Array<{ column: number; seq: boolean }> = [];
  let lastContentColumn = 0;
  for (const tok of new Y.Lexer().lex(text)) {
    const c = tok.charCodeAt(0);
    if (tok === '\n' || tok === '\r\n') {
      line++;
      column = 0;
      lineStart = true;
      continue;
    }
    // The lexer's markers (document start, scalar start, …) are control characters, not source text.
    if (c < 0x20 && c !== 0x09) continue;
    const blank = c === 0x20 || c === 0x09 || c === 0x23; /* space, tab, comment */
    if (lineStart && flow === 0 && !blank) {
      // The first content of a line closes the entries it is not inside: those right of it, and its siblings at
      // its column (a sequence may sit at its parent key's column, so a `-` keeps mapping entries there).
      const dash = tok === '-';
      while (open.length) {
        const top = open[open.length - 1]!;
        if (top.column > column || (top.column === column && (!dash || top.seq))) open.pop();
        else break;
      }
      lineStart = false;
    }
    if (flow === 0 && (tok === '-' || tok === '?')) {
      open.push({ column, seq: tok === '-' });
    } else if (flow === 0 && tok === ':') {
      open.push({ column: lastContentColumn, seq: false });
    } else if (tok === '[' || tok === '{') {
      flow++;
    } else if (tok === ']' || tok === '}') {
      flow--;
    }
    if (flow + open.length > maxDepth) throw new YAMLLimitError(`${at(line)}exceeded max depth of ${maxDepth}`);
    if (!blank && tok !== ':') lastContentColumn = column;
    // Multi-line tokens (block scalars, quoted and plain scalars, comments) move the line on.
    let nl = tok.indexOf('\n');
    if (nl < 0) column += tok.length;
    else {
      while (nl >= 0) {
        line++;
        column = tok.length - nl - 1;
        nl = tok.indexOf('\n', nl + 1);
      }
    }
  }
}

/** Parses one YAML document as kube converts YAML to JSON, within the bounds above. */
export function parseYAMLBounded(Y: typeof YAMLModule, text: string): unknown {
  checkYAMLNesting(Y, text);
  let value: unknown;
  try {
    value = Y.parse(text, {
      version: '1.1',
      maxAliasCount: MAX_ALIAS_COUNT,
      customTags: (tags) => tags.filter((t) => typeof t === 'string' || !DROPPED_TAGS.has(t.tag)),
    }) as unknown;
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) throw new YAMLLimitError('yaml: document contains excessive aliasing');
    throw err;
  }
  // Aliases may nest deeper than the text shows.
  if (nestingDepthExceeds(value, MAX_NESTING_DEPTH)) throw new YAMLLimitError(`yaml: exceeded max depth of ${MAX_NESTING_DEPTH}`);
  const bad = findNonFinite(value);
  if (bad !== undefined) throw new YAMLLimitError(`json: unsupported value: ${Number.isNaN(bad) ? 'NaN' : bad > 0 ? '+Inf' : '-Inf'}`);
  return value;
}
