import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { MountTable, type MountLink } from './mount-table.js';
import { reconcileKubeCluster, syncMountedWorkspace, type MountDeps } from './reconcile.js';

/** A link whose probes answer what the test says (a status code, or an error). */
class FakeLink implements MountLink {
  closed: 'no' | 'gracefully' | 'at once' = 'no';
  constructor(
    readonly server: string,
    public answer: number | Error = 200,
  ) {}
  probe(): Promise<number> {
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
  close(): Promise<void> {
    this.closed = 'gracefully';
    return Promise.resolve();
  }
  destroy(): Promise<void> {
    this.closed = 'at once';
    return Promise.resolve();
  }
}

const kubeconfig = (server: string) => Buffer.from(`server: ${server}`).toString('base64');

/** Logical cluster `c` at path root:team holding Secrets, KubeClusters and Workspaces, written optimistically. */
function fakeShard() {
  let rv = 0;
  const objects = new Map<string, KObject>();
  const key = (kind: string, name: string) => `${kind}/${name}`;
  const put = (kind: string, o: KObject) => {
    objects.set(key(kind, o.metadata.name!), {
      ...structuredClone(o),
      metadata: { ...structuredClone(o.metadata), resourceVersion: String(++rv) },
    });
  };
  const get = (kind: string, name: string) => structuredClone(objects.get(key(kind, name)));
  const write = (kind: string, o: KObject) => {
    if (objects.get(key(kind, o.metadata.name!))?.metadata.resourceVersion !== o.metadata.resourceVersion) return false;
    put(kind, o);
    writes.push(`${kind} ${o.metadata.name}`);
    return true;
  };
  const writes: string[] = [];
  const opened: FakeLink[] = [];
  const table = new MountTable<FakeLink>();
  const deps: MountDeps<FakeLink> = {
    table,
    now: () => new Date('2026-12-01T05:00:00Z'),
    getKubeCluster: (_c, name) => get('kubecluster', name),
    writeKubeClusterStatus: (_c, kc, status) => write('kubecluster', { ...kc, status }),
    getSecret: (_c, ns, name) => get('secret', `${ns}/${name}`),
    open: (text) => {
      const link = new FakeLink(text.slice('server: '.length));
      opened.push(link);
      return Promise.resolve(link);
    },
    getWorkspace: (_c, name) => get('workspace', name),
    mountingWorkspaces: (_c, name) =>
      [...objects.entries()]
        .filter(([k, o]) => k.startsWith('workspace/') && (o['spec'] as { mount?: { ref?: { name?: string } } }).mount?.ref?.name === name)
        .map(([, o]) => structuredClone(o)),
    updateWorkspace: (_c, ws) => write('workspace', ws),
    pathOf: (c) => (c === 'c' ? 'root:team' : undefined),
    externalBase: () => 'https://kcpx.example:6443',
  };
  const secret = (name: string, server: string) =>
    put('secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: `default/${name}` }, data: { kubeconfig: kubeconfig(server) } });
  const kubeCluster = (name: string, secretName: string) =>
    put('kubecluster', {
      apiVersion: 'mounts.contrib.kcp.io/v1alpha1',
      kind: 'KubeCluster',
      metadata: { name },
      spec: { secretRef: { name: secretName } },
    });
  const mounted = (name: string, mount: string) =>
    put('workspace', {
      apiVersion: 'tenancy.kcp.io/v1alpha1',
      kind: 'Workspace',
      metadata: { name },
      spec: { mount: { ref: { apiVersion: 'mounts.contrib.kcp.io/v1alpha1', kind: 'KubeCluster', name: mount } } },
      status: { phase: 'Initializing' },
    });
  return { deps, table, writes, opened, get, put, secret, kubeCluster, mounted, objects };
}

const statusOf = (o: KObject | undefined) =>
  o?.['status'] as
    { phase?: string; URL?: string; conditions?: Array<{ type: string; status: string; reason: string; message: string }> } | undefined;

describe('reconcileKubeCluster', () => {
  it('opens a link from the Secret, probes, and writes the KubeCluster and its Workspaces Ready', async () => {
    const s = fakeShard();
    s.secret('creds', 'https://target:6443');
    s.kubeCluster('target', 'creds');
    s.mounted('m', 'target');
    s.mounted('other', 'elsewhere');
    expect(await reconcileKubeCluster(s.deps, 'c', 'target')).toBe('probed');
    expect(s.writes).toEqual(['kubecluster target', 'workspace m']);
    expect(statusOf(s.get('kubecluster', 'target'))).toMatchObject({
      phase: 'Ready',
      URL: 'https://target:6443',
      conditions: [{ type: 'Ready', status: 'True', reason: 'Reachable', message: 'the target answers' }],
    });
    const ws = s.get('workspace', 'm')!;
    expect(statusOf(ws)).toMatchObject({
      phase: 'Ready',
      conditions: [{ type: 'WorkspaceMountReady', status: 'True', reason: 'MountReady', message: 'the target answers' }],
    });
    expect(ws['spec']).toMatchObject({ URL: 'https://kcpx.example:6443/clusters/root:team:m' });
    expect(ws.metadata.labels).toEqual({ 'tenancy.kcp.io/phase': 'Ready' });
    // The next probe finds nothing changed: nothing is written, and the link is kept.
    expect(await reconcileKubeCluster(s.deps, 'c', 'target')).toBe('probed');
    expect(s.writes).toHaveLength(2);
    expect(s.opened).toHaveLength(1);
  });

  it('says why a target is unavailable', async () => {
    const cases: Array<[number | Error, string]> = [
      [401, "the target refused the mount's credentials (HTTP 401)"],
      [503, 'the target is not ready (HTTP 503)'],
      [new Error('connect ECONNREFUSED 127.0.0.1:1'), 'connect ECONNREFUSED 127.0.0.1:1'],
    ];
    for (const [answer, message] of cases) {
      const s = fakeShard();
      s.secret('creds', 'https://target:6443');
      s.kubeCluster('target', 'creds');
      s.mounted('m', 'target');
      s.deps.open = (text) => Promise.resolve(new FakeLink(text, answer));
      await reconcileKubeCluster(s.deps, 'c', 'target');
      expect(statusOf(s.get('kubecluster', 'target'))).toMatchObject({
        phase: 'Unavailable',
        conditions: [{ status: 'False', reason: 'Unreachable', message }],
      });
      expect(statusOf(s.get('workspace', 'm'))).toMatchObject({
        phase: 'Unavailable',
        conditions: [{ reason: 'MountObjectNotReady', message }],
      });
    }
  });

  it('reports a KubeCluster whose Secret is missing or holds no kubeconfig', async () => {
    const s = fakeShard();
    s.kubeCluster('target', 'creds');
    await reconcileKubeCluster(s.deps, 'c', 'target');
    expect(statusOf(s.get('kubecluster', 'target'))?.conditions?.[0]?.message).toBe('secret default/creds not found');
    s.put('secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'default/creds' }, data: {} });
    await reconcileKubeCluster(s.deps, 'c', 'target');
    expect(statusOf(s.get('kubecluster', 'target'))?.conditions?.[0]?.message).toBe('secret default/creds has no "kubeconfig" key');
    // The Secret the KubeCluster names is known, so that its changes reach the mount at once.
    expect(s.table.usingSecret('c', 'default', 'creds').map((m) => m.name)).toEqual(['target']);
  });

  it('opens a new link when the Secret changes, closing the old one once it is idle', async () => {
    const s = fakeShard();
    s.secret('creds', 'https://one:6443');
    s.kubeCluster('target', 'creds');
    await reconcileKubeCluster(s.deps, 'c', 'target');
    s.secret('creds', 'https://two:6443');
    await reconcileKubeCluster(s.deps, 'c', 'target');
    expect(s.opened.map((l) => [l.server, l.closed])).toEqual([
      ['https://one:6443', 'gracefully'],
      ['https://two:6443', 'no'],
    ]);
    expect(statusOf(s.get('kubecluster', 'target'))?.URL).toBe('https://two:6443');
  });

  it('forgets a deleted KubeCluster and tells its Workspaces', async () => {
    const s = fakeShard();
    s.secret('creds', 'https://target:6443');
    s.kubeCluster('target', 'creds');
    s.mounted('m', 'target');
    await reconcileKubeCluster(s.deps, 'c', 'target');
    s.objects.delete('kubecluster/target');
    expect(await reconcileKubeCluster(s.deps, 'c', 'target')).toBe('gone');
    expect(s.table.get('c', 'target')).toBeUndefined();
    expect(s.opened[0]!.closed).toBe('gracefully');
    expect(statusOf(s.get('workspace', 'm'))).toMatchObject({
      phase: 'Unavailable',
      conditions: [{ reason: 'MountObjectNotFound', message: 'KubeCluster target not found' }],
    });
  });

  it('closes a link that opened after the mounts were closed (the daemon stopped meanwhile)', async () => {
    const s = fakeShard();
    s.secret('creds', 'https://target:6443');
    s.kubeCluster('target', 'creds');
    let release!: () => void;
    const opening = new Promise<void>((r) => (release = r));
    const open = s.deps.open.bind(s.deps);
    const slow: MountDeps<FakeLink> = {
      ...s.deps,
      open: async (text, context) => {
        await opening;
        return open(text, context);
      },
    };
    const probing = reconcileKubeCluster(slow, 'c', 'target');
    await s.table.closeAll();
    release();
    await probing;
    expect(s.opened[0]!.closed).toBe('at once');
  });
});

describe('syncMountedWorkspace', () => {
  it('leaves a Workspace whose KubeCluster was not reconciled yet to that reconcile', () => {
    const s = fakeShard();
    s.secret('creds', 'https://target:6443');
    s.kubeCluster('target', 'creds');
    s.mounted('m', 'target');
    expect(syncMountedWorkspace(s.deps, 'c', s.get('workspace', 'm'))).toBe('mount-not-probed');
    expect(s.writes).toEqual([]);
  });

  it('mirrors the state of its mount, and writes nothing when it already does', async () => {
    const s = fakeShard();
    s.secret('creds', 'https://target:6443');
    s.kubeCluster('target', 'creds');
    await reconcileKubeCluster(s.deps, 'c', 'target');
    s.mounted('late', 'target');
    expect(syncMountedWorkspace(s.deps, 'c', s.get('workspace', 'late'))).toBe('synced');
    expect(statusOf(s.get('workspace', 'late'))?.phase).toBe('Ready');
    expect(syncMountedWorkspace(s.deps, 'c', s.get('workspace', 'late'))).toBe('in-sync');
    s.mounted('dangling', 'nothing');
    expect(syncMountedWorkspace(s.deps, 'c', s.get('workspace', 'dangling'))).toBe('synced');
    expect(statusOf(s.get('workspace', 'dangling'))).toMatchObject({
      phase: 'Unavailable',
      conditions: [{ reason: 'MountObjectNotFound' }],
    });
    expect(syncMountedWorkspace(s.deps, 'c', undefined)).toBe('not-mounted');
  });
});
