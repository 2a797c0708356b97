// A small Kubernetes API client for the CLI, built from a kubeconfig context (CA, token or client certificate).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { apiError, cliError, type CliError } from '../errors/catalogue.js';
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

export class ApiClient {
  private readonly agent: Agent;
  private readonly headers: Record<string, string> = { accept: 'application/json' };

  constructor(
    /** Server URL without any /clusters/ path. */
    readonly base: string,
    cluster: ClusterEntry,
    user: UserEntry,
  ) {
    const tls: Record<string, unknown> = {};
    if (cluster['certificate-authority-data']) tls['ca'] = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
    else if (cluster['certificate-authority']) tls['ca'] = readFileSync(cluster['certificate-authority'], 'utf8');
    if (cluster['insecure-skip-tls-verify']) tls['rejectUnauthorized'] = false;
    if (user['client-certificate-data'] && user['client-key-data']) {
      tls['cert'] = Buffer.from(user['client-certificate-data'], 'base64').toString('utf8');
      tls['key'] = Buffer.from(user['client-key-data'], 'base64').toString('utf8');
    } else if (user['client-certificate'] && user['client-key']) {
      tls['cert'] = readFileSync(user['client-certificate'], 'utf8');
      tls['key'] = readFileSync(user['client-key'], 'utf8');
    }
    if (user.token) this.headers['authorization'] = `Bearer ${user.token}`;
    this.agent = new Agent({ connect: tls, keepAliveTimeout: 5_000 });
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    let res;
    try {
      res = await request(`${this.base}${path}`, {
        method: method as 'GET',
        dispatcher: this.agent,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const reason = (err as Error).message;
      // undici's own timeouts (headersTimeout, bodyTimeout, connect) are UND_ERR_*_TIMEOUT.
      if (code.startsWith('UND_ERR_') && code.endsWith('TIMEOUT')) throw cliError('requestTimedOut', this.base, reason);
      throw cliError('unreachable', this.base, reason, code === 'ECONNREFUSED');
    }
    const text = await res.body.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (health endpoints)
    }
    return { status: res.statusCode, body: parsed as T };
  }

  async close(): Promise<void> {
    await this.agent.close();
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
