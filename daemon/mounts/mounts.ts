// Mounts: a workspace whose requests are served by another Kubernetes API. A KubeCluster object
// (mounts.contrib.kcp.io/v1alpha1) names a Secret holding the target's kubeconfig; this controller probes the
// target, keeps the KubeCluster's and the Workspaces' status honest, and forwards requests with the target's
// credentials — never the caller's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lazyImport } from '../support/lazy-import.js';
import { loadYaml } from '../apimachinery/decoding/yaml.js';
import type { Agent } from 'undici';
import { StatusError } from '../apimachinery/status.js';
import type { KObject } from '../apimachinery/types.js';
import { timestamp } from '../registry/meta.js';
import type { Registry } from '../registry/registry.js';
import type { StoreEvent } from '../storage/store.js';
import type { MountEntry, Resolved, WorkspaceIndex } from '../tenancy/index.js';
import { isMounted, WORKSPACES } from '../apis/core-kcp/names.js';
import type { MountTarget } from './target.js';
import { connectionFromKubeconfig, type TargetConnection } from './target-kubeconfig.js';

export const KUBECLUSTERS = 'mounts.contrib.kcp.io/kubeclusters';
const PROBE_INTERVAL_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;
/** Workspaces read per tick while discovering mounts after a restart. */
const DISCOVERY_PAGE = 500;
/** Hop-by-hop and credential headers never cross the mount. */
const DROP_REQUEST_HEADERS = new Set(['authorization', 'cookie', 'host', 'connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'proxy-authorization']);
/**
 * Identity headers never cross either: the target acts on the mount's credentials alone, and must not learn — or
 * be asked to assume — who the caller is (Impersonate-User/-Group/-Uid/-Extra-*, front-proxy X-Remote-*).
 */
const DROP_REQUEST_HEADER_PREFIXES = ['impersonate-', 'x-remote-'];

export function crossesMount(header: string): boolean {
  const h = header.toLowerCase();
  return !DROP_REQUEST_HEADERS.has(h) && !DROP_REQUEST_HEADER_PREFIXES.some((p) => h.startsWith(p));
}
const DROP_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** undici costs ~90 ms to load; only a daemon with mounts pays it. */
const undici = lazyImport('undici', () => import('undici')).load;

interface MountState {
  cluster: string;
  name: string;
  phase: 'Initializing' | 'Ready' | 'Unavailable';
  reason: string;
  conn?: TargetConnection;
  agent?: Agent;
  /** Secret identity the connection was built from, to notice credential changes. */
  source?: string;
}

interface MountRef {
  apiVersion?: string;
  kind?: string;
  name?: string;
}

export class Mounts {
  private readonly states = new Map<string, MountState>();
  private index?: WorkspaceIndex;
  private timer?: NodeJS.Timeout;
  private discovered = false;
  private stopped = false;
  private probing = false;

  constructor(private readonly registry: Registry) {
    registry.store.subscribeAll((ev) => this.observe(ev));
  }

  attach(index: WorkspaceIndex): void {
    this.index = index;
  }

  start(): void {
    for (const kc of this.registry.store.list({ cluster: '*', resource: KUBECLUSTERS }).items) {
      this.ensure(kc.metadata.annotations?.['kcp.io/cluster'] ?? '', kc.metadata.name!);
    }
    this.timer = setInterval(() => void this.probeAll(), PROBE_INTERVAL_MS);
    this.timer.unref();
    void this.probeAll();
    this.discover();
  }

  /**
   * Finds the mounted workspaces of a restarted shard: a page of Workspaces per tick, so a shard with 100,000 of
   * them serves at once instead of reading them all first. Routing does not wait for it (undiscovered()).
   */
  private discover(after?: { cluster: string; namespace: string; name: string }): void {
    if (this.stopped) return;
    const page = this.registry.store.list({ cluster: '*', resource: WORKSPACES }, { limit: DISCOVERY_PAGE, ...(after ? { after } : {}) });
    for (const ws of page.items) {
      if (isMounted(ws)) this.observeWorkspace(ws.metadata.annotations?.['kcp.io/cluster'] ?? '', ws);
    }
    if (page.next) {
      const next = page.next;
      setImmediate(() => this.discover(next));
    } else this.discovered = true;
  }

  /** A mounted workspace discovery has not reached yet, looked up by its key; undefined once discovery is done. */
  undiscovered(segment: string): Resolved | undefined {
    if (this.discovered || !this.index) return undefined;
    const colon = segment.lastIndexOf(':');
    if (colon < 0) return undefined;
    const parent = this.index.resolve(segment.slice(0, colon));
    if (parent?.type !== 'cluster') return undefined;
    const ws = this.registry.store.get({ cluster: parent.entry.name, resource: WORKSPACES, namespace: '', name: segment.slice(colon + 1) });
    if (!ws || !isMounted(ws)) return undefined;
    this.observeWorkspace(parent.entry.name, ws);
    return this.index.resolve(segment);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const s of this.states.values()) void s.agent?.close();
  }

  private observe(ev: StoreEvent): void {
    if (ev.resource === KUBECLUSTERS) {
      const key = `${ev.cluster}/${ev.name}`;
      if (ev.type === 'DELETED') {
        const s = this.states.get(key);
        void s?.agent?.close();
        this.states.delete(key);
        setImmediate(() => this.syncWorkspaces(ev.cluster, ev.name));
      } else if (!this.states.has(key) || ev.type === 'ADDED' || specChanged(ev)) {
        this.ensure(ev.cluster, ev.name);
        setImmediate(() => void this.probe(this.states.get(key)!));
      }
    } else if (ev.resource === '/secrets') {
      for (const s of this.states.values()) {
        if (s.cluster === ev.cluster && s.source?.startsWith(`${ev.namespace}/${ev.name}@`)) setImmediate(() => void this.probe(s));
      }
    }
  }

  private ensure(cluster: string, name: string): MountState {
    const key = `${cluster}/${name}`;
    let s = this.states.get(key);
    if (!s) this.states.set(key, (s = { cluster, name, phase: 'Initializing', reason: 'not probed yet' }));
    return s;
  }

  /** A Workspace with spec.mount was written: route its path to the mount and mirror the mount's phase. */
  observeWorkspace(cluster: string, ws: KObject): void {
    if (!this.index || ws.metadata.deletionTimestamp) return;
    const parent = this.index.cluster(cluster);
    if (!parent) return;
    this.index.setMount({ path: `${parent.path}:${ws.metadata.name}`, parentCluster: cluster, workspace: ws.metadata.name! });
    setImmediate(() => this.syncWorkspace(cluster, ws.metadata.name!));
  }

  target(entry: MountEntry): MountTarget {
    const ws = this.registry.store.get({ cluster: entry.parentCluster, resource: WORKSPACES, namespace: '', name: entry.workspace });
    const ref = mountRef(ws);
    const state = ref ? this.stateFor(entry.parentCluster, ref) : undefined;
    const mount = { parentCluster: entry.parentCluster, workspace: entry.workspace };
    if (!ws || !ref || !state) return { type: 'unavailable', message: `mount ${entry.path}: the mount object is missing`, mount };
    if (state.phase !== 'Ready' || !state.conn || !state.agent) {
      return { type: 'unavailable', message: `mount ${entry.path} is not available: ${state.reason}`, mount };
    }
    const conn = state.conn;
    const agent = state.agent;
    return { type: 'mount', path: entry.path, ...mount, forward: (req, res, rest, body) => forward(entry.path, conn, agent, req, res, rest, body) };
  }

  private stateFor(cluster: string, ref: MountRef): MountState | undefined {
    if (ref.kind !== 'KubeCluster' || !ref.name) return undefined;
    return this.states.get(`${cluster}/${ref.name}`);
  }

  private async probeAll(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      await Promise.all([...this.states.values()].map((s) => this.probe(s)));
    } finally {
      this.probing = false;
    }
  }

  private async probe(s: MountState): Promise<void> {
    const store = this.registry.store;
    const kc = store.get({ cluster: s.cluster, resource: KUBECLUSTERS, namespace: '', name: s.name });
    if (!kc) return;
    let phase: MountState['phase'];
    let reason: string;
    try {
      await this.connect(s, kc);
      const { request } = await undici();
      const res = await request(`${s.conn!.server}/readyz`, {
        dispatcher: s.agent!,
        headers: authHeaders(s.conn!),
        headersTimeout: PROBE_TIMEOUT_MS,
        bodyTimeout: PROBE_TIMEOUT_MS,
      });
      await res.body.text();
      if (res.statusCode === 401 || res.statusCode === 403) {
        phase = 'Unavailable';
        reason = `the target refused the mount's credentials (HTTP ${res.statusCode})`;
      } else if (res.statusCode >= 500) {
        phase = 'Unavailable';
        reason = `the target is not ready (HTTP ${res.statusCode})`;
      } else {
        phase = 'Ready';
        reason = 'the target answers';
      }
    } catch (err) {
      phase = 'Unavailable';
      reason = (err as Error).message || String(err);
    }
    const changed = s.phase !== phase || s.reason !== reason;
    s.phase = phase;
    s.reason = reason;
    if (changed || (kc['status'] as { phase?: string } | undefined)?.phase !== phase) this.writeStatus(s, kc);
  }

  private async connect(s: MountState, kc: KObject): Promise<void> {
    const spec = (kc['spec'] ?? {}) as { secretRef?: { name?: string; namespace?: string }; context?: string };
    const ref = spec.secretRef;
    if (!ref?.name) throw new Error('spec.secretRef.name is required');
    const ns = ref.namespace || 'default';
    const secret = this.registry.store.get({ cluster: s.cluster, resource: '/secrets', namespace: ns, name: ref.name });
    if (!secret) throw new Error(`secret ${ns}/${ref.name} not found`);
    const source = `${ns}/${ref.name}@${secret.metadata.resourceVersion}/${spec.context ?? ''}`;
    if (s.source === source && s.conn) return;
    const data = (secret['data'] ?? {}) as Record<string, string>;
    const encoded = data['kubeconfig'];
    if (!encoded) throw new Error(`secret ${ns}/${ref.name} has no "kubeconfig" key`);
    await loadYaml();
    const conn = connectionFromKubeconfig(Buffer.from(encoded, 'base64').toString('utf8'), spec.context);
    void s.agent?.close();
    const tls: Record<string, unknown> = { rejectUnauthorized: !conn.insecure };
    if (conn.ca) tls['ca'] = conn.ca;
    if (conn.cert && conn.key) {
      tls['cert'] = conn.cert;
      tls['key'] = conn.key;
    }
    const { Agent } = await undici();
    s.agent = new Agent({ connect: tls, keepAliveTimeout: 30_000 });
    s.conn = conn;
    s.source = source;
  }

  private writeStatus(s: MountState, kc: KObject): void {
    const store = this.registry.store;
    const next = structuredClone(kc);
    const now = timestamp(this.registry.now());
    next['status'] = {
      phase: s.phase,
      ...(s.conn ? { URL: s.conn.server } : {}),
      conditions: [{ type: 'Ready', status: s.phase === 'Ready' ? 'True' : 'False', reason: s.phase === 'Ready' ? 'Reachable' : 'Unreachable', message: s.reason, lastTransitionTime: now }],
    };
    try {
      store.update({ cluster: s.cluster, resource: KUBECLUSTERS, namespace: '', name: s.name }, next, Number(kc.metadata.resourceVersion));
    } catch {
      return; // a concurrent write; the next probe retries
    }
    this.syncWorkspaces(s.cluster, s.name);
  }

  private syncWorkspaces(cluster: string, mountName: string): void {
    for (const ws of this.registry.store.list({ cluster, resource: WORKSPACES }).items) {
      const ref = mountRef(ws);
      if (ref?.kind === 'KubeCluster' && ref.name === mountName) this.syncWorkspace(cluster, ws.metadata.name!);
    }
  }

  /** Workspace phase and URL follow the mount object (kcp's WorkspaceMountReady condition). */
  private syncWorkspace(cluster: string, name: string): void {
    const store = this.registry.store;
    const key = { cluster, resource: WORKSPACES, namespace: '', name };
    const ws = store.get(key);
    const ref = mountRef(ws);
    if (!ws || !ref || ws.metadata.deletionTimestamp || !this.index) return;
    const parent = this.index.cluster(cluster);
    const state = this.stateFor(cluster, ref);
    const phase = state?.phase === 'Ready' ? 'Ready' : state ? (state.phase === 'Initializing' ? 'Initializing' : 'Unavailable') : 'Unavailable';
    const reason = !state ? 'MountObjectNotFound' : phase === 'Ready' ? 'MountReady' : 'MountObjectNotReady';
    const message = !state ? `${ref.kind} ${ref.name} not found` : state.reason;
    const status = (ws['status'] ?? {}) as { phase?: string; conditions?: Array<{ type: string; reason?: string; message?: string }> };
    const url = parent ? `${this.externalBase(parent.name)}/clusters/${parent.path}:${name}` : undefined;
    const spec = (ws['spec'] ?? {}) as Record<string, unknown>;
    const cond = status.conditions?.find((c) => c.type === 'WorkspaceMountReady');
    if (status.phase === phase && cond?.reason === reason && cond.message === message && (!url || spec['URL'] === url)) return;
    const next = structuredClone(ws);
    if (url) next['spec'] = { ...spec, URL: url };
    next['status'] = {
      ...status,
      phase,
      conditions: [{ type: 'WorkspaceMountReady', status: phase === 'Ready' ? 'True' : 'False', reason, message, lastTransitionTime: timestamp(this.registry.now()) }],
    };
    next.metadata.labels = { ...(next.metadata.labels ?? {}), 'tenancy.kcp.io/phase': phase };
    try {
      store.update(key, next, Number(ws.metadata.resourceVersion));
    } catch {
      setImmediate(() => this.syncWorkspace(cluster, name));
    }
  }

  private externalBase(cluster: string): string {
    const lc = this.registry.store.get({ cluster, resource: 'core.kcp.io/logicalclusters', namespace: '', name: 'cluster' });
    const url = (lc?.['status'] as { URL?: string } | undefined)?.URL ?? '';
    return url.replace(/\/clusters\/[^/]+$/, '');
  }
}

