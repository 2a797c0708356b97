// A small Kubernetes API client for the CLI, built from a kubeconfig context (CA, token or client certificate). It is
// on node:https, which ships in Node's startup snapshot: an HTTP library would cost every `kubectl ws` ~100 ms of
// module loading for the one or two requests it makes.
import { readFileSync } from 'node:fs';
import { Agent, request, type AgentOptions } from 'node:https';
import { apiError, cliError, type CliError } from '../errors/catalogue.js';
import { defaultTrust } from './extra-ca-certs.js';
import type { ClusterEntry, UserEntry } from './kubeconfig.js';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

/** How long a request may go without an answer (headers, then each chunk of the body). */
const REQUEST_TIMEOUT_MS = 30_000;

export class ApiClient {
  private readonly agent: Agent;
  private readonly headers: Record<string, string> = { accept: 'application/json' };

  constructor(
    /** Server URL without any /clusters/ path. */
    readonly base: string,
    cluster: ClusterEntry,
    user: UserEntry,
  ) {
    // One connection, kept open: a command's requests (`ws tree` lists every workspace of a level at once) queue on
    // it, since each further TLS handshake costs both ends more than a request on an open connection.
    const tls: AgentOptions = { keepAlive: true, keepAliveMsecs: 5_000, maxSockets: 1 };
    if (cluster['certificate-authority-data']) tls.ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
    else if (cluster['certificate-authority']) tls.ca = readFileSync(cluster['certificate-authority'], 'utf8');
    else if (!cluster['insecure-skip-tls-verify']) {
      const trust = defaultTrust();
      if (trust) tls.ca = trust;
    }
    if (cluster['insecure-skip-tls-verify']) tls.rejectUnauthorized = false;
    if (typeof cluster['tls-server-name'] === 'string') tls.servername = cluster['tls-server-name'];
    if (user['client-certificate-data'] && user['client-key-data']) {
      tls.cert = Buffer.from(user['client-certificate-data'], 'base64').toString('utf8');
      tls.key = Buffer.from(user['client-key-data'], 'base64').toString('utf8');
    } else if (user['client-certificate'] && user['client-key']) {
      tls.cert = readFileSync(user['client-certificate'], 'utf8');
      tls.key = readFileSync(user['client-key'], 'utf8');
    }
    if (user.token) this.headers['authorization'] = `Bearer ${user.token}`;
    this.agent = new Agent(tls);
  }

  call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    // An explicit length: node sends a DELETE's body unframed otherwise (no chunked encoding by default for DELETE).
    const headers =
      payload === undefined
        ? this.headers
        : { ...this.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}`, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => reject(this.failure(err)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (health endpoints, /metrics)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T });
        });
      });
      let timedOut = false;
      req.setTimeout(REQUEST_TIMEOUT_MS, () => {
        timedOut = true;
        req.destroy();
      });
      req.on('error', (err) =>
        reject(timedOut ? cliError('requestTimedOut', this.base, `no answer within ${REQUEST_TIMEOUT_MS / 1000}s`) : this.failure(err)),
      );
      req.end(payload);
    });
  }

  private failure(err: Error): CliError {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const failure = cliError('unreachable', this.base, err.message, code === 'ECONNREFUSED');
    // What the network said, for a caller that words the failure itself (a mount's target is no control plane of ours).
    failure.cause = err;
    return failure;
  }

  close(): Promise<void> {
    this.agent.destroy();
    return Promise.resolve();
  }
}

/** The CLI error for an answer that is not a success: its Status message, after `context` if given. */
export function responseError(r: ApiResponse, context?: string): CliError {
  return apiError(r.status, statusMessage(r), context);
}

export function statusMessage(r: ApiResponse): string {
  const b = r.body as StatusBody | string | undefined;
  if (b && typeof b === 'object' && b.message) return b.message;
  return `HTTP ${r.status}`;
}
