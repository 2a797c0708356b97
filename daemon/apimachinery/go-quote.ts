// Go's `%q` (strconv.Quote) for strings and string slices. kube prints user-controlled values in some messages
// this way (RBAC escalation refusals among them), and clients and scripts match those messages verbatim.

const SIMPLE_ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const NOT_PRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** `"a\"b"` exactly as Go's %q / strconv.Quote renders the string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate: Go would hold U+FFFD (printable)
    else if (!NOT_PRINTABLE.test(ch)) out += ch;
    else if (SIMPLE_ESCAPES[cp]) out += SIMPLE_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

/** `["a" "b"]`: Go's %q applied to a []string. */
export function goQuoteList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
