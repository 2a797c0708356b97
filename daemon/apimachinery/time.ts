// metav1.Time as it serialises: RFC 3339 with second precision.

let lastSecond = NaN;
let lastText = '';

/** `2026-12-01T03:52:21Z`; formatted once per second, since every write stamps a few of them. */
export function timestamp(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
    lastSecond = second;
  }
  return lastText;
}
