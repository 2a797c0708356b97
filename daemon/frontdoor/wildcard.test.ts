import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../apimachinery/status.js';
import { Authenticator } from '../auth/authn.js';
import type { ApiHandler } from '../endpoints/api-handler.js';
import { createFrontProxy } from './front-proxy.js';
import { checkWildcardRequest } from './wildcard.js';

function refusal(method: string, path: string, query = ''): StatusError | undefined {
  try {
    checkWildcardRequest(method, path, new URLSearchParams(query));
    return undefined;
  } catch (err) {
    return err as StatusError;
  }
}

describe('requests to the `*` logical cluster', () => {
  it.each([
    ['GET', '/api/v1/configmaps', ''],
    ['GET', '/api/v1/namespaces/default/configmaps', ''],
    ['GET', '/api/v1/configmaps', 'watch=true'],
    ['GET', '/api/v1/watch/configmaps', ''],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles', 'watch=1'],
    ['GET', '/api', ''],
    ['GET', '/apis/rbac.authorization.k8s.io/v1', ''],
    ['GET', '/openapi/v3', ''],
  ])('%s %s?%s passes (list, watch, discovery)', (method, path, query) => {
    expect(refusal(method, path, query)).toBeUndefined();
  });

  it.each([
    ['POST', '/api/v1/namespaces/default/configmaps', 'create', 'configmaps', undefined],
    ['PUT', '/api/v1/namespaces/kube-system/configmaps/coredns', 'update', 'configmaps', undefined],
    [
      'PATCH',
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin',
      'patch',
      'clusterroles.rbac.authorization.k8s.io',
      'rbac.authorization.k8s.io',
    ],
    ['DELETE', '/api/v1/namespaces/default/configmaps/x', 'delete', 'configmaps', undefined],
    ['DELETE', '/api/v1/namespaces/default/configmaps', 'deletecollection', 'configmaps', undefined],
    ['GET', '/api/v1/namespaces/default/configmaps/x', 'get', 'configmaps', undefined],
    ['PUT', '/api/v1/namespaces/default/configmaps/x/status', 'update', 'configmaps', undefined],
  ])('%s %s is refused as kcp refuses it', (method, path, verb, gr, group) => {
    const err = refusal(method, path);
    expect(err).toBeInstanceOf(StatusError);
    expect(err!.status).toMatchObject({
      code: 405,
      reason: 'MethodNotAllowed',
      message: `${verb} is not supported on resources of kind "${gr}" in the \`*\` logical cluster`,
    });
    expect(err!.status.details?.group).toBe(group);
    expect(err!.status.details?.kind).toBe(gr.split('.')[0]);
  });
});

describe('the front proxy and `*`', () => {
  it('refuses a write to `*` before the shard sees it', async () => {
    const authenticator = new Authenticator();
    authenticator.addToken('t', { username: 'admin', groups: ['system:masters'] });
    const served: string[] = [];
    const shard = {
      serve: (r: { method: string }) => (served.push(r.method), Promise.resolve({ status: 200, body: {} })),
    } as unknown as ApiHandler;
    const route = createFrontProxy({
      authenticator,
      shard,
      resolve: () => undefined,
      ready: () => true,
      mayUseWildcard: () => true,
      log: () => {},
    });
    const res = { writeHead: () => {}, end: () => {}, once: () => {} } as unknown as ServerResponse;
    const req = (method: string, url: string) => ({ method, url, headers: { authorization: 'Bearer t' } }) as unknown as IncomingMessage;
    await expect(route(req('POST', '/clusters/*/api/v1/namespaces/default/configmaps'), res, Buffer.from('{}'))).rejects.toMatchObject({
      status: { code: 405 },
    });
    await expect(route(req('PUT', '/clusters/%2A/api/v1/namespaces/default/configmaps/x'), res, Buffer.from('{}'))).rejects.toMatchObject({
      status: { code: 405 },
    });
    expect(served).toEqual([]);
    await route(req('GET', '/clusters/*/api/v1/configmaps'), res, undefined);
    expect(served).toEqual(['GET']);
  });
});
