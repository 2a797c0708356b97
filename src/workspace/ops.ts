// The workspace commands of kcp's kubectl-ws plugin, shared by `kcpx ws …` and the kubectl plugins: same
// path grammar, same kubeconfig edits, same output strings.
import { responseError, statusMessage } from '../client/api.js';
import { cliError } from '../errors/catalogue.js';
import { commitWorkspace, swapWorkspaces } from '../client/kubeconfig.js';
import { lastSegment, parentOf, parseClusterURL, resolveTarget, serverFor } from './paths.js';
import type { Session } from './session.js';
import { renderTree, type TreeNode } from './tree.js';

export const WS_API = '/apis/tenancy.kcp.io/v1alpha1/workspaces';

export interface WorkspaceObject {
  metadata: { name: string; deletionTimestamp?: string; annotations?: Record<string, string> };
  spec?: { type?: { name: string; path?: string }; URL?: string; cluster?: string; mount?: unknown };
  status?: { phase?: string; conditions?: Array<{ type: string; status?: string; reason?: string; message?: string }> };
}

const typeText = (t: { name: string; path?: string } | undefined) => (t ? (t.path ? `${t.path}:${t.name}` : t.name) : undefined);

function currentMessage(path: string | undefined, server: string, type?: string): string {
  if (!path) return `Current workspace is the URL ${JSON.stringify(server)}.`;
  return type ? `Current workspace is '${path}' (type ${type}).` : `Current workspace is '${path}'.`;
}

export function current(s: Session, short = false): string {
  const loc = parseClusterURL(s.server);
  if (short) return loc ? loc.path : '';
  return currentMessage(loc?.path, s.server);
}

async function homePath(s: Session): Promise<string> {
  const r = await s.client().call<WorkspaceObject>('GET', `/clusters/root${WS_API}/~`);
  if (r.status !== 200) throw responseError(r, 'cannot find the home workspace');
  const loc = r.body.spec?.URL ? parseClusterURL(r.body.spec.URL) : undefined;
  if (!loc) throw cliError('homeWorkspaceWithoutURL');
  return loc.path;
}

/** Whether a workspace path exists, and its type, as kcp's `use` probes it. */
async function probe(s: Session, path: string): Promise<{ type?: string }> {
  const api = s.client();
  const groups = await api.call('GET', `/clusters/${path}/api`);
  const denied = groups.status === 403 || groups.status === 404 || groups.status === 401;
  let type: string | undefined;
  let notFound = false;
  if (path === 'root') type = 'root';
  else {
    const parent = parentOf(path);
    if (parent) {
      const ws = await api.call<WorkspaceObject>('GET', `/clusters/${parent}${WS_API}/${lastSegment(path)}`);
      if (ws.status === 404) notFound = true;
      else if (ws.status === 200) type = typeText(ws.body.spec?.type);
    } else notFound = denied;
  }
  if (denied && notFound) throw cliError('workspaceNotFound', path);
  if (denied) {
    if (groups.status === 401) throw cliError('notAuthorized', path, statusMessage(groups));
    throw cliError('workspaceAccessDenied', path);
  }
  return type ? { type } : {};
}

export interface UseResult {
  message: string;
  notes: string[];
}

