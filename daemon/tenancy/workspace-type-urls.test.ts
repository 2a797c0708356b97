import { describe, expect, it } from 'vitest';
import type { KObject } from '../apimachinery/types.js';
import { reconcileWorkspaceTypeURLs, type WorkspaceTypeURLDeps } from './workspace-type-urls.js';

function fake(types: Record<string, KObject>, paths: Record<string, string>) {
  const writes: KObject[] = [];
  const deps: WorkspaceTypeURLDeps = {
    now: () => new Date('2026-12-03T10:00:00Z'),
    getWorkspaceType: (c, n) => types[`${c}|${n}`],
    pathOf: (c) => paths[c],
    virtualWorkspaceBase: () => 'https://127.0.0.1:6443',
    updateWorkspaceType: (c, wt) => {
      writes.push(wt);
      types[`${c}|${wt.metadata.name}`] = wt;
      return true;
    },
  };
  return { deps, writes };
}

const wt = (name: string, status?: object): KObject => ({
  apiVersion: 'tenancy.kcp.io/v1alpha1',
  kind: 'WorkspaceType',
  metadata: { name, resourceVersion: '5' },
  spec: { initializer: true },
  ...(status ? { status } : {}),
});

describe('the WorkspaceType virtual workspace URLs', () => {
  it("publishes kcp's initializing and terminating URLs, named by the type's workspace path, and turns Ready", () => {
    const { deps, writes } = fake({ 'abc|mytype': wt('mytype') }, { abc: 'root:org' });
    expect(reconcileWorkspaceTypeURLs(deps, 'abc', 'mytype')).toBe('updated');
    expect(writes[0]!['status']).toEqual({
      virtualWorkspaces: [
        { url: 'https://127.0.0.1:6443/services/initializingworkspaces/root:org:mytype', type: 'initializing' },
        { url: 'https://127.0.0.1:6443/services/terminatingworkspaces/root:org:mytype', type: 'terminating' },
      ],
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: '2026-12-03T10:00:00Z' },
        { type: 'VirtualWorkspaceURLsReady', status: 'True', lastTransitionTime: '2026-12-03T10:00:00Z' },
      ],
    });
    // Run again: nothing to write.
    expect(reconcileWorkspaceTypeURLs(deps, 'abc', 'mytype')).toBe('unchanged');
    expect(writes).toHaveLength(1);
  });

  it('keeps a condition already True as it was, and follows a new address', () => {
    const ready = { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' };
    const { deps, writes } = fake({ 'root|universal': wt('universal', { conditions: [ready] }) }, { root: 'root' });
    deps.virtualWorkspaceBase = () => 'https://127.0.0.1:7000';
    expect(reconcileWorkspaceTypeURLs(deps, 'root', 'universal')).toBe('updated');
    const status = writes[0]!['status'] as { conditions: unknown[]; virtualWorkspaces: Array<{ url: string }> };
    expect(status.conditions[0]).toEqual(ready);
    expect(status.virtualWorkspaces[0]!.url).toBe('https://127.0.0.1:7000/services/initializingworkspaces/root:universal');
  });

  it('does nothing for a type that is gone or a workspace not routed', () => {
    const { deps, writes } = fake({ 'gone|x': wt('x') }, {});
    expect(reconcileWorkspaceTypeURLs(deps, 'abc', 'missing')).toBe('gone');
    expect(reconcileWorkspaceTypeURLs(deps, 'gone', 'x')).toBe('unrouted');
    expect(writes).toHaveLength(0);
  });
});
