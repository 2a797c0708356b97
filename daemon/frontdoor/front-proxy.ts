// The front proxy: authenticates, resolves /clusters/<path-or-name>/… to a logical cluster (or a mount) and
// dispatches to the shard in memory. Health and version answer without credentials, like kube's public-info role.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forbiddenWithoutResource, notFound, serviceUnavailable, unauthorized } from '../apimachinery/status.js';
import type { Authenticator } from '../auth/authn.js';
import { hasImpersonationHeaders } from '../auth/impersonation-headers.js';
import type { AuthorizationAttributes } from '../auth/rbac/attributes.js';
import type { ApiHandler } from '../endpoints/api-handler.js';
import { errorAnswer, writeAnswer, type Answer } from '../endpoints/respond.js';
import { versionInfo } from './version.js';
import type { UserInfo } from '../registry/types.js';
import type { Metrics } from './metrics.js';
import { checkWildcardRequest } from './wildcard.js';
import { healthAnswer, healthChecks, healthPath } from './health.js';
import type { MountedWorkspace, MountTarget } from '../mounts/target.js';
import { lazyImport } from '../support/lazy-import.js';

// Loaded by the first request that impersonates: with it come the RBAC attribute and decision helpers.
const impersonation = lazyImport(() => import('../auth/impersonation.js'));

export type Target = { type: 'cluster'; cluster: string } | MountTarget;

/** A virtual workspace: answers a request (or streams it and returns undefined) for an authenticated user. */
export type VirtualWorkspace = (
  req: { method: string; path: string; query: URLSearchParams; headers: IncomingMessage['headers']; body?: Buffer; user: UserInfo },
  res: ServerResponse,
) => Promise<Answer | undefined>;

export interface FrontProxyDeps {
  authenticator: Authenticator;
  /** Resolves a path (`root:a:c`) or a logical cluster name; undefined when nothing is there. */
  resolve(segment: string): Target | undefined;
  shard: Pick<ApiHandler, 'serve'>;
  ready: () => boolean;
  /** Whether a user may use `/clusters/*` (cross-cluster lists and watches). */
  mayUseWildcard(user: UserInfo): boolean;
  log: (err: unknown) => void;
  metrics?: Metrics;
  /** Authorization of a request in a logical cluster; throws a 403 Status when denied. */
  authorize?(cluster: string, user: UserInfo, method: string, path: string, query: URLSearchParams): void;
  /**
   * Authorization of prepared attributes (impersonation: verb `impersonate` on users, groups, …); throws a 403
   * Status when denied. Without it, impersonation headers are refused.
   */
  authorizeAttributes?: (attrs: AuthorizationAttributes) => void;
  /**
   * Authorization of a request to a mounted workspace, before it is forwarded with the mount's credentials; throws
   * a 403 Status when denied. Without it, mounts are refused.
   */
  authorizeMount?(mount: MountedWorkspace, user: UserInfo): void;
  /** Home workspace of a user (GET /clusters/root/apis/tenancy.kcp.io/v1alpha1/workspaces/~). */
  home?(user: UserInfo): unknown;
  /**
   * The virtual workspace serving a `/services/…` path (kcp's virtual workspaces, which authorize on their own),
   * or undefined when none does.
   */
  services?(path: string): VirtualWorkspace | undefined;
  /** Settles when everything written so far is committed (undefined: nothing is pending); see Store.durable. */
  durable?(): Promise<void> | undefined;
}