export async function use(s: Session, rawArg: string, short = false): Promise<UseResult> {
  const notes: string[] = [];
  let arg = rawArg;
  const home = process.env['HOME'];
  if (home && arg.startsWith(home)) arg = `~${arg.slice(home.length)}`;
  arg = arg.replace(/\//g, ':');
  if (arg === 'root' || (arg.startsWith('root:') && !short)) {
    arg = `:${arg}`;
    notes.push("Note: Using 'root:' to define an absolute path is no longer supported. Instead, use ':root' to specify an absolute path.");
  }
  if (arg === '') {
    arg = '~';
    if (!short)
      notes.push(
        "Note: 'kubectl ws' now matches 'cd' semantics: go to home workspace. 'kubectl ws -' to go back. 'kubectl ws .' to print current workspace.",
      );
  }
  if (arg === '-') {
    swapWorkspaces(s.cfg);
    s.save();
    return { message: short ? (parseClusterURL(s.server)?.path ?? '') : current(s), notes };
  }
  if (arg === '.') return { message: current(s, short), notes };
  const loc = s.location();
  if (arg === ':') {
    const first = loc.path.split(':')[0]!;
    commitWorkspace(s.cfg, serverFor(loc.base, first), s.opts.context);
    s.save();
    return { message: short ? first : currentMessage(first, ''), notes };
  }
  if (arg === '~' || arg.startsWith('~:')) arg = `:${await homePath(s)}${arg.slice(1)}`;
  const target = resolveTarget(loc.path, arg);
  const { type } = await probe(s, target);
  commitWorkspace(s.cfg, serverFor(loc.base, target), s.opts.context);
  s.save();
  return { message: short ? target : currentMessage(target, '', type), notes };
}

const LC_API = '/apis/core.kcp.io/v1alpha1/logicalclusters/cluster';

/**
 * `ws tree`: the workspaces below the current one, listed level by level (siblings in parallel), printed as kcp's
 * plugin prints them, blank line at the end included. A child not scheduled yet (no URL) is shown with its phase
 * instead of breaking the tree; `wide` adds each workspace's phase and its logical cluster's, tab-aligned.
 */
export async function tree(s: Session, opts: { full?: boolean; wide?: boolean } = {}): Promise<string> {
  const loc = parseClusterURL(s.server);
  if (!loc) return `current context URL ${JSON.stringify(s.server)} does not point directly to a kcp workspace\n`;
  const api = s.client();
  const lcPhase = async (path: string): Promise<string> => {
    const r = await api.call<{ status?: { phase?: string } }>('GET', `/clusters/${path}${LC_API}`);
    return (r.status === 200 && r.body.status?.phase) || 'Unknown';
  };
  const wideLabel = async (label: string, path: string | undefined, wsPhase: string | undefined) =>
    `${label}\tws=${wsPhase || '-'}\tlc=${path ? await lcPhase(path) : 'Unknown'}`;
  const build = async (path: string, label: string, wsPhase?: string): Promise<TreeNode> => {
    const node: TreeNode = { label: opts.wide ? await wideLabel(label, path, wsPhase) : label, children: [] };
    const r = await api.call<{ items: WorkspaceObject[] }>('GET', `/clusters/${path}${WS_API}`);
    if (r.status === 404) return node;
    if (r.status !== 200) throw responseError(r, `listing workspaces in ${path}`);
    const children = (r.body.items ?? []).filter((ws) => !ws.metadata.deletionTimestamp);
    node.children = await Promise.all(
      children.map(async (ws): Promise<TreeNode> => {
        const childLabel = opts.full ? `${label.split('\t')[0]}:${ws.metadata.name}` : ws.metadata.name;
        const phase = ws.status?.phase;
        if (ws.spec?.mount)
          return { label: opts.wide ? await wideLabel(`${childLabel} [m]`, undefined, phase) : `${childLabel} [m]`, children: [] };
        const child = ws.spec?.URL ? parseClusterURL(ws.spec.URL) : undefined;
        // A workspace listed through a mount has its URL on the mount's target: here it is reached below the mount.
        if (child) return build(child.base === loc.base ? child.path : `${path}:${ws.metadata.name}`, childLabel, phase);
        // Not scheduled yet (or unschedulable): no URL to recurse into.
        if (!ws.spec?.URL)
          return {
            label: opts.wide ? await wideLabel(childLabel, undefined, phase) : `${childLabel} (${phase ?? 'Scheduling'})`,
            children: [],
          };
        throw cliError('childURLNotAWorkspace', ws.spec.URL);
      }),
    );
    return node;
  };
  const rendered = renderTree(await build(loc.path, opts.full ? loc.path : lastSegment(loc.path)));
  // kcp prints the tree with Println (a blank line after it), the wide tree through a tabwriter without one.
  return opts.wide ? alignTabs(rendered) : `${rendered}\n`;
}

/** text/tabwriter with kcp's settings (padding 2, blanks): each tab-separated column as wide as its widest cell. */
export function alignTabs(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const cells of lines) cells.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return lines
    .map((cells) => cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(widths[i]! + 2 - [...c].length) : c)).join(''))
    .join('\n');
}

