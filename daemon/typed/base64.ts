// Go's base64.StdEncoding.Decode as encoding/json runs it on `[]byte` fields (`format: byte`): padded standard
// alphabet, CR and LF ignored anywhere, and on failure the offset kube reports in "illegal base64 data at input
// byte N". A JS string's index is its byte offset up to the first non-ASCII character, and that character is
// already illegal, so indices are byte offsets wherever an error can be reported.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const FAST = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const isNewline = (c: number) => c === 0x0a || c === 0x0d;

/** The offset Go's decoder reports for `s`, or -1 when `s` decodes. */
export function base64ErrorOffset(s: string): number {
  if (FAST.test(s)) return -1;
  const n = s.length;
  let si = 0;
  for (;;) {
    // One quantum of up to four symbols (decodeQuantum).
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return -1;
        return si - j;
      }
      const c = s.charCodeAt(si);
      si++;
      if (c < 128 && DECODE[c]! >= 0) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d /* = */) return si - 1;
      // Padding: only after two or three symbols.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < n && isNewline(s.charCodeAt(si))) si++;
        if (si === n) return n;
        if (s.charCodeAt(si) !== 0x3d) return si - 1;
        si++;
      }
      while (si < n && isNewline(s.charCodeAt(si))) si++;
      return si < n ? si : -1;
    }
  }
}

export function base64Error(s: string): string | undefined {
  const at = base64ErrorOffset(s);
  return at < 0 ? undefined : `illegal base64 data at input byte ${at}`;
}
