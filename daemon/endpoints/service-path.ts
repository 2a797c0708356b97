// The URL shape of kcp's virtual workspaces: `/services/<name>/<key segments…>/clusters/<cluster or *>/<API path>`
// (the APIExport virtual workspace has two key segments, export cluster and name; the initializing and terminating
// ones have one, the initializer or terminator). Each segment is URL-decoded; the API path keeps its encoding.
export interface ServicePath {
  keys: string[];
  cluster: string;
  /** The API path below the cluster (`/apis/…`), `/` when there is none. */
  rest: string;
}

/** Splits `path` after `prefix` (ending in `/`), or undefined when it is not a well-formed path of that service. */
export function parseServicePath(path: string, prefix: string, keyCount: number): ServicePath | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split('/');
  if (parts.length < keyCount + 2 || parts[keyCount] !== 'clusters' || !parts[keyCount + 1]) return undefined;
  const keys = parts.slice(0, keyCount);
  if (keys.some((k) => !k)) return undefined;
  let decoded: string[];
  try {
    decoded = [...keys, parts[keyCount + 1]!].map(decodeURIComponent);
  } catch {
    // A malformed escape names nothing this service serves.
    return undefined;
  }
  return { keys: decoded.slice(0, keyCount), cluster: decoded[keyCount]!, rest: `/${parts.slice(keyCount + 2).join('/')}` };
}