export interface CreateOptions {
  type?: string;
  enter?: boolean;
  ignoreExisting?: boolean;
  locationSelector?: string;
  /** `--create-context NAME`: a kubeconfig context for the new workspace (overwritten with ignoreExisting). */
  createContext?: string;
  timeoutMs?: number;
}

function parseType(type: string): { name: string; path?: string } {
  const i = type.lastIndexOf(':');
  return i < 0 ? { name: type.toLowerCase() } : { path: type.slice(0, i), name: type.slice(i + 1).toLowerCase() };
}

function parseSelector(sel: string): Record<string, unknown> {
  const matchLabels: Record<string, string> = {};
  for (const term of sel
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    const m = /^([^=!\s]+)\s*==?\s*([^=!\s]*)$/.exec(term);
    if (!m) throw cliError('invalidLocationSelector', term);
    matchLabels[m[1]!] = m[2]!;
  }
  return { matchLabels };
}

export async function create(s: Session, name: string, opts: CreateOptions, say: (line: string) => void): Promise<void> {
  const loc = s.location();
  if (opts.ignoreExisting && opts.type && !opts.type.startsWith('root')) throw cliError('ignoreExistingWithRelativeType');
  const body: Record<string, unknown> = { apiVersion: 'tenancy.kcp.io/v1alpha1', kind: 'Workspace', metadata: { name } };
  const spec: Record<string, unknown> = {};
  if (opts.type) spec['type'] = parseType(opts.type);
  if (opts.locationSelector) spec['location'] = { selector: parseSelector(opts.locationSelector) };
  if (Object.keys(spec).length) body['spec'] = spec;
  const api = s.client();
  let r = await api.call<WorkspaceObject>('POST', `/clusters/${loc.path}${WS_API}`, body);
  let existed = false;
  if (r.status === 409 && opts.ignoreExisting) {
    existed = true;
    r = await api.call<WorkspaceObject>('GET', `/clusters/${loc.path}${WS_API}/${name}`);
  }
  if (r.status >= 300) throw responseError(r);
  let ws = r.body;
  const ref = `Workspace "${name}" (type ${typeText(ws.spec?.type) ?? 'unknown'})`;
  if (existed && opts.type && typeText(ws.spec?.type) !== typeText(parseType(opts.type))) {
    const want = parseType(opts.type);
    if (!(want.path === undefined && ws.spec?.type?.name === want.name)) {
      throw cliError('workspaceTypeMismatch', name, typeText(want) ?? '', typeText(ws.spec?.type) ?? '');
    }
  }
  const ready = () => ws.status?.phase === 'Ready';
  if (existed) say(ready() ? `${ref} already exists.` : `${ref} already exists. Waiting for it to be ready...`);
  else if (!ready()) say(`${ref} created. Waiting for it to be ready...`);
  // kcpx schedules a workspace in its create's transaction, so it is usually Ready by the first read: read at once,
  // then every 50 ms (kcp's plugin waits 500 ms between reads).
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (let first = true; !ready(); first = false) {
    const unschedulable = ws.status?.conditions?.find(
      (c) => c.type === 'WorkspaceScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
    );
    if (unschedulable) throw cliError('workspaceUnschedulable', name, unschedulable.message ?? 'no shard matches');
    if (Date.now() > deadline) throw cliError('workspaceNotReady', name, Math.round(timeoutMs / 1000), ws.status?.phase ?? 'unknown');
    if (!first) await new Promise((res) => setTimeout(res, 50));
    const g = await api.call<WorkspaceObject>('GET', `/clusters/${loc.path}${WS_API}/${name}`);
    if (g.status === 200) ws = g.body;
  }
  say(`${ref} is ready to use.`);
  if (opts.createContext !== undefined) {
    if (!ws.spec?.URL) throw cliError('childURLNotAWorkspace', '');
    say(
      createContext(s, { name: opts.createContext, overwrite: Boolean(opts.ignoreExisting), keepCurrent: !opts.enter, url: ws.spec.URL }),
    );
  } else if (opts.enter) {
    const r2 = await use(s, name);
    say(r2.message);
  }
}

