// A connection to an extension API server: HTTPS to the URL its APIService resolves to, the server's certificate
// checked against the APIService's caBundle for the service's DNS name (`<name>.<namespace>.svc`, as kube-aggregator
// checks it) unless insecureSkipTLSVerify, and the control plane's aggregator client certificate presented, with
// the caller's identity in X-Remote-User / X-Remote-Group / X-Remote-Extra-* (kube's request-header authentication).
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Agent } from 'undici';
import { badGateway } from '../apimachinery/status.js';
import type { UserInfo } from '../registry/types.js';
import { forwardsRequestHeader, forwardsResponseHeader } from '../support/forwarded-headers.js';
import { lazyImport } from '../support/lazy-import.js';
import { defaultTrust } from '../../src/client/extra-ca-certs.js';

const undiciModule = lazyImport(() => import('undici'));

export interface UpstreamOptions {
  url: string;
  /** The name the server's certificate must be valid for. */
  serverName: string;
  caBundle?: string;
  insecureSkipTLSVerify: boolean;
  /** The aggregator's client certificate and key (PEM). */
  clientCert: { cert: string; key: string };
}

export class Upstream {
  private constructor(
    readonly url: string,
    private readonly agent: Agent,
  ) {}

  static async open(o: UpstreamOptions): Promise<Upstream> {
    const { Agent } = await undiciModule.load();
    const connect: Record<string, unknown> = {
      rejectUnauthorized: !o.insecureSkipTLSVerify,
      servername: o.serverName,
      cert: o.clientCert.cert,
      key: o.clientCert.key,
    };
    const ca = o.caBundle || defaultTrust();
    if (ca) connect['ca'] = ca;
    return new Upstream(o.url.replace(/\/+$/, ''), new Agent({ connect, keepAliveTimeout: 30_000 }));
  }

  /** GET a path as the aggregator itself (with extra headers); resolves with the status, body and ETag. */
  async get(
    path: string,
    timeoutMs: number,
    headers: Record<string, string | string[]> = {},
  ): Promise<{ status: number; body: string; etag?: string }> {
    const { request } = await undiciModule.load();
    const res = await request(`${this.url}${path}`, {
      dispatcher: this.agent,
      headers: { accept: 'application/json', ...headers },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const etag = res.headers['etag'];
    return { status: res.statusCode, body: await res.body.text(), ...(typeof etag === 'string' ? { etag } : {}) };
  }

  /** Forwards a client's request for `path` as `user`, streaming the answer back. */
  async forward(
    req: { method: string; headers: IncomingHttpHeaders },
    res: ServerResponse,
    user: UserInfo,
    path: string,
    body: Buffer | undefined,
  ): Promise<void> {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined && forwardsRequestHeader(k)) headers[k] = v;
    }
    Object.assign(headers, identityHeaders(user));
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    const { request } = await undiciModule.load();
    let upstream: Awaited<ReturnType<typeof request>>;
    try {
      upstream = await request(`${this.url}${path}`, {
        method: req.method as 'GET',
        headers,
        dispatcher: this.agent,
        signal: ac.signal,
        headersTimeout: 30_000,
        bodyTimeout: 0,
        ...(body && body.length ? { body } : {}),
      });
    } catch (err) {
      throw badGateway(`error trying to reach service: ${(err as Error).message}`);
    }
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(upstream.headers)) {
      if (v !== undefined && forwardsResponseHeader(k)) out[k] = v;
    }
    res.writeHead(upstream.statusCode, out);
    res.flushHeaders();
    try {
      for await (const chunk of upstream.body) res.write(chunk);
    } catch {
      // The extension server went away mid-stream (or the client did): the client sees the stream end.
    }
    res.end();
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

/** kube's request-header identity: who the aggregator forwards for. */
export function identityHeaders(user: UserInfo): Record<string, string | string[]> {
  const h: Record<string, string | string[]> = { 'X-Remote-User': user.username };
  if (user.groups.length) h['X-Remote-Group'] = [...user.groups];
  for (const [k, v] of Object.entries(user.extra ?? {})) h[`X-Remote-Extra-${encodeURIComponent(k)}`] = [...v];
  return h;
}
