// What a restart makes of a shard's workspaces: routing rebuilt from the parents' Workspaces, never from what a
// LogicalCluster says of itself; a store in which two logical clusters claim one path refused; workspace URLs moved
// to the daemon's new address.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../daemon/storage/sqlite/sqlite-store.js';
import { execa } from 'execa';
import { PROJECT_ROOT, startTestDaemon, type TestDaemon } from './support/daemon.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kcpx-tenancy-restart-'));
  dirs.push(dir);
  return dir;
}

const LCS = 'core.kcp.io/logicalclusters';
const WORKSPACES = 'tenancy.kcp.io/workspaces';

/** Edits the stopped daemon's store directly, as a tampered or corrupted database would be. */
function editStore(dir: string, edit: (store: SqliteStore) => void): void {
  const store = new SqliteStore({ path: join(dir, 'shard-root.db'), checkpointWorker: false, groupCommit: false });
  try {
    edit(store);
  } finally {
    store.close();
  }
}

async function get(d: TestDaemon, path: string, args: string[], template: string): Promise<string> {
  const r = await d.kubectl([...args, '-o', `jsonpath=${template}`], { server: `${d.url}/clusters/${path}` });
  if (r.code !== 0) throw new Error(r.stderr);
  return r.stdout;
}

async function createWorkspace(d: TestDaemon, parent: string, name: string): Promise<string> {
  const r = await d.kubectl(['create', '-f', '-'], {
    server: `${d.url}/clusters/${parent}`,
    input: `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: ${name}}\nspec: {type: {name: universal, path: root}}\n`,
  });
  expect(r.code).toBe(0);
  for (let i = 0; i < 100; i++) {
    const cluster = await get(d, parent, ['get', 'workspace', name], '{.spec.cluster}');
    if (cluster && (await get(d, parent, ['get', 'workspace', name], '{.status.phase}')) === 'Ready') return cluster;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error(`${parent}:${name} did not become Ready`);
}

describe('restarts', () => {
  it('route root to root after a workspace admin tried to take its path, and after the store was made to say so', async () => {
    const dir = newDir();
    const first = await startTestDaemon([], { persistent: true, dir });
    let attacker: string;
    try {
      attacker = await createWorkspace(first, 'root', 'a');
      await first.kubectl(['create', 'clusterrolebinding', 'user-admin', '--clusterrole=cluster-admin', '--user=user'], {
        server: `${first.url}/clusters/root:a`,
      });
      const hijack = await first.kubectl(
        ['--context', 'user', 'annotate', 'logicalcluster', 'cluster', 'kcp.io/path=root', '--overwrite'],
        { server: `${first.url}/clusters/root:a` },
      );
      expect(hijack.stderr).toContain(
        'logicalclusters.core.kcp.io "cluster" is forbidden: modification of reserved annotation: "kcp.io/path"',
      );
    } finally {
      await first.stop();
    }

    // Even a store in which the attacker's LogicalCluster claims root's path routes by the parents' Workspaces.
    editStore(dir, (store) => {
      const key = { cluster: attacker, resource: LCS, namespace: '', name: 'cluster' };
      const lc = store.get(key)!;
      lc.metadata.annotations = { ...lc.metadata.annotations, 'kcp.io/path': 'root' };
      store.update(key, lc);
    });
    const second = await startTestDaemon([], { persistent: true, dir });
    try {
      expect(await get(second, 'root', ['get', 'logicalcluster', 'cluster'], '{.metadata.annotations.kcp\\.io/cluster}')).toBe('root');
      expect(await get(second, 'root:a', ['get', 'logicalcluster', 'cluster'], '{.metadata.annotations.kcp\\.io/cluster}')).toBe(attacker);
      expect(await get(second, 'root', ['get', 'workspaces'], '{.items[*].metadata.name}')).toBe('a');
    } finally {
      await second.stop();
    }
  });

  it('refuse a store in which one logical cluster is claimed by two workspaces, naming both', async () => {
    const dir = newDir();
    const first = await startTestDaemon([], { persistent: true, dir });
    try {
      await createWorkspace(first, 'root', 'a');
      await createWorkspace(first, 'root', 'b');
    } finally {
      await first.stop();
    }
    let cluster = '';
    editStore(dir, (store) => {
      const a = store.get({ cluster: 'root', resource: WORKSPACES, namespace: '', name: 'a' })!;
      cluster = (a['spec'] as { cluster: string }).cluster;
      const key = { cluster: 'root', resource: WORKSPACES, namespace: '', name: 'b' };
      const b = store.get(key)!;
      (b['spec'] as { cluster: string }).cluster = cluster;
      store.update(key, b);
    });
    const refused = await startTestDaemon([], { persistent: true, dir }).then(
      async (d) => {
        await d.stop();
        return '';
      },
      (err: Error) => err.message,
    );
    // startTestDaemon reports the daemon's exit with its stderr, which ends with one line naming the cluster and both
    // paths (before it, the integrity check a database edited while stopped gets says what it found).
    expect(refused).toMatch(/^daemon exited with 1: /);
    expect(refused.split('\n').filter(Boolean).at(-1)).toMatch(
      new RegExp(`^(?:daemon exited with 1: )?kcpx: logical cluster ${cluster} is claimed by two workspaces, root:a and root:b$`),
    );
  });

  it('move workspace and logical cluster URLs to the new address', async () => {
    const dir = newDir();
    const first = await startTestDaemon([], { persistent: true, dir });
    try {
      await createWorkspace(first, 'root', 'a');
      await createWorkspace(first, 'root:a', 'b');
      expect(await get(first, 'root', ['get', 'workspace', 'a'], '{.spec.URL}')).toBe(`${first.url}/clusters/root:a`);
    } finally {
      await first.stop();
    }
    const second = await startTestDaemon([], { persistent: true, dir });
    try {
      expect(second.url).not.toBe(first.url);
      expect(await get(second, 'root', ['get', 'workspace', 'a'], '{.spec.URL}')).toBe(`${second.url}/clusters/root:a`);
      expect(await get(second, 'root:a', ['get', 'workspace', 'b'], '{.spec.URL}')).toBe(`${second.url}/clusters/root:a:b`);
      const lcURL = await get(second, 'root:a:b', ['get', 'logicalcluster', 'cluster'], '{.status.URL}');
      expect(lcURL).toMatch(new RegExp(`^${second.url.replace(/[.]/g, '\\.')}/clusters/[a-z0-9]{16}$`));
      // The URLs work: kubectl follows them.
      const viaURL = await second.kubectl(['get', 'namespaces', '-o', 'name'], { server: lcURL });
      expect(viaURL.stdout).toContain('namespace/default');
      expect(await get(second, 'root', ['get', 'shard', 'root'], '{.metadata.annotations.kcpx\\.io/url-base}')).toBe(second.url);
    } finally {
      await second.stop();
    }
  });

  it('resume what a stop cut short: a deletion, a workspace waiting for a shard', async () => {
    const dir = newDir();
    const first = await startTestDaemon([], { persistent: true, dir });
    let deleted: string;
    try {
      deleted = await createWorkspace(first, 'root', 'doomed');
      await first.kubectl(['create', 'configmap', 'left', '--from-literal=k=v'], { server: `${first.url}/clusters/root:doomed` });
      const yaml = `apiVersion: tenancy.kcp.io/v1alpha1\nkind: Workspace\nmetadata: {name: on-mars}\nspec: {location: {selector: {matchLabels: {region: mars}}}}\n`;
      expect((await first.kubectl(['create', '-f', '-'], { server: `${first.url}/clusters/root`, input: yaml })).code).toBe(0);
      expect(await get(first, 'root', ['get', 'workspace', 'on-mars'], '{.status.phase}')).toBe('Scheduling');
    } finally {
      await first.stop();
    }
    // As a crash would leave them: the deletion marked but not carried out, the Shard changed but nothing rescheduled.
    editStore(dir, (store) => {
      const key = { cluster: 'root', resource: WORKSPACES, namespace: '', name: 'doomed' };
      const ws = store.get(key)!;
      ws.metadata.deletionTimestamp = new Date().toISOString();
      store.update(key, ws);
      const shardKey = { cluster: 'root', resource: 'core.kcp.io/shards', namespace: '', name: 'root' };
      const shard = store.get(shardKey)!;
      shard.metadata.labels = { ...shard.metadata.labels, region: 'mars' };
      store.update(shardKey, shard);
    });
    const second = await startTestDaemon([], { persistent: true, dir });
    try {
      let left = true;
      for (let i = 0; i < 100 && left; i++) {
        left = (await second.kubectl(['get', 'workspace', 'doomed'], { server: `${second.url}/clusters/root` })).code === 0;
        if (left) await new Promise((res) => setTimeout(res, 20));
      }
      expect(left).toBe(false);
      expect((await second.kubectl(['get', 'configmaps'], { server: `${second.url}/clusters/${deleted}` })).code).not.toBe(0);
      let phase = '';
      for (let i = 0; i < 100 && phase !== 'Ready'; i++) {
        phase = await get(second, 'root', ['get', 'workspace', 'on-mars'], '{.status.phase}');
        if (phase !== 'Ready') await new Promise((res) => setTimeout(res, 20));
      }
      expect(phase).toBe('Ready');
    } finally {
      await second.stop();
    }
  });

  it('route mounted workspaces from the first request after a restart', async () => {
    const dir = newDir();
    const target = await startTestDaemon();
    try {
      const first = await startTestDaemon([], { persistent: true, dir });
      try {
        const r = await execa(join(PROJECT_ROOT, 'bin/kcpx'), ['ws', 'mount', 'far', '--kubeconfig', target.kubeconfig], {
          env: { ...process.env, KUBECONFIG: first.kubeconfig },
          reject: false,
        });
        expect(r.exitCode, r.stderr).toBe(0);
      } finally {
        await first.stop();
      }
      const second = await startTestDaemon([], { persistent: true, dir });
      try {
        // The path is known from the first request on (it is a mount, not an unknown workspace), and the mount
        // serves once its target has been probed again.
        const early = await second.kubectl(['get', 'namespaces', '-o', 'name'], { server: `${second.url}/clusters/root:far` });
        expect(early.stderr).not.toMatch(/NotFound|not found/);
        let out = early.stdout;
        for (let i = 0; i < 100 && !out.includes('namespace/default'); i++) {
          await new Promise((res) => setTimeout(res, 20));
          out = (await second.kubectl(['get', 'namespaces', '-o', 'name'], { server: `${second.url}/clusters/root:far` })).stdout;
        }
        expect(out).toContain('namespace/default');
        expect(await get(second, 'root', ['get', 'workspace', 'far'], '{.status.phase}')).toBe('Ready');
      } finally {
        await second.stop();
      }
    } finally {
      await target.stop();
    }
  });
});
