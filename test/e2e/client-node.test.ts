// @kubernetes/client-node against a daemon: typed CRUD, and an informer (list+watch) that sees kubectl's writes
// and recovers from 410 Expired by relisting.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  // A tiny event window and short watches force the informer through expiry and relisting.
  d = await startTestDaemon(['--event-retention', '20', '--min-request-timeout', '1']);
  kc = new k8s.KubeConfig();
  kc.loadFromFile(d.kubeconfig);
});
afterAll(async () => d?.stop());

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('client-node', () => {
  it('creates, reads, lists and deletes with the typed API', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'typed' }, data: { a: '1' } } });
    const got = await core.readNamespacedConfigMap({ namespace: 'default', name: 'typed' });
    expect(got.data).toEqual({ a: '1' });
    const listed = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(listed.items.map((i) => i.metadata?.name)).toContain('typed');
    await expect(core.readNamespacedConfigMap({ namespace: 'default', name: 'missing' })).rejects.toMatchObject({ code: 404 });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'typed' });
  });

  it('runs an informer that sees kubectl writes and survives 410 Expired', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const seen: string[] = [];
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'default' });
    });
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name}`));
    const errors: unknown[] = [];
    informer.on('error', (e) => errors.push(e));
    await informer.start();
    await d.kubectl(['create', 'cm', 'inf1']);
    await until(() => seen.includes('add inf1'));
    await d.kubectl(['label', 'cm', 'inf1', 'x=y']);
    await until(() => seen.includes('update inf1'));
    // Push the informer's resourceVersion out of the retained window while its watch reconnects.
    for (let i = 0; i < 40; i++) await core.createNamespace({ body: { metadata: { name: `churn-${i}` } } });
    await new Promise((r) => setTimeout(r, 2500));
    await d.kubectl(['delete', 'cm', 'inf1']);
    await until(() => seen.includes('delete inf1'));
    await d.kubectl(['create', 'cm', 'inf2']);
    await until(() => seen.includes('add inf2'));
    expect(errors).toEqual([]);
    // The expired resourceVersion made the informer relist instead of failing.
    expect(lists).toBeGreaterThan(1);
    await informer.stop();
  });
});
