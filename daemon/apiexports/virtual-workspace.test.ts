import { describe, expect, it } from 'vitest';
import { parseVirtualPath } from './virtual-workspace.js';

describe('the APIExport virtual workspace URL', () => {
  it("is kcp's /services/apiexport/<cluster>/<export>/clusters/<cluster or *>/…", () => {
    expect(parseVirtualPath('/services/apiexport/abc/cowboys/clusters/*/apis/wildwest.dev/v1alpha1/cowboys')).toEqual({
      exportCluster: 'abc',
      exportName: 'cowboys',
      cluster: '*',
      rest: '/apis/wildwest.dev/v1alpha1/cowboys',
    });
    expect(parseVirtualPath('/services/apiexport/abc/cowboys/clusters/xyz')).toMatchObject({ cluster: 'xyz', rest: '/' });
    expect(parseVirtualPath('/services/apiexport/abc/cowboys')).toBeUndefined();
    expect(parseVirtualPath('/services/apiexport/abc/cowboys/workspaces/x/api')).toBeUndefined();
    expect(parseVirtualPath('/services/other/abc/cowboys/clusters/x')).toBeUndefined();
  });
});
