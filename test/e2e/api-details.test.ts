// Wire-level details client-go relies on: watch-list (sendInitialEvents), PartialObjectMetadata, collection
// delete with selectors, wide tables, 410 on an expired watch, 404/405 shapes.
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDaemon, type TestDaemon } from './support/daemon.js';

let d: TestDaemon;
let agent: Agent;
let token: string;

async function api(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await request(`${d.url}/clusters/root${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

beforeAll(async () => {
  d = await startTestDaemon(['--event-retention', '10']);
  const cfg = YAML.parse(readFileSync(d.kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: { token: string } }>;
  };
  agent = new Agent({ connect: { ca: Buffer.from(cfg.clusters[0]!.cluster['certificate-authority-data']!, 'base64').toString() } });
  token = cfg.users[0]!.user.token;
  for (const [name, env] of [
    ['a', 'prod'],
    ['b', 'prod'],
    ['c', 'dev'],
  ]) {
    await api('POST', '/api/v1/namespaces/default/configmaps', {}, { metadata: { name, labels: { env: env! } }, data: { k: 'v' } });
  }
});
afterAll(async () => {
  await agent?.close();
  await d?.stop();
});

describe('API details', () => {
  it('streams the initial state then an initial-events-end bookmark (watch-list)', async () => {
    const ac = new AbortController();
    const res = await request(
      `${d.url}/clusters/root/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true`,
      {
        dispatcher: agent,
        headers: { authorization: `Bearer ${token}` },
        signal: ac.signal,
      },
    );
    let buf = '';
    const events: Array<{ type: string; object: { metadata: { name?: string; annotations?: Record<string, string> } } }> = [];
    for await (const chunk of res.body) {
      buf += chunk.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) if (l) events.push(JSON.parse(l));
      if (events.some((e) => e.type === 'BOOKMARK')) break;
    }
    ac.abort();
    expect(events.filter((e) => e.type === 'ADDED').map((e) => e.object.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(events.at(-1)!.object.metadata.annotations).toEqual({ 'k8s.io/initial-events-end': 'true' });
  });

  it('answers PartialObjectMetadataList when asked', async () => {
    const r = await api('GET', '/api/v1/namespaces/default/configmaps', {
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    });
    const body = JSON.parse(r.text) as { kind: string; items: Array<{ kind: string; metadata: { name: string }; data?: unknown }> };
    expect(body.kind).toBe('PartialObjectMetadataList');
    expect(body.items.map((i) => i.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(body.items[0]!.data).toBeUndefined();
  });

  it('answers 410 Expired as an ERROR event for a compacted resourceVersion', async () => {
    for (let i = 0; i < 30; i++) await api('POST', '/api/v1/namespaces/default/configmaps', {}, { metadata: { name: `churn-${i}` } });
    const r = await api('GET', '/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=1');
    const ev = JSON.parse(r.text.split('\n')[0]!) as { type: string; object: { code: number; reason: string } };
    expect(ev.type).toBe('ERROR');
    expect(ev.object).toMatchObject({ code: 410, reason: 'Expired' });
  });

  it('deletes a collection by label selector', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(d.kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.deleteCollectionNamespacedConfigMap({ namespace: 'default', labelSelector: 'env=prod' });
    const left = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'env' });
    expect(left.items.map((i) => i.metadata?.name)).toEqual(['c']);
  });

  it('prints wide columns and refuses unknown paths and verbs with Status objects', async () => {
    await d.kubectl(['create', 'rolebinding', 'rb', '--clusterrole=view', '--user=alice', '-n', 'default']);
    const wide = await d.kubectl(['get', 'rolebinding', 'rb', '-n', 'default', '-o', 'wide']);
    expect(wide.stdout).toMatch(/^NAME +ROLE +AGE +USERS +GROUPS +SERVICEACCOUNTS\nrb +ClusterRole\/view +\S+ +alice/);
    const missing = await api('GET', '/apis/nope.example.dev/v1/things');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
    const review = await api('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews');
    expect(review.status).toBe(405);
    expect(JSON.parse(review.text)).toMatchObject({ kind: 'Status', reason: 'MethodNotAllowed' });
  });
});
