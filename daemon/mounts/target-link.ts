// An open connection to a mount's target: a pool of HTTPS connections with the target's own credentials (never the
// caller's), used to probe the target and to forward requests to it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import { loadYaml } from '../apimachinery/decoding/yaml.js';
import { badGateway } from '../apimachinery/status.js';
import { forwardsRequestHeader, forwardsResponseHeader } from '../support/forwarded-headers.js';
import { lazyImport } from '../support/lazy-import.js';
import { defaultTrust } from '../../src/client/extra-ca-certs.js';
import { connectionFromKubeconfig, type TargetConnection } from './target-kubeconfig.js';

/** What crosses the mount: the target acts on the mount's credentials alone (see support/forwarded-headers.ts). */
export const crossesMount = forwardsRequestHeader;

/** undici costs ~90 ms to load; only a daemon with mounts pays it. */
const undiciModule = lazyImport(() => import('undici'));
const undici = () => undiciModule.load();

export class TargetLink {
  constructor(
    private readonly conn: TargetConnection,
    private readonly agent: Agent,
  ) {}

  get server(): string {
    return this.conn.server;
  }

  /** GET /readyz on the target; resolves with its HTTP status, rejects when it does not answer in time. */
  async probe(timeoutMs: number): Promise<number> {
    const { request } = await undici();
    const res = await request(`${this.conn.server}/readyz`, {
      dispatcher: this.agent,
      headers: this.authHeaders(),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.text();
    return res.statusCode;
  }

  /**
   * Forwards a request (the path after the workspace prefix) to the target, or to `server` on it (a workspace nested
   * in the target), and streams the answer back.
   */
  async forward(
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    body: Buffer | undefined,
    server = this.conn.server,
  ): Promise<void> {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && crossesMount(k)) headers[k] = v;
    }
    Object.assign(headers, this.authHeaders());
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    const { request } = await undici();
    let upstream: Awaited<ReturnType<typeof request>>;
    try {
      upstream = await request(`${server}${rest}`, {
        method: (req.method ?? 'GET') as 'GET',
        headers,
        dispatcher: this.agent,
        signal: ac.signal,
        headersTimeout: 30_000,
        bodyTimeout: 0,
        ...(body && body.length ? { body } : {}),
      });
    } catch (err) {
      throw badGateway(`mount ${path}: the target did not answer: ${(err as Error).message}`);
    }
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(upstream.headers)) {
      if (v !== undefined && forwardsResponseHeader(k)) out[k] = v;
    }
    res.writeHead(upstream.statusCode, out);
    res.flushHeaders();
    try {
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    } catch (err) {
      if (ac.signal.aborted) return;
      // The target went away mid-stream: a watch client gets an ERROR event instead of a silent cut.
      const status = {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        reason: 'ServiceUnavailable',
        code: 503,
        message: `mount ${path}: the target connection broke: ${(err as Error).message}`,
      };
      if (/watch=(true|1)/.test(rest)) res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
      res.end();
    }
  }

  /** Closes the connections once what is in flight (a watch through the mount) has ended. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Closes every connection at once, cutting short what is in flight (a probe, a watch through the mount). */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }

  private authHeaders(): Record<string, string> {
    return this.conn.token ? { authorization: `Bearer ${this.conn.token}` } : {};
  }
}

/** Opens a link from a kubeconfig (the KubeCluster's Secret) and, optionally, one of its contexts. */
export async function openTargetLink(kubeconfig: string, context: string | undefined): Promise<TargetLink> {
  const conn = connectionFromKubeconfig(await loadYaml(), kubeconfig, context);
  const tls: Record<string, unknown> = { rejectUnauthorized: !conn.insecure };
  const ca = conn.ca || defaultTrust();
  if (ca) tls['ca'] = ca;
  if (conn.cert && conn.key) {
    tls['cert'] = conn.cert;
    tls['key'] = conn.key;
  }
  const { Agent } = await undici();
  return new TargetLink(conn, new Agent({ connect: tls, keepAliveTimeout: 30_000 }));
}
