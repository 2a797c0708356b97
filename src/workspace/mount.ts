// `kcpx ws mount`: a Secret with the target's kubeconfig, a KubeCluster pointing at it, and a Workspace whose
// spec.mount refers to the KubeCluster — all in the current workspace — then wait until the mount is Ready.
// `--update` points an existing mount elsewhere (the target moved, or restarted with new credentials): it rewrites the
// Secret its KubeCluster names, which the mounts controller follows at once.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ApiClient, responseError, type ApiResponse } from '../client/api.js';
import { current, type Kubeconfig } from '../client/kubeconfig.js';
import { cliError } from '../errors/catalogue.js';
import { WS_API, type WorkspaceObject } from './ops.js';
import type { Session } from './session.js';

export interface MountOptions {
  kubeconfig?: string;
  context?: string;
  url?: string;
  token?: string;
  caFile?: string;
  insecure?: boolean;
  timeoutMs?: number;
  /** Re-point the existing mount `name` instead of creating one. */
  update?: boolean;
}

const KC_API = '/apis/mounts.contrib.kcp.io/v1alpha1/kubeclusters';
const SECRETS = '/api/v1/namespaces/default/secrets';

function readTargetFile(what: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw cliError('fileUnreadable', what, path, (err as Error).message);
  }
}

function targetKubeconfig(opts: MountOptions): string {
  if (opts.kubeconfig) return readTargetFile('kubeconfig', opts.kubeconfig).toString('utf8');
  if (!opts.url) throw cliError('mountTargetMissing');
  const cluster: Record<string, unknown> = { server: opts.url };
  if (opts.caFile) cluster['certificate-authority-data'] = readTargetFile('CA certificate', opts.caFile).toString('base64');
  if (opts.insecure) cluster['insecure-skip-tls-verify'] = true;
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'target', cluster }],
    users: [{ name: 'target', user: opts.token ? { token: opts.token } : {} }],
    contexts: [{ name: 'target', context: { cluster: 'target', user: 'target' } }],
    'current-context': 'target',
  });
}

/** Creates or replaces an object; says whether it created it (a failed mount removes only what it created). */
async function ensure(s: Session, path: string, body: Record<string, unknown>): Promise<boolean> {
  const r = await s.client().call('POST', path, body);
  if (r.status === 409) {
    const name = (body['metadata'] as { name: string }).name;
    const cur = await s.client().call<{ metadata: { resourceVersion: string } }>('GET', `${path}/${name}`);
    const put = await s.client().call('PUT', `${path}/${name}`, {
      ...body,
      metadata: { ...(body['metadata'] as object), resourceVersion: cur.body.metadata.resourceVersion },
    });
    if (put.status >= 300) throw responseError(put);
    return false;
  } else if (r.status >= 300) throw responseError(r);
  return true;
}

interface KubeClusterObject {
  metadata: { resourceVersion: string };
  spec?: { secretRef?: { name?: string; namespace?: string }; context?: string };
  status?: { conditions?: Array<{ message?: string }> };
}

export async function mount(s: Session, name: string, opts: MountOptions, say: (line: string) => void): Promise<void> {
  if (opts.update) return update(s, name, opts, say);
  const loc = s.location();
  const base = `/clusters/${loc.path}`;
  const kubeconfig = targetKubeconfig(opts);
  // Before anything is written: an existing workspace is re-pointed only when asked to.
  if ((await s.client().call('GET', `${base}${WS_API}/${name}`)).status === 200) throw cliError('mountExists', name);
  const objName = `${name}-mount`;
  // What this mount created, removed again if it fails: a retry then starts from nothing (no Unavailable workspace).
  const created: string[] = [];
  try {
    if (
      await ensure(s, `${base}${SECRETS}`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: objName },
        type: 'Opaque',
        data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
      })
    )
      created.push(`${base}${SECRETS}/${objName}`);
    if (
      await ensure(s, `${base}${KC_API}`, {
        apiVersion: 'mounts.contrib.kcp.io/v1alpha1',
        kind: 'KubeCluster',
        metadata: { name: objName },
        spec: { secretRef: { name: objName, namespace: 'default' }, ...(opts.context ? { context: opts.context } : {}) },
      })
    )
      created.push(`${base}${KC_API}/${objName}`);
    const ref = { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: objName };
    const ws = await s.client().call<WorkspaceObject>('POST', `${base}${WS_API}`, {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name, annotations: { 'experimental.tenancy.kcp.io/mount': JSON.stringify({ spec: { ref } }) } },
      spec: { mount: { ref } },
    });
    if (ws.status >= 300) throw responseError(ws);
    created.push(`${base}${WS_API}/${name}`);
    say(`Workspace "${name}" mounting ${ref.kind} ${objName}. Waiting for it to be ready...`);
    await waitReady(s, base, name, objName, opts.timeoutMs);
  } catch (err) {
    // The workspace first, then what it refers to; a removal that fails leaves the original error to report.
    for (const path of created.reverse())
      await s
        .client()
        .call('DELETE', path)
        .catch(() => undefined);
    throw err;
  }
  say(`Workspace "${name}" is mounted and ready to use.`);
}

