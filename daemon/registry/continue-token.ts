// Opaque pagination tokens: the revision of the first page and the key to resume after. Shaped like kube's
// (base64url without padding of `{"v":"meta.k8s.io/v1","rv":…}`), and refused with kube's messages.
import { goQuote } from '../apimachinery/gostrings.js';
import { badRequest, expired, type StatusError } from '../apimachinery/status.js';

export interface ContinuePoint {
  /** The first page's revision; negative means "the latest" (kube's inconsistent continuation). */
  rv: number;
  cluster: string;
  namespace: string;
  name: string;
}

const VERSION = 'meta.k8s.io/v1';

export function encodeContinue(p: ContinuePoint): string {
  return Buffer.from(JSON.stringify({ v: VERSION, rv: p.rv, c: p.cluster, ns: p.namespace, n: p.name })).toString('base64url');
}

function notValid(detail: string): StatusError {
  return badRequest(`invalid continue token: continue key is not valid${detail}`);
}

/** base64.RawURLEncoding.DecodeString: the alphabet only, no padding, and never a lone trailing character. */
function decodeBase64(token: string): string {
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) throw notValid(`: illegal base64 data at input byte ${bad.index}`);
  if (token.length % 4 === 1) throw notValid(`: illegal base64 data at input byte ${token.length - 1}`);
  return Buffer.from(token, 'base64url').toString('utf8');
}

/** The gist of encoding/json's complaint about a document that is not JSON. */
function jsonSyntaxError(text: string): string {
  const first = /\S/.exec(text);
  if (!first || /^[[{"]/.test(first[0]) || /^[-0-9tfn]/.test(first[0])) return 'unexpected end of JSON input';
  return `invalid character ${goQuote(first[0]).replace(/^"|"$/g, "'")} looking for beginning of value`;
}

export function decodeContinue(token: string, oldestRV: number): ContinuePoint {
  const text = decodeBase64(token);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notValid(`: ${jsonSyntaxError(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw notValid(
      `: json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed} into Go value of type storage.continueToken`,
    );
  }
  const t = parsed as { v?: unknown; rv?: unknown; c?: unknown; ns?: unknown; n?: unknown };
  if (t.v !== VERSION) throw notValid(`: server does not recognize this encoded version ${typeof t.v === 'string' ? t.v : ''}`);
  if (t.rv === undefined || t.rv === 0 || typeof t.rv !== 'number' || !Number.isInteger(t.rv)) {
    throw notValid(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  }
  if (typeof t.n !== 'string' || t.n === '') throw notValid(': encoded start key empty (version meta.k8s.io/v1)');
  if (t.rv > 0 && t.rv < oldestRV) {
    throw expired(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
  }
  return { rv: t.rv, cluster: typeof t.c === 'string' ? t.c : '', namespace: typeof t.ns === 'string' ? t.ns : '', name: t.n };
}
