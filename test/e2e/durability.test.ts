// Crash safety: an acknowledged write survives `kill -9`, resourceVersions keep increasing across restarts,
// and a watch resumes from a retained resourceVersion after the restart.
import * as k8s from '@kubernetes/client-node';
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
      const rv2 = Number((await second.kubectl(['-n', 'keep', 'get', 'cm', 'after-restart', '-o', 'jsonpath={.metadata.resourceVersion}'])).stdout);
      expect(rv2).toBeGreaterThan(rv);

      // A watch from before the crash replays what happened after it.
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(second.kubeconfig);
      const seen: string[] = [];
      const w = new k8s.Watch(kc);
      const req = await w.watch('/api/v1/namespaces/keep/configmaps', { resourceVersion: String(rv) }, (type, obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name}`), () => undefined);
      for (let i = 0; i < 100 && !seen.includes('ADDED after-restart'); i++) await new Promise((r) => setTimeout(r, 20));
      req.abort();
      expect(seen).toContain('ADDED after-restart');
      expect(seen).not.toContain('ADDED acked-19');
    } finally {
      await second.stop();
    }
  });
});