/**
 * Asks the new target what the mounts controller will (its /readyz, with the mount's credentials), before the mount
 * is pointed at it: a mount that is Ready now stays Ready for the moment the controller takes to follow the change,
 * and a wrong target must not be reported as mounted meanwhile.
 */
async function checkTarget(kubeconfig: string, context: string | undefined): Promise<void> {
  const cfg = YAML.parse(kubeconfig) as Kubeconfig;
  cfg.clusters ??= [];
  cfg.contexts ??= [];
  cfg.users ??= [];
  const target = current(cfg, context);
  const server = target.cluster.server.replace(/\/+$/, '');
  const api = new ApiClient(server, target.cluster, target.user);
  let readyz: ApiResponse<{ message?: string } | string | undefined>;
  try {
    readyz = await api.call('GET', '/readyz');
  } catch (err) {
    const { cause, message } = err as Error;
    throw cliError('mountTargetUnusable', server, cause instanceof Error ? cause.message : message);
  } finally {
    await api.close();
  }
  if (readyz.status !== 200) {
    const message = typeof readyz.body === 'object' ? readyz.body.message : undefined;
    throw cliError('mountTargetUnusable', server, `it answered HTTP ${readyz.status}${message ? ` (${message})` : ''}`);
  }
}

/** `--update`: the mount's KubeCluster reads the target from a new kubeconfig (and context); nothing else changes. */
async function update(s: Session, name: string, opts: MountOptions, say: (line: string) => void): Promise<void> {
  const base = `/clusters/${s.location().path}`;
  const kubeconfig = targetKubeconfig(opts);
  const api = s.client();
  const ws = await api.call<WorkspaceObject>('GET', `${base}${WS_API}/${name}`);
  if (ws.status === 404) throw cliError('mountMissing', name);
  if (ws.status !== 200) throw responseError(ws);
  const ref = (ws.body.spec?.mount as { ref?: { kind?: string; name?: string } } | undefined)?.ref;
  if (!ref) throw cliError('notAMount', name);
  if (ref.kind !== 'KubeCluster' || !ref.name) throw cliError('mountNotUpdatable', name, ref.kind ?? '');
  const kcPath = `${base}${KC_API}/${ref.name}`;
  const kc = await api.call<KubeClusterObject>('GET', kcPath);
  if (kc.status !== 200) throw responseError(kc);
  const secret = kc.body.spec?.secretRef;
  if (!secret?.name) throw cliError('mountNotUpdatable', name, ref.kind);
  await checkTarget(kubeconfig, opts.context ?? kc.body.spec?.context);
  await ensure(s, `${base}/api/v1/namespaces/${secret.namespace || 'default'}/secrets`, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: secret.name },
    type: 'Opaque',
    data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') },
  });
  if (opts.context !== undefined && opts.context !== kc.body.spec?.context) {
    const put = await api.call('PUT', kcPath, { ...kc.body, spec: { ...kc.body.spec, context: opts.context } });
    if (put.status >= 300) throw responseError(put);
  }
  say(`Workspace "${name}" mounting ${ref.kind} ${ref.name} from the new target. Waiting for it to be ready...`);
  await waitReady(s, base, name, ref.name, opts.timeoutMs);
  say(`Workspace "${name}" is mounted and ready to use.`);
}

/**
 * Waits until the mounted workspace is Ready; fails with the KubeCluster's own reason when it is not in time. The
 * mounts controller probes a changed mount at once, then every second.
 */
async function waitReady(s: Session, base: string, name: string, kubeCluster: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const g = await s.client().call<WorkspaceObject>('GET', `${base}${WS_API}/${name}`);
    if (g.status === 200 && g.body.status?.phase === 'Ready') return;
    if (Date.now() > deadline) {
      const kc = await s.client().call<KubeClusterObject>('GET', `${base}${KC_API}/${kubeCluster}`);
      throw cliError('mountNotReady', name, kc.body.status?.conditions?.[0]?.message ?? 'the target does not answer');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function unmount(s: Session, name: string, say: (line: string) => void): Promise<void> {
  const loc = s.location();
  const base = `/clusters/${loc.path}`;
  const api = s.client();
  const ws = await api.call<WorkspaceObject>('GET', `${base}${WS_API}/${name}`);
  if (ws.status === 404) throw cliError('workspaceNotFound', name);
  const ref = (ws.body.spec?.mount as { ref?: { kind?: string; name?: string } } | undefined)?.ref;
  if (!ref) throw cliError('notAMount', name);
  await api.call('DELETE', `${base}${WS_API}/${name}`);
  if (ref.kind === 'KubeCluster' && ref.name) {
    const kc = await api.call<{ spec?: { secretRef?: { name?: string; namespace?: string } } }>('GET', `${base}${KC_API}/${ref.name}`);
    await api.call('DELETE', `${base}${KC_API}/${ref.name}`);
    const sec = kc.body.spec?.secretRef;
    if (sec?.name) await api.call('DELETE', `${base}/api/v1/namespaces/${sec.namespace ?? 'default'}/secrets/${sec.name}`);
  }
  say(`Workspace "${name}" unmounted.`);
}
