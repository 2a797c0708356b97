// CEL's message construction (`Type{field: value, …}`) for MutatingAdmissionPolicy expressions. The CEL library kcpx
// runs (cel-js) does not parse it, so an expression is rewritten before it compiles: `T{a: x, b: y}` becomes
// `kcpx_new("T").kcpx_field("a", x).kcpx_field("b", y).kcpx_done()`, calls the mutating environment declares
// (./cel.ts). The rewrite works on CEL's tokens, so strings, comments and map literals pass through untouched; the
// type names it finds are checked here, as cel-go's checker refuses a type it does not know.

export class ConstructionError extends Error {}

interface Token {
  kind: 'ident' | 'string' | 'punct' | 'other';
  text: string;
  start: number;
  end: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /(?:0x[0-9a-fA-F]+u?|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?u?|\.\d+(?:[eE][+-]?\d+)?)/y;

/** CEL's string literal at `i` (with its r/b prefixes), or undefined. */
function stringAt(src: string, i: number): number | undefined {
  let j = i;
  let raw = false;
  while (j < src.length && j - i < 2 && /[rRbB]/.test(src[j]!)) {
    if (/[rR]/.test(src[j]!)) raw = true;
    j++;
  }
  const q = src[j];
  if (q !== '"' && q !== "'") return undefined;
  const triple = src.startsWith(q.repeat(3), j);
  const close = triple ? q.repeat(3) : q;
  j += close.length;
  while (j < src.length) {
    if (!raw && src[j] === '\\') {
      j += 2;
      continue;
    }
    if (src.startsWith(close, j)) return j + close.length;
    if (!triple && src[j] === '\n') break;
    j++;
  }
  throw new ConstructionError('unterminated string literal');
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? src.length : nl;
      continue;
    }
    const strEnd = stringAt(src, i);
    if (strEnd !== undefined) {
      out.push({ kind: 'string', text: src.slice(i, strEnd), start: i, end: strEnd });
      i = strEnd;
      continue;
    }
    IDENT.lastIndex = i;
    const id = IDENT.exec(src);
    if (id) {
      out.push({ kind: 'ident', text: id[0], start: i, end: i + id[0].length });
      i += id[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = /\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? '')) ? NUMBER.exec(src) : null;
    if (num) {
      out.push({ kind: 'other', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    out.push({ kind: 'punct', text: c, start: i, end: i + 1 });
    i++;
  }
  return out;
}

/** What a construction's type may be: its name and its known fields (undefined: any field, judged at evaluation). */
export type TypeFields = (name: string) => ReadonlySet<string> | 'any' | undefined;

/**
 * The expression with every message construction rewritten, or the expression itself when it has none (the common
 * case costs one scan). Throws ConstructionError, in cel-go's words, for an unknown type or field.
 */
export function rewriteConstructions(src: string, fieldsOf: TypeFields): string {
  if (!src.includes('{')) return src;
  const tokens = tokenize(src);
  // A `{` right after an identifier opens a construction (CEL allows nothing else there); its type is the dotted
  // name ending at that identifier.
  const starts = new Map<number, { name: string; brace: number }>();
  tokens.forEach((t, i) => {
    if (t.text !== '{' || t.kind !== 'punct' || i === 0 || tokens[i - 1]!.kind !== 'ident') return;
    let first = i - 1;
    while (first >= 2 && tokens[first - 1]!.text === '.' && tokens[first - 2]!.kind === 'ident') first -= 2;
    const name = tokens
      .slice(first, i)
      .map((x) => x.text)
      .join('');
    starts.set(first, { name, brace: i });
  });
  if (starts.size === 0) return src;
  let out = '';
  let at = 0;
  const emit = (text: string, upTo: number, from: number) => {
    out += src.slice(at, upTo) + text;
    at = from;
  };
  // frames: 'c' a construction (expecting a field name when `field` is set), 'g' any other bracket
  const frames: Array<{ kind: 'c'; type: string; fields: ReadonlySet<string> | 'any'; field: boolean } | { kind: 'g' }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const start = starts.get(i);
    if (start) {
      const fields = fieldsOf(start.name);
      if (!fields) throw new ConstructionError(`undeclared reference to '${start.name}' (in container '')`);
      emit(`kcpx_new(${JSON.stringify(start.name)})`, t.start, tokens[start.brace]!.end);
      frames.push({ kind: 'c', type: start.name, fields, field: true });
      i = start.brace;
      continue;
    }
    const top = frames[frames.length - 1];
    if (top?.kind === 'c' && top.field) {
      if (t.text === '}') {
        emit('.kcpx_done()', t.start, t.end);
        frames.pop();
        continue;
      }
      const colon = tokens[i + 1];
      if (t.kind !== 'ident' || colon?.text !== ':') throw new ConstructionError(`syntax error: expected a field name in ${top.type}{…}`);
      if (top.fields !== 'any' && !top.fields.has(t.text)) throw new ConstructionError(`undefined field '${t.text}'`);
      emit(`.kcpx_field(${JSON.stringify(t.text)}, `, t.start, colon.end);
      top.field = false;
      i++;
      continue;
    }
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[' || t.text === '{') frames.push({ kind: 'g' });
    else if (top?.kind === 'c' && t.text === ',') {
      emit(')', t.start, t.end);
      top.field = true;
    } else if (top?.kind === 'c' && t.text === '}') {
      emit(').kcpx_done()', t.start, t.end);
      frames.pop();
    } else if (t.text === ')' || t.text === ']' || t.text === '}') frames.pop();
  }
  return out + src.slice(at);
}
