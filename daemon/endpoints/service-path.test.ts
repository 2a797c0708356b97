import { describe, expect, it } from 'vitest';
import { parseServicePath } from './service-path.js';

describe("a virtual workspace's path", () => {
  it('splits into the key segments, the cluster and the API path', () => {
    expect(
      parseServicePath(
        '/services/initializingworkspaces/root:org:t/clusters/*/apis/core.kcp.io/v1alpha1/logicalclusters',
        '/services/initializingworkspaces/',
        1,
      ),
    ).toEqual({
      keys: ['root:org:t'],
      cluster: '*',
      rest: '/apis/core.kcp.io/v1alpha1/logicalclusters',
    });
    expect(parseServicePath('/services/apiexport/abc/cowboys/clusters/xyz', '/services/apiexport/', 2)).toEqual({
      keys: ['abc', 'cowboys'],
      cluster: 'xyz',
      rest: '/',
    });
  });

  it('decodes the segments, and names nothing when malformed', () => {
    expect(parseServicePath('/services/s/root%3Aa/clusters/c/api', '/services/s/', 1)?.keys).toEqual(['root:a']);
    expect(parseServicePath('/services/s/%E0%A4%A/clusters/c/api', '/services/s/', 1)).toBeUndefined();
    expect(parseServicePath('/services/s/id/clusters/', '/services/s/', 1)).toBeUndefined();
    expect(parseServicePath('/services/s//clusters/c', '/services/s/', 1)).toBeUndefined();
    expect(parseServicePath('/services/s/id/workspaces/c', '/services/s/', 1)).toBeUndefined();
    expect(parseServicePath('/services/other/id/clusters/c', '/services/s/', 1)).toBeUndefined();
  });
});
