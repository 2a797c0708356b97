// Workspace paths and server URLs as kcp's plugin parses and builds them.
import { cliError } from '../errors/catalogue.js';

const SEGMENT = '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?';
const PATH_RE = new RegExp(`^${SEGMENT}(:${SEGMENT})*$`);

function isValidPath(p: string): boolean {
  return PATH_RE.test(p) || /^system:.+/.test(p);
}

export interface ClusterURL {
  /** Everything before `/clusters/` (scheme, host, path prefix). */
  base: string;
  path: string;
}

export function parseClusterURL(server: string): ClusterURL | undefined {
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    return undefined;
  }
  const i = u.pathname.indexOf('/clusters/');
  if (i < 0) return undefined;
  const rest = u.pathname.slice(i + '/clusters/'.length);
  const path = decodeURIComponent(rest.split('/')[0] ?? '');
  if (!isValidPath(path)) return undefined;
  return { base: `${u.protocol}//${u.host}${u.pathname.slice(0, i)}`, path };
}

export function serverFor(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/clusters/${path}`;
}

/** Resolves `.`/`..` segments of an absolute path. */
function normalize(path: string, original: string): string {
  const out: string[] = [];
  for (const seg of path.split(':')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw cliError('cannotGoUpFromRoot');
      out.pop();
    } else out.push(seg);
  }
  const p = out.join(':');
  if (!isValidPath(p)) throw cliError('invalidWorkspacePath', original);
  return p;
}

/** `use` argument grammar: leading `:` is absolute, otherwise relative to the current path. */
export function resolveTarget(currentPath: string, arg: string): string {
  const a = arg.replace(/\//g, ':');
  if (a.startsWith(':')) return normalize(a.slice(1), arg);
  return normalize(`${currentPath}:${a}`, arg);
}

export function parentOf(path: string): string | undefined {
  const i = path.lastIndexOf(':');
  return i < 0 ? undefined : path.slice(0, i);
}

export function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf(':') + 1);
}

/**
 * `-w PATH`: the workspace a command works in instead of the current one — absolute with a leading `:`, else relative
 * to the current path; `.` stays, `..` goes up (kcp's workspaceoverride.go, with its words).
 */
export function resolveWorkspaceOverride(currentPath: string, arg: string): string {
  const joined = arg.startsWith(':') ? arg.slice(1) : `${currentPath}:${arg}`;
  const out: string[] = [];
  for (const seg of joined.split(':')) {
    if (seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw cliError('cannotGoAboveRoot');
      out.pop();
    } else out.push(seg);
  }
  const p = out.join(':');
  if (!isValidPath(p)) throw cliError('invalidWorkspacePath', arg);
  return p;
}
