// Crash safety: an acknowledged write survives `kill -9`, resourceVersions keep increasing across restarts,
// and a watch resumes from a retained resourceVersion after the restart.
import * as k8s from '@kubernetes/client-node';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestDaemon } from './support/daemon.js';

const dir = mkdtempSync(join(tmpdir(), 'kcpx-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('durability', () => {
  it('keeps every acknowledged write through kill -9 and resumes watches', async () => {
    const first = await startTestDaemon([], { persistent: true, dir });
    await first.kubectl(['create', 'ns', 'keep']);
    const names: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await first.kubectl(['-n', 'keep', 'create', 'cm', `acked-${i}`, `--from-literal=i=${i}`]);
      expect(r.code).toBe(0);
      names.push(`acked-${i}`);
    }
    const rv = Number((await first.kubectl(['-n', 'keep', 'get', 'cm', 'acked-19', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout);
    await first.kill();

    const second = await startTestDaemon([], { persistent: true, dir });
    try {
      const listed = (await second.kubectl(['-n', 'keep', 'get', 'cm', '-o', 'name'])).stdout.trim().split('\n');
      for (const n of names) expect(listed).toContain(`configmap/${n}`);
      await second.kubectl(['-n', 'keep', 'create', 'cm', 'after-restart']);
      const rv2 = Number(
        (await second.kubectl(['-n', 'keep', 'get', 'cm', 'after-restart', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout,
      );
      expect(rv2).toBeGreaterThan(rv);

      // A watch from before the crash replays what happened after it.
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(second.kubeconfig);
      const seen: string[] = [];
      const w = new k8s.Watch(kc);
      const req = await w.watch(
        '/api/v1/namespaces/keep/configmaps',
        { resourceVersion: String(rv) },
        (type, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`),
        () => undefined,
      );
      for (let i = 0; i < 100 && !seen.includes('ADDED after-restart'); i++) await new Promise((r) => setTimeout(r, 20));
      req.abort();
      expect(seen).toContain('ADDED after-restart');
      expect(seen).not.toContain('ADDED acked-19');
    } finally {
      await second.stop();
    }
  });

  it('keeps every acknowledged write of concurrent clients when killed in the middle of them', async () => {
    const own = mkdtempSync(join(tmpdir(), 'kcpx-durable-load-'));
    try {
      const first = await startTestDaemon([], { persistent: true, dir: own });
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(first.kubeconfig);
      const api = kc.makeApiClient(k8s.CoreV1Api);
      // Sixteen clients creating as fast as they are answered: a file-backed shard commits their writes in groups.
      const acked: string[] = [];
      let running = true;
      const creator = async (c: number) => {
        for (let i = 0; running; i++) {
          const name = `c${c}-${i}`;
          try {
            await api.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name }, data: { i: String(i) } } });
            acked.push(name);
          } catch {
            return;
          }
        }
      };
      const creators = Array.from({ length: 16 }, (_, c) => creator(c));
      while (acked.length < 300) await new Promise((r) => setTimeout(r, 10));
      await first.kill();
      running = false;
      await Promise.all(creators);

      const second = await startTestDaemon([], { persistent: true, dir: own });
      try {
        const kc2 = new k8s.KubeConfig();
        kc2.loadFromFile(second.kubeconfig);
        const stored = new Set(
          (await kc2.makeApiClient(k8s.CoreV1Api).listNamespacedConfigMap({ namespace: 'default' })).items.map((cm) => cm.metadata!.name!),
        );
        expect(acked.filter((n) => !stored.has(n))).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('gives namespaces left without a default ServiceAccount one after a restart', async () => {
    const own = mkdtempSync(join(tmpdir(), 'kcpx-durable-sa-'));
    try {
      const first = await startTestDaemon([], { persistent: true, dir: own });
      await first.kubectl(['create', 'ns', 'orphan']);
      for (let i = 0; i < 50 && (await first.kubectl(['-n', 'orphan', 'get', 'sa', 'default'])).code !== 0; i++)
        await new Promise((r) => setTimeout(r, 20));
      await first.stop();
      // What a crash between the namespace's commit and its ServiceAccount's (or an older kcpx) leaves behind.
      const db = new Database(join(own, 'shard-root.db'));
      expect(db.prepare("DELETE FROM objects WHERE resource = '/serviceaccounts' AND namespace = 'orphan'").run().changes).toBe(1);
      db.close();

      const second = await startTestDaemon([], { persistent: true, dir: own });
      try {
        let got = '';
        for (let i = 0; i < 100 && !got; i++) {
          got = (await second.kubectl(['-n', 'orphan', 'get', 'sa', 'default', '-o', 'name'])).stdout.trim();
          if (!got) await new Promise((r) => setTimeout(r, 20));
        }
        expect(got).toBe('serviceaccount/default');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });

  it('finishes deleting a namespace that a crash left terminating', async () => {
    const own = mkdtempSync(join(tmpdir(), 'kcpx-durable-ns-'));
    try {
      const first = await startTestDaemon([], { persistent: true, dir: own });
      await first.kubectl(['create', 'ns', 'going']);
      await first.kubectl(['-n', 'going', 'create', 'cm', 'held']);
      await first.kubectl(['-n', 'going', 'patch', 'cm', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
      expect((await first.kubectl(['delete', 'ns', 'going', '--wait=false'])).code).toBe(0);
      await first.kill();

      const second = await startTestDaemon([], { persistent: true, dir: own });
      try {
        expect((await second.kubectl(['get', 'ns', 'going', '-o', 'jsonpath={.status.phase}'])).stdout).toBe('Terminating');
        // Releasing the last content must finish the namespace: the controller picked it up again after the start.
        await second.kubectl(['-n', 'going', 'patch', 'cm', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
        const gone = await second.kubectl(['wait', '--for=delete', 'ns/going', '--timeout=10s']);
        expect(gone.code, gone.stderr).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
