// One control plane: storage, registry, controllers, front proxy and HTTPS server, started in-process by
// startDaemon (tests, embedders, `startControlPlane({ inProcess: true })`) or by the process entry in main.ts.
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { WebhookClient } from './support/webhook-client.js';
import { importBuiltinResources, loadBuiltinResources } from './apis/load.js';
import { adminIdentities } from './auth/admin-identities.js';
import { Authenticator } from './auth/authn.js';
import { ServiceAccountTokens } from './auth/service-account-tokens.js';
import { loadOrCreateSigningKey } from './auth/signing-key.js';
import { reviewToken } from './auth/token-review.js';
import { createPKI, loadOrCreatePKI, type CA, type KeyPairPem } from './auth/pki.js';
import { garbageCollector } from './controllers/garbagecollector/controller.js';
import { namespaceController } from './controllers/namespace/controller.js';
import { ControllerManager } from './controllers/runtime/manager.js';
import { serviceAccountsController } from './controllers/serviceaccounts/controller.js';
import type { CustomResources } from './apiextensions/custom-resources.js';
import type { VirtualRequest } from './apiexports/virtual-workspace.js';
import type { MountedWorkspace } from './mounts/target.js';
import type { ServerResponse } from 'node:http';
import { adminKubeconfig } from './auth/admin-kubeconfig.js';
import { writeLog } from './support/log.js';
import { KUBECONFIG_FILE, removeOwnState, removeStaleState, writeState, type DaemonState } from '../src/rootdir/state.js';
import { prepareRootDir, writePrivateFile } from '../src/rootdir/dir.js';
import { acquireRootLock, type RootLock } from '../src/rootdir/lock.js';
import { cliError } from '../src/errors/catalogue.js';
import { createFrontProxy, type Target } from './frontdoor/front-proxy.js';
import { Catalogs } from './registry/catalog.js';
import { Registry } from './registry/registry.js';
import type { Battery, UserInfo } from './registry/types.js';
import { ROOT } from './apis/core-kcp/names.js';
import { bootstrapGeneric } from './generic/bootstrap.js';
import { loadOptionalModules } from './generic/optional-modules.js';
import { parseBatteries, parseMode, type Mode } from '../src/batteries/batteries.js';
import { ApiHandler, loadApiEndpoints } from './endpoints/api-handler.js';
import { createApp } from './frontdoor/listener.js';
import { OpenAPIService } from './endpoints/openapi.js';
import { SqliteStore } from './storage/sqlite/sqlite-store.js';
import { openShardFile, type ShardFile } from './storage/sqlite/shard-file.js';
import { Metrics } from './frontdoor/metrics.js';
import { loadYaml } from './apimachinery/decoding/yaml.js';
import { loadProtobufDecoder } from './endpoints/body-parsers.js';

export interface DaemonOptions {
  rootDir: string;
  port: number;
  bind: string;
  ephemeral: boolean;
  batteries?: readonly string[];
  /** `kcp` (default): workspaces and kcp's APIs; `generic`: one Kubernetes-style API server (daemon/batteries). */
  mode?: string;
  /** Print nothing (embedders). */
  quiet?: boolean;
  /** How many events the shard keeps for watch resumption (older resourceVersions get 410 Expired). */
  eventRetention?: number;
  /** Watches without timeoutSeconds end after this many seconds × (1 + random), as kube's --min-request-timeout. */
  minRequestTimeout?: number;
  /**
   * The root directory, already prepared (src/rootdir/dir.ts) and locked (src/rootdir/lock.ts) by the caller, which then
   * owns nothing more: the daemon releases the lock when it stops or fails to start.
   */
  root?: { lock: RootLock; created: boolean };
}

export interface RunningDaemon {
  url: string;
  port: number;
  kubeconfigPath: string;
  adminToken: string;
  caPem: string;
  stop(): Promise<void>;
}

export { KUBECONFIG_FILE, STATE_FILE, type DaemonState } from '../src/rootdir/state.js';

export { parseBatteries } from '../src/batteries/batteries.js';

/** How long after it serves the daemon loads the API machinery (endpoints/api-handler.ts). */
const WARM_UP_AFTER_MS = 50;
/** How long after it serves the daemon loads the modules only some requests need. */
const PRELOAD_AFTER_MS = 1_000;

