// Calls webhooks (admission and CRD conversion webhooks alike): an HTTPS POST of a JSON review to `clientConfig.url`, trusting `caBundle` (or the system roots),
// over kept-alive connections — one agent per CA bundle, so a webhook costs a round trip, not a TLS handshake, per
// request. Failures are worded as Go's HTTP client words them in kube's messages (`Post "<url>": dial tcp …`).
import { createHash } from 'node:crypto';
import https from 'node:https';
import { defaultTrust } from '../../src/client/extra-ca-certs.js';

/** Agents kept, by CA bundle; the least recently used is closed past this. */
const MAX_AGENTS = 64;
/** A response larger than this is refused (kube reads at most 3 MiB of a webhook's answer… and so do we). */
const MAX_RESPONSE_BYTES = 3 * 1024 * 1024;

export class WebhookCallError extends Error {}

export class WebhookClient {
  private readonly agents = new Map<string, https.Agent>();

  /**
   * POSTs `body` to `url` exactly as configured; resolves with the parsed JSON answer. (kube adds `?timeout=<n>s` to
   * tell the webhook its deadline; webhooks that route on the whole request URI break on it, and the deadline is
   * enforced here either way, so kcpx leaves the URL alone.)
   */
  async post(url: string, caBundle: string | undefined, body: string, timeoutSeconds: number): Promise<unknown> {
    const target = new URL(url);
    const shown = url;
    try {
      return await this.once(target, caBundle, body, timeoutSeconds * 1000, true);
    } catch (err) {
      throw new WebhookCallError(`Post "${shown}": ${goError(err, target)}`);
    }
  }

  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  private agent(caBundle: string | undefined): https.Agent {
    const key = caBundle ? createHash('sha256').update(caBundle).digest('hex') : '';
    let a = this.agents.get(key);
    if (a) {
      this.agents.delete(key);
      this.agents.set(key, a);
      return a;
    }
    const opts: https.AgentOptions = { keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' };
    if (caBundle) opts.ca = Buffer.from(caBundle, 'base64').toString('utf8');
    else {
      const trust = defaultTrust();
      if (trust) opts.ca = trust;
    }
    a = new https.Agent(opts);
    this.agents.set(key, a);
    if (this.agents.size > MAX_AGENTS) {
      const oldest = this.agents.keys().next().value!;
      this.agents.get(oldest)?.destroy();
      this.agents.delete(oldest);
    }
    return a;
  }

  private once(target: URL, caBundle: string | undefined, body: string, timeoutMs: number, mayRetry: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = https.request(target, {
        method: 'POST',
        agent: this.agent(caBundle),
        headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body) },
      });
      const timer = setTimeout(() => req.destroy(new DeadlineExceeded()), timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        // A kept-alive connection the webhook closed meanwhile: Go's transport retries such a request once too.
        if (mayRetry && req.reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') {
          this.once(target, caBundle, body, timeoutMs, false).then(resolve, reject);
        } else reject(err);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`response body larger than ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          const code = res.statusCode ?? 0;
          if (code < 200 || code > 299) {
            reject(new Error(`the server responded with the status code ${code} but did not return more information`));
            return;
          }
          try {
            resolve(JSON.parse(text));
          } catch (err) {
            reject(new Error(`invalid JSON in the response: ${(err as Error).message}`));
          }
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      req.end(body);
    });
  }
}

class DeadlineExceeded extends Error {
  constructor() {
    super('context deadline exceeded');
  }
}

/** Go's net/http and crypto/tls words for what went wrong. */
function goError(err: unknown, target: URL): string {
  if (err instanceof DeadlineExceeded) return err.message;
  const e = err as NodeJS.ErrnoException;
  const hostPort = `${target.hostname.replace(/^\[|\]$/g, '')}:${target.port || 443}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${target.hostname}: no such host`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${target.hostname}`;
    case 'ECONNRESET':
      return 'EOF';
    default:
      return e.message;
  }
}