export function createFrontProxy(deps: FrontProxyDeps) {
  const health = healthChecks(deps.ready);
  /** Answers once what the request wrote, or read of others' writes, is committed; a failed commit answers 500. */
  const answerDurably = async (res: ServerResponse, answer: Answer, head: boolean): Promise<void> => {
    const pending = deps.durable?.();
    if (pending) {
      try {
        await pending;
      } catch (err) {
        writeAnswer(res, errorAnswer(err, deps.log), head);
        return;
      }
    }
    writeAnswer(res, answer, head);
  };

  /**
   * Whom a request that carries Impersonate-* headers acts as in `cluster` (kube's WithImpersonation runs after
   * authentication, before authorization; kcp authorizes it in the logical cluster the request targets). See
   * auth/impersonation.ts.
   */
  const impersonated = async (req: IncomingMessage, requester: UserInfo, cluster: string): Promise<UserInfo> => {
    const { impersonate, parseImpersonationHeaders } = await impersonation.load();
    const requests = parseImpersonationHeaders(req.headersDistinct);
    if (requests.length === 0) return requester;
    const authorize = deps.authorizeAttributes;
    if (!authorize) throw forbiddenWithoutResource('impersonation is not allowed for the requestor');
    return impersonate(requester, requests, cluster, authorize);
  };

  return async function route(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://kcpx.invalid');
    const path = url.pathname;
    const head = req.method === 'HEAD';
    const probe = healthPath(path);
    if (probe) {
      writeAnswer(res, healthAnswer(health, probe, url.searchParams), head);
      return;
    }
    if (path === '/version' || path === '/version/') {
      writeAnswer(res, { status: 200, body: versionInfo() }, head);
      return;
    }
    const authenticated = deps.authenticator.authenticate(req);
    if (!authenticated) throw unauthorized();
    let user: UserInfo;
    if (path === '/metrics' && deps.metrics) {
      // A shard-level path, authorized against the root workspace as kcp's WithShardLevelPaths does: `get` on the
      // non-resource URL, which system:masters, kcp-admin and whoever RBAC grants (system:kcp:metrics-reader) have.
      user = hasImpersonationHeaders(req.headers) ? await impersonated(req, authenticated, 'root') : authenticated;
      deps.authorize?.('root', user, req.method ?? 'GET', path, url.searchParams);
      writeAnswer(res, { status: 200, body: await deps.metrics.text(), contentType: 'text/plain; version=0.0.4; charset=utf-8' }, head);
      return;
    }
    if (deps.metrics) {
      const started = performance.now();
      const m = deps.metrics;
      const watch = url.searchParams.get('watch');
      const verb = watch === 'true' || watch === '1' ? 'WATCH' : (req.method ?? 'GET');
      res.once('finish', () => m.observe(verb, res.statusCode, resourceOf(path), (performance.now() - started) / 1000));
    }

    const virtual = path.startsWith('/services/') ? deps.services?.(path) : undefined;
    if (virtual) {
      const vreq = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, user: authenticated };
      const answer = await virtual(body ? { ...vreq, body } : vreq, res).catch((err: unknown) => errorAnswer(err, deps.log));
      if (answer) await answerDurably(res, answer, head);
      return;
    }
    let segment = 'root';
    let rest = path;
    if (path.startsWith('/clusters/')) {
      const end = path.indexOf('/', '/clusters/'.length);
      segment = decodeURIComponent(end < 0 ? path.slice('/clusters/'.length) : path.slice('/clusters/'.length, end));
      rest = end < 0 ? '/' : path.slice(end);
    }
    if (rest === '/version' || rest === '/version/') {
      writeAnswer(res, { status: 200, body: versionInfo() }, head);
      return;
    }
    let cluster: string;
    if (segment === '*') {
      user = hasImpersonationHeaders(req.headers) ? await impersonated(req, authenticated, '*') : authenticated;
      if (!deps.mayUseWildcard(user)) {
        throw forbiddenWithoutResource(`User "${user.username}" cannot list across logical clusters`);
      }
      checkWildcardRequest(req.method ?? 'GET', rest, url.searchParams);
      cluster = '*';
    } else {
      const target = deps.resolve(segment);
      if (!target) throw notFound({ group: 'tenancy.kcp.io', resource: 'workspaces' }, segment);
      // A mount is authorized like the workspace it is, before anything (its state included) is revealed.
      const mount = target.type === 'mount' ? target : target.type === 'unavailable' ? target.mount : undefined;
      if (mount) {
        if (!deps.authorizeMount) throw forbiddenWithoutResource('mounts are not served here');
        // Impersonation is authorized, and the mount then authorized for whom it yields, in the mount's parent.
        user = hasImpersonationHeaders(req.headers) ? await impersonated(req, authenticated, mount.parentCluster) : authenticated;
        deps.authorizeMount(mount, user);
      }
      if (target.type === 'unavailable') throw serviceUnavailable(target.message);
      if (target.type === 'mount') {
        // Only the mount's own authorization sees this identity: the target is called with its own credentials,
        // and no Impersonate-* header is forwarded to it.
        await target.forward(req, res, rest + url.search, body);
        return;
      }
      cluster = target.cluster;
      // kcp serves the health endpoints under every workspace URL (many tools probe their kubeconfig's server).
      const workspaceProbe = healthPath(rest);
      if (workspaceProbe) {
        writeAnswer(res, healthAnswer(health, workspaceProbe, url.searchParams), head);
        return;
      }
      user = hasImpersonationHeaders(req.headers) ? await impersonated(req, authenticated, cluster) : authenticated;
      const isHome = cluster === 'root' && rest === '/apis/tenancy.kcp.io/v1alpha1/workspaces/~';
      // Every authenticated user may ask for (and so create) their own home workspace, as kcp's home-creator group.
      if (!isHome) deps.authorize?.(cluster, user, req.method ?? 'GET', rest, url.searchParams);
      if (isHome && deps.home && (req.method === 'GET' || head)) {
        await answerDurably(res, { status: 200, body: deps.home(user) }, head);
        return;
      }
    }
    const reqInfo = { method: req.method ?? 'GET', cluster, path: rest, query: url.searchParams, headers: req.headers, user };
    const answer = await deps.shard.serve(body ? { ...reqInfo, body } : reqInfo, res).catch((err: unknown) => errorAnswer(err, deps.log));
    if (answer) await answerDurably(res, answer, head);
  };
}

/** The resource segment of an API path, for metrics labels (bounded by the set of served resources). */
export function resourceOf(path: string): string {
  // Segments after an optional /clusters/<x>: api/<v>/… or apis/<g>/<v>/…, then namespaces/<ns>/<resource>.
  // Walked with indexOf: this runs for every request, and splitting the path allocated more than the rest.
  let at = 0;
  const next = (): string | undefined => {
    if (at < 0 || at >= path.length) return undefined;
    const start = at + 1;
    const end = path.indexOf('/', start);
    at = end;
    return end < 0 ? path.slice(start) : path.slice(start, end);
  };
  let seg = next();
  if (seg === 'clusters') {
    next();
    seg = next();
  }
  if (seg === 'api') next();
  else if (seg === 'apis') {
    next();
    next();
  } else return '';
  const resource = next();
  if (resource !== 'namespaces') return resource ?? '';
  next();
  return next() || resource;
}