/**
 * Starts a control plane on a root directory: one daemon per directory, holding its lock (src/rootdir/lock.ts) from
 * before it touches anything there until it has stopped.
 */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const rootDir = resolve(opts.rootDir);
  let root = opts.root;
  if (!root) {
    const { created } = prepareRootDir(rootDir);
    root = { lock: acquireRootLock(rootDir), created };
  }
  let shard: ShardFile | undefined;
  let store: SqliteStore | undefined;
  try {
    // Left by a daemon that was killed: the lock was free, so nobody runs here.
    removeStaleState(rootDir);
    const mode = parseMode(opts.mode);
    const batteries = parseBatteries(opts.batteries, mode);
    // What this control plane serves loads while its certificates are made (their keys are generated off the main
    // thread); serve() awaits the same imports, and reports their failure.
    Promise.all([loadOptionalModules(mode === 'kcp', batteries), importBuiltinResources(batteries, mode === 'kcp')]).catch(() => {});
    const pki = opts.ephemeral ? await createPKI() : await loadOrCreatePKI(rootDir);
    const retain = opts.eventRetention ? { retainEvents: opts.eventRetention } : {};
    shard = opts.ephemeral ? undefined : openShardFile(join(rootDir, 'shard-root.db'), retain);
    if (shard?.checkedMs !== undefined && !opts.quiet) {
      writeLog(
        `kcpx: checked ${join(rootDir, 'shard-root.db')} in ${shard.checkedMs} ms, since its last stop was not clean (or not recorded): it is whole\n`,
      );
    }
    store = shard?.store ?? new SqliteStore({ path: ':memory:', ...retain });
    return await serve(opts, rootDir, root, mode, batteries, pki, store, shard);
  } catch (err) {
    if (shard) shard.close();
    else store?.close();
    root.lock.release({ remove: opts.ephemeral && root.created });
    throw err;
  }
}