export interface CreateContextOptions {
  /** The context's name; the current workspace's path when empty. */
  name?: string;
  overwrite?: boolean;
  /** Leave the current context as it is (create's --create-context without --enter). */
  keepCurrent?: boolean;
  /** The server of the new context's cluster; the current one's by default. */
  url?: string;
}

/** `ws create-context [NAME] [--overwrite]`: a context (and cluster) named for a workspace, as kcp's plugin writes it. */
export function createContext(s: Session, opts: CreateContextOptions): string {
  const cfg = s.cfg;
  const currentName = s.opts.context ?? cfg['current-context'] ?? '';
  const ctx = cfg.contexts.find((c) => c.name === currentName)?.context;
  if (!ctx) throw cliError('currentContextMissing', currentName);
  const cluster = cfg.clusters.find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster) throw cliError('currentClusterMissing', ctx.cluster);
  const loc = parseClusterURL(cluster.server);
  if (!loc) throw cliError('notAWorkspaceURL', cluster.server);
  const name = opts.name || loc.path;
  const existed = cfg.contexts.some((c) => c.name === name);
  if (existed && !opts.overwrite) throw cliError('contextExists', name);
  const upsert = <K extends 'cluster' | 'context'>(list: Array<{ name: string } & Record<K, unknown>>, key: K, value: unknown) => {
    const e = list.find((x) => x.name === name);
    if (e) (e as Record<string, unknown>)[key] = value;
    else list.push({ name, [key]: value } as { name: string } & Record<K, unknown>);
  };
  upsert(cfg.clusters, 'cluster', { ...structuredClone(cluster), ...(opts.url ? { server: opts.url } : {}) });
  upsert(cfg.contexts, 'context', { ...structuredClone(ctx), cluster: name });
  const wasCurrent = cfg['current-context'] === name;
  if (!opts.keepCurrent) cfg['current-context'] = name;
  s.save();
  const verb = existed ? 'Updated' : 'Created';
  return opts.keepCurrent || wasCurrent ? `${verb} context "${name}".` : `${verb} context "${name}" and switched to it.`;
}

/** How long `ws delete` waits for the workspace (and everything below it) to be gone. */
const DELETE_TIMEOUT_MS = 30_000;

export async function remove(s: Session, name: string, say: (line: string) => void): Promise<void> {
  const loc = s.location();
  const api = s.client();
  const r = await api.call('DELETE', `/clusters/${loc.path}${WS_API}/${name}`, { propagationPolicy: 'Background' });
  // Kube's own refusals name the workspace; the front proxy's (the current workspace itself is gone) do not.
  if (r.status >= 300)
    throw responseError(r, statusMessage(r).includes(`"${name}"`) ? undefined : `cannot delete workspace "${name}" in ${loc.path}`);
  const deadline = Date.now() + DELETE_TIMEOUT_MS;
  for (;;) {
    const g = await api.call('GET', `/clusters/${loc.path}${WS_API}/${name}`);
    if (g.status === 404) break;
    if (Date.now() > deadline) throw cliError('workspaceNotDeleted', name, DELETE_TIMEOUT_MS / 1000);
    await new Promise((res) => setTimeout(res, 50));
  }
  say(`Workspace "${name}" deleted.`);
}