function specChanged(ev: StoreEvent): boolean {
  return JSON.stringify(ev.object['spec'] ?? null) !== JSON.stringify(ev.prev?.['spec'] ?? null);
}

function mountRef(ws: KObject | undefined): MountRef | undefined {
  return ((ws?.['spec'] as { mount?: { ref?: MountRef } } | undefined)?.mount?.ref) ?? undefined;
}

function authHeaders(conn: TargetConnection): Record<string, string> {
  return conn.token ? { authorization: `Bearer ${conn.token}` } : {};
}

async function forward(
  path: string,
  conn: TargetConnection,
  agent: Agent,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
  body: Buffer | undefined,
): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined && crossesMount(k)) headers[k] = v;
  }
  Object.assign(headers, authHeaders(conn));
  const ac = new AbortController();
  res.on('close', () => ac.abort());
  const { request } = await undici();
  let upstream: Awaited<ReturnType<typeof request>>;
  try {
    upstream = await request(`${conn.server}${rest}`, {
      method: (req.method ?? 'GET') as 'GET',
      headers,
      dispatcher: agent,
      signal: ac.signal,
      headersTimeout: 30_000,
      bodyTimeout: 0,
      ...(body && body.length ? { body } : {}),
    });
  } catch (err) {
    throw new StatusError(502, 'ServiceUnavailable', `mount ${path}: the target did not answer: ${(err as Error).message}`);
  }
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(upstream.headers)) {
    if (v !== undefined && !DROP_RESPONSE_HEADERS.has(k.toLowerCase())) out[k] = v;
  }
  res.writeHead(upstream.statusCode, out);
  res.flushHeaders();
  try {
    for await (const chunk of upstream.body) res.write(chunk);
    res.end();
  } catch (err) {
    if (ac.signal.aborted) return;
    // The target went away mid-stream: a watch client gets an ERROR event instead of a silent cut.
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'ServiceUnavailable', code: 503, message: `mount ${path}: the target connection broke: ${(err as Error).message}` };
    if (/watch=(true|1)/.test(rest)) res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    res.end();
  }
}