async function serve(
  opts: DaemonOptions,
  rootDir: string,
  root: { lock: RootLock; created: boolean },
  mode: Mode,
  batteries: Set<Battery>,
  pki: { ca: CA; serving: KeyPairPem },
  store: SqliteStore,
  shardFile: ShardFile | undefined,
): Promise<RunningDaemon> {
  let externalURL = '';
  // What some built-in kinds ask of the daemon (access reviews, TokenReviews, ServiceAccount tokens) is built first
  // and handed to their strategies: nothing of it is process-global.
  const workspaces = mode === 'kcp';
  const optional = await loadOptionalModules(workspaces, batteries);
  const { kcp, rbac } = optional;
  const authz = rbac && new rbac.KcpAuthorizer({ source: rbac.storeSource(store), workspaceGate: workspaces });
  // ServiceAccount tokens are JWTs signed with a key kept in the root directory: they outlive restarts, not their
  // ServiceAccount.
  const serviceAccountTokens = new ServiceAccountTokens({
    key: loadOrCreateSigningKey(opts.ephemeral ? undefined : rootDir),
    get: (key) => store.get(key),
  });
  const authenticator = new Authenticator({ serviceAccounts: serviceAccountTokens });
  const builtins = await loadBuiltinResources(
    batteries,
    {
      ...(rbac && authz ? { authorizer: rbac.reviewAuthorizer(authz) } : {}),
      reviewToken: (spec) => reviewToken(authenticator, spec),
      serviceAccountTokens,
    },
    workspaces,
  );
  let customResources: CustomResources | undefined;
  // A workspace serves what its APIBindings bind before its own CRDs (kcp's order).
  const boundResources = kcp && new kcp.BoundResources(store);
  const catalogs = new Catalogs(builtins, (cluster) => [
    ...(boundResources?.defsFor(cluster) ?? []),
    ...(customResources?.defsFor(cluster) ?? []),
  ]);
  const registry = new Registry(store, catalogs, opts.minRequestTimeout ? { minRequestTimeout: opts.minRequestTimeout } : {});
  // Everything that follows the store — controllers, write hooks, caches kept exact by events, connection pools —
  // is registered here, subscribes at controllers.start() and is gone after controllers.stop().
  const controllers = new ControllerManager(store);
  // One client, so admission webhooks and CRD conversion webhooks share kept-alive connections.
  const webhookClient = new WebhookClient();
  const { crds } = optional;
  if (crds) {
    customResources = new crds.CustomResources(registry, { webhookClient });
    crds.crdControllers(controllers, registry, crds.crdDeps(registry, customResources));
  }
  // A generic control plane is the root logical cluster alone: no workspaces, no mounts, no APIs as a service.
  const tenancy =
    kcp &&
    new kcp.Tenancy(registry, controllers, {
      externalURL: () => externalURL,
      authorizeUse: (cluster, user, name) =>
        !rbac ||
        !authz ||
        authz.authorizeDeep(
          rbac.resourceAttributes(cluster, user, { verb: 'use', group: 'tenancy.kcp.io', resource: 'workspacetypes', name }),
        ).allowed,
    });
  const mounts = kcp && tenancy && new kcp.Mounts(registry, controllers, tenancy.index);
  const openapi = new OpenAPIService();
  const allowed = { allowed: true, reason: '' };
  const apis =
    kcp &&
    tenancy &&
    boundResources &&
    new kcp.ApisService(registry, controllers, boundResources, {
      resolveCluster: (path) => {
        const r = tenancy.resolve(path);
        return r?.type === 'cluster' ? r.entry.name : undefined;
      },
      defaultAPIBindings: (type) => tenancy.admission.defaultAPIBindings(type),
      authorize: (attrs) => authz?.authorize(attrs) ?? allowed,
      authorizeDeep: (attrs) => authz?.authorizeDeep(attrs) ?? allowed,
      externalURL: () => externalURL,
      openapi,
    });
  if (apis && authz) authz.useMaximalPermissionPolicy(apis.maximalPermissionPolicy);
  namespaceController(controllers, registry);
  garbageCollector(controllers, registry);
  serviceAccountsController(controllers, registry);
  optional.flowcontrol?.(controllers, registry, { workspaces });

  if (rbac && authz) {
    controllers.onAnyEvent((e) => authz.onStoreEvent(e));
    registry.admission.register(new rbac.RbacEscalationAdmission(authz));
    rbac.clusterRoleAggregationController(controllers, registry);
  }
  if (optional.admission) optional.admission(registry, controllers, webhookClient, (attrs) => authz?.authorize(attrs) ?? allowed);
  else optional.quota(controllers, registry.admission, registry.store);
  optional.certificates?.(controllers, registry, pki.ca, authz);
  const { apiservices } = optional;
  const aggregated = apiservices?.apiServicesControllers(controllers, registry, pki.ca, { workspaces, crds: batteries.has('crds') });

  // kcp's admin kubeconfig identities: shard-admin (system:masters), kcp-admin (system:kcp:admin) and the
  // unprivileged `user` (kcp's `user` battery): what a tenant without grants can and cannot do.
  const kubeconfigPath = join(rootDir, KUBECONFIG_FILE);
  const admins = adminIdentities({ ...(opts.ephemeral ? {} : { rootDir }), kubeconfigPath });
  for (const id of [admins.shardAdmin, admins.kcpAdmin, admins.user]) authenticator.addToken(id.token, id.user);
  let ready = false;
  const log = (err: unknown) => {
    if (!opts.quiet) writeLog(`kcpx: ${(err as Error)?.stack ?? String(err)}\n`);
  };
  const metrics = new Metrics({
    workspaces: () => tenancy?.index.size ?? 0,
    watchers: () => store.watcherCount(),
    revision: () => store.revision(),
    controllers: () => controllers.stats(),
  });
  const shard = new ApiHandler({
    registry,
    openapi,
    get externalAddress() {
      return externalURL.replace(/^https:\/\//, '');
    },
  });
  const shardHandler = apiservices && aggregated ? new apiservices.AggregatingHandler(shard, aggregated) : shard;
  // Without the authorization battery every authenticated request is allowed (kube's AlwaysAllow).
  const authorizeRequest = (cluster: string, user: UserInfo, method: string, path: string, query: URLSearchParams): void => {
    if (!rbac || !authz) return;
    // Working out what a request asks costs more than the rest of a GET: skip it for whom the chain allows all.
    if (authz.allowsAll(user)) return;
    const attrs = rbac.attributesForRequest({ cluster, user, method, path, query });
    const d = authz.authorize(attrs);
    if (!d.allowed) throw rbac.forbiddenFor(attrs, d);
  };
  // kcp's initializingworkspaces and terminatingworkspaces virtual workspaces.
  const lifecycle =
    kcp &&
    tenancy &&
    kcp.lifecycleVirtualWorkspaces({
      registry,
      resolveCluster: (path) => {
        const r = tenancy.resolve(path);
        return r?.type === 'cluster' ? r.entry.name : undefined;
      },
      authorizeDeep: (attrs) => authz?.authorizeDeep(attrs) ?? allowed,
      authorizeRequest,
      shard: shardHandler,
      externalAddress: () => externalURL.replace(/^https:\/\//, ''),
    });
  const route = createFrontProxy({
    authenticator,
    shard: shardHandler,
    ready: () => ready,
    log,
    metrics,
    ...(tenancy ? { home: (user: UserInfo) => tenancy.home(user) } : {}),
    ...(kcp
      ? {
          authorizeMount: (m: MountedWorkspace, user: UserInfo) =>
            kcp.authorizeMountAccess((attrs) => authz?.authorize(attrs) ?? allowed, m.parentCluster, m.workspace, user),
        }
      : {}),
    ...(apis && lifecycle
      ? {
          services: (path: string) => {
            if (apis.serves(path)) return (req: VirtualRequest, res: ServerResponse) => apis.serveVirtual(req, res);
            const vw = lifecycle.find(path);
            return vw && ((req: VirtualRequest, res: ServerResponse) => vw.serve(req, res));
          },
        }
      : {}),
    authorize: authorizeRequest,
    authorizeAttributes: (attrs) => {
      if (!rbac || !authz) return;
      const d = authz.authorize(attrs);
      if (!d.allowed) throw rbac.forbiddenFor(attrs, d);
    },
    mayUseWildcard: (u) => u.groups.includes('system:masters'),
    durable: () => store.durable(),
    resolve: (segment): Target | undefined => {
      if (!tenancy || !mounts) return segment === ROOT ? { type: 'cluster', cluster: ROOT } : undefined;
      const r = tenancy.resolve(segment);
      if (!r) return mounts.below(segment, (p) => tenancy.resolve(p));
      if (r.type === 'cluster') return { type: 'cluster', cluster: r.entry.name };
      return mounts.target(r.entry);
    },
  });
  const app = createApp({ key: pki.serving.key, cert: pki.serving.cert, ca: pki.ca.cert }, route, log);
  let address: AddressInfo;
  try {
    address = await app.listen(opts.port, opts.bind);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw cliError('portInUse', opts.port, opts.bind);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw cliError('bindUnavailable', opts.bind);
    throw err;
  }
  const port = address.port;
  const host = opts.bind === '0.0.0.0' || opts.bind === '::' ? '127.0.0.1' : opts.bind.includes(':') ? `[${opts.bind}]` : opts.bind;
  externalURL = `https://${host}:${port}`;
  try {
    if (tenancy) tenancy.start();
    else bootstrapGeneric(registry);
  } catch (err) {
    // A store whose routes are inconsistent is refused (tenancy/routes.ts): nothing is served from it.
    await app.close();
    store.close();
    throw err;
  }
  controllers.start();
  ready = true;

  writePrivateFile(
    kubeconfigPath,
    adminKubeconfig(externalURL, pki.ca.cert, {
      kcpAdmin: admins.kcpAdmin.token,
      shardAdmin: admins.shardAdmin.token,
      user: admins.user.token,
    }),
  );
  admins.persist();
  const state: DaemonState = {
    pid: process.pid,
    url: externalURL,
    port,
    bind: opts.bind,
    rootDir,
    kubeconfig: kubeconfigPath,
    ephemeral: opts.ephemeral,
    startedAt: new Date().toISOString(),
  };
  writeState(rootDir, state);
  // The API machinery (most of the daemon's modules) loads once the daemon serves, not before: a start waits for none
  // of it. It waits a moment more, so that a readiness probe sent on the ready line is answered at once; a client
  // started then (kubectl: a process start away) finds it loaded, or loading, and a request needing it waits for it.
  const warmUp = setTimeout(() => loadApiEndpoints().catch(log), WARM_UP_AFTER_MS);
  // Modules only some requests need load a moment after the daemon serves: loaded at once, they would hold up the
  // first requests (a client's discovery right after start). A request that needs one sooner loads it itself.
  const preload = setTimeout(() => {
    metrics.load().catch(log);
    loadYaml().catch(log);
    loadProtobufDecoder().catch(log);
    if (crds) crds.loadCrdValidator().catch(log);
  }, PRELOAD_AFTER_MS);
  preload.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      ready = false;
      clearTimeout(warmUp);
      clearTimeout(preload);
      await controllers.stop();
      await app.close();
      (shardFile ?? store).close();
      // Still holding the lock: the record is this daemon's, and nobody else's files are touched.
      removeOwnState(rootDir, process.pid);
      if (opts.ephemeral) {
        rmSync(kubeconfigPath, { force: true });
        for (const f of ['kcpx.log']) rmSync(join(rootDir, f), { force: true });
      }
      root.lock.release({ remove: opts.ephemeral && root.created });
      if (opts.ephemeral && root.created && readdirSync(rootDir).length === 0) rmdirSync(rootDir);
    })());
  return { url: externalURL, port, kubeconfigPath, adminToken: admins.kcpAdmin.token, caPem: pki.ca.cert, stop };
}
