// /healthz, /livez and /readyz as kube-apiserver serves them (k8s.io/apiserver/pkg/server/healthz): each endpoint
// runs its named checks; `?verbose` lists them (`[+]ping ok` … `readyz check passed`), `?exclude=<name>` skips one,
// `/<endpoint>/<check>` runs one alone, and a failure answers 500 with the list, reasons withheld (the endpoints are
// public). kcp serves the same under every workspace URL, which is where clients find them (their kubeconfig's
// server).
import type { Answer } from '../endpoints/respond.js';

export interface HealthCheck {
  name: string;
  /** Undefined when healthy, else why not (kept out of answers: only the check's name is shown). */
  check(): string | undefined;
}

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

const TEXT = 'text/plain; charset=utf-8';
const NOSNIFF = { 'X-Content-Type-Options': 'nosniff' };

const ping: HealthCheck = { name: 'ping', check: () => undefined };
/** kube's `log` check fails when its logger stopped flushing; the daemon's log writes never block or fail it. */
const log: HealthCheck = { name: 'log', check: () => undefined };

/**
 * The checks of each endpoint. `started` is false until the daemon's controllers run and once it begins to stop:
 * what kube's post-start hooks and `shutdown` check say (liveness does not depend on it).
 */
export function healthChecks(started: () => boolean): Record<HealthEndpoint, readonly HealthCheck[]> {
  const bootstrap: HealthCheck = {
    name: 'poststarthook/kcpx-bootstrap-controllers',
    check: () => (started() ? undefined : 'the controllers are not running'),
  };
  const shutdown: HealthCheck = { name: 'shutdown', check: () => (started() ? undefined : 'the daemon is not serving') };
  return {
    healthz: [ping, log, bootstrap],
    livez: [ping, log],
    readyz: [ping, log, bootstrap, shutdown],
  };
}

/** The endpoint a path (below the cluster prefix, if any) names, and the single check it asks for. */
export function healthPath(path: string): { endpoint: HealthEndpoint; check?: string } | undefined {
  for (const endpoint of ['healthz', 'livez', 'readyz'] as const) {
    const base = `/${endpoint}`;
    if (path === base) return { endpoint };
    if (path.startsWith(`${base}/`)) return { endpoint, check: path.slice(base.length + 1) };
  }
  return undefined;
}

export function healthAnswer(
  checks: Record<HealthEndpoint, readonly HealthCheck[]>,
  at: { endpoint: HealthEndpoint; check?: string },
  query: URLSearchParams,
): Answer {
  const list = checks[at.endpoint];
  if (at.check !== undefined) {
    const one = list.find((c) => c.name === at.check);
    if (!one) return { status: 404, body: '404 page not found\n', contentType: TEXT, headers: NOSNIFF };
    const failure = one.check();
    return failure === undefined
      ? { status: 200, body: 'ok', contentType: TEXT, headers: NOSNIFF }
      : { status: 500, body: `internal server error: ${failure}\n`, contentType: TEXT, headers: NOSNIFF };
  }
  const excluded = new Set(query.getAll('exclude'));
  let out = '';
  let failed = false;
  for (const c of list) {
    if (excluded.delete(c.name)) {
      out += `[+]${c.name} excluded: ok\n`;
      continue;
    }
    if (c.check() === undefined) out += `[+]${c.name} ok\n`;
    else {
      out += `[-]${c.name} failed: reason withheld\n`;
      failed = true;
    }
  }
  if (excluded.size > 0) {
    const names = [...excluded].sort().map((n) => JSON.stringify(n));
    out += `warn: some health checks cannot be excluded: no matches for ${names.join(',')}\n`;
  }
  // Always verbose on failure, as kube is.
  if (failed) return { status: 500, body: `${out}${at.endpoint} check failed\n`, contentType: TEXT, headers: NOSNIFF };
  if (!query.has('verbose')) return { status: 200, body: 'ok', contentType: TEXT, headers: NOSNIFF };
  return { status: 200, body: `${out}${at.endpoint} check passed\n`, contentType: TEXT, headers: NOSNIFF };
}
