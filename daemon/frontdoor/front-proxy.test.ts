import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Authenticator } from '../auth/authn.js';
import type { ApiHandler } from '../endpoints/api-handler.js';
import { createFrontProxy, resourceOf } from './front-proxy.js';

describe('resourceOf (the metrics resource label)', () => {
  it.each([
    ['/clusters/root/api/v1/namespaces/default/configmaps', 'configmaps'],
    ['/clusters/root:a/api/v1/namespaces/default/configmaps/c1', 'configmaps'],
    ['/api/v1/namespaces', 'namespaces'],
    ['/api/v1/namespaces/default', 'namespaces'],
    ['/api/v1/namespaces/default/', 'namespaces'],
    ['/clusters/*/apis/rbac.authorization.k8s.io/v1/clusterroles', 'clusterroles'],
    ['/apis/tenancy.kcp.io/v1alpha1/workspaces/a', 'workspaces'],
    ['/clusters/root/apis', ''],
    ['/clusters/root/version', ''],
    ['/metrics', ''],
  ])('%s → %j', (path, want) => expect(resourceOf(path)).toBe(want));
});

describe('answers and commits', () => {
  /** A front proxy over a shard that answers every request with 200 "{}", and a commit the test settles. */
  function proxyWithPendingCommit() {
    const authenticator = new Authenticator();
    authenticator.addToken('t', { username: 'admin', groups: ['system:masters'] });
    let settle!: { resolve: () => void; reject: (err: unknown) => void };
    const commit = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    const shard = { serve: () => Promise.resolve({ status: 200, body: {} }) } as unknown as ApiHandler;
    const route = createFrontProxy({
      authenticator,
      shard,
      resolve: () => ({ type: 'cluster', cluster: 'root' }),
      ready: () => true,
      mayUseWildcard: () => true,
      log: () => {},
      durable: () => commit,
    });
    const written: number[] = [];
    const res = { writeHead: (status: number) => written.push(status), end: () => {}, once: () => {} } as unknown as ServerResponse;
    const req = {
      method: 'POST',
      url: '/clusters/root/api/v1/namespaces/default/configmaps',
      headers: { authorization: 'Bearer t' },
    } as unknown as IncomingMessage;
    return { done: route(req, res, Buffer.from('{}')), written, settle };
  }

  it('answers a request only once what it wrote is committed', async () => {
    const { done, written, settle } = proxyWithPendingCommit();
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual([]);
    settle.resolve();
    await done;
    expect(written).toEqual([200]);
  });

  it('answers 500 when the commit fails', async () => {
    const { done, written, settle } = proxyWithPendingCommit();
    settle.reject(new Error('disk I/O error'));
    await done;
    expect(written).toEqual([500]);
  });
});

describe('health under a workspace URL', () => {
  function probe(url: string, token?: string) {
    const authenticator = new Authenticator();
    authenticator.addToken('t', { username: 'admin', groups: ['system:masters'] });
    const shard = { serve: () => Promise.reject(new Error('not for the shard')) } as unknown as ApiHandler;
    const route = createFrontProxy({
      authenticator,
      shard,
      resolve: (segment) => (segment === 'root:team' ? { type: 'cluster', cluster: 'abc' } : undefined),
      ready: () => true,
      mayUseWildcard: () => true,
      log: () => {},
    });
    const answer: { status?: number; body: string } = { body: '' };
    const res = {
      writeHead: (status: number) => (answer.status = status),
      end: (body?: string | Buffer) => (answer.body = String(body ?? '')),
      once: () => {},
    } as unknown as ServerResponse;
    const req = {
      method: 'GET',
      url,
      socket: {},
      headers: token ? { authorization: `Bearer ${token}` } : {},
    } as unknown as IncomingMessage;
    return route(req, res, undefined).then(
      () => answer,
      (err: { status?: { code: number } }) => ({ status: err.status?.code, body: '' }),
    );
  }

  it("answers an existing workspace's probes, verbosely when asked, and nothing of one that does not exist", async () => {
    expect(await probe('/clusters/root:team/healthz', 't')).toEqual({ status: 200, body: 'ok' });
    expect((await probe('/clusters/root:team/readyz?verbose', 't')).body).toMatch(/^\[\+\]ping ok\n[\s\S]*readyz check passed\n$/);
    expect((await probe('/clusters/root:nope/livez', 't')).status).toBe(404);
    // Unlike the root probes, a workspace's are for authenticated clients (its existence is not public).
    expect((await probe('/clusters/root:team/healthz')).status).toBe(401);
    expect(await probe('/livez')).toEqual({ status: 200, body: 'ok' });
  });
});
