// What crosses when the daemon forwards a request to another API server (a mount's target, an aggregated API
// server): never hop-by-hop or credential headers, and never identity headers — the other server acts on the
// credentials the daemon presents and learns the caller only as the daemon says (Impersonate-User/-Group/-Uid/-Extra-*,
// front-proxy X-Remote-* from the client are dropped).

const DROP_REQUEST_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'cookie',
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'proxy-authorization',
]);
const DROP_REQUEST_HEADER_PREFIXES = ['impersonate-', 'x-remote-'];
const DROP_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** Whether a client's request header is forwarded. */
export function forwardsRequestHeader(header: string): boolean {
  const h = header.toLowerCase();
  return !DROP_REQUEST_HEADERS.has(h) && !DROP_REQUEST_HEADER_PREFIXES.some((p) => h.startsWith(p));
}

/** Whether a header of the other server's answer is passed back to the client. */
export function forwardsResponseHeader(header: string): boolean {
  return !DROP_RESPONSE_HEADERS.has(header.toLowerCase());
}
