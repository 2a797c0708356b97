import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from './index.js';
import { routeChange, routeWorkspace } from './routing.js';
import { workspace } from './tenancy-store.testkit.js';

function index(): WorkspaceIndex {
  const i = new WorkspaceIndex();
  i.setCluster({ name: 'root', path: 'root', phase: 'Ready', type: 'root:root' });
  return i;
}

describe('routeWorkspace', () => {
  it('routes a Ready workspace by path and cluster name, and follows Initializing → Ready', () => {
    const i = index();
    expect(
      routeWorkspace(i, 'root', workspace('team', { phase: 'Initializing', cluster: 'c1', type: { name: 'needs-setup', path: 'root' } })),
    ).toBe(true);
    expect(i.resolve('root:team')).toEqual({
      type: 'cluster',
      entry: { name: 'c1', path: 'root:team', phase: 'Initializing', type: 'root:needs-setup' },
    });
    expect(
      routeWorkspace(i, 'root', workspace('team', { phase: 'Initializing', cluster: 'c1', type: { name: 'needs-setup', path: 'root' } })),
    ).toBe(false);
    expect(
      routeWorkspace(i, 'root', workspace('team', { phase: 'Ready', cluster: 'c1', type: { name: 'needs-setup', path: 'root' } })),
    ).toBe(true);
    expect(i.cluster('c1')?.phase).toBe('Ready');
    expect(i.resolve('c1')).toEqual(i.resolve('root:team'));
  });

  it('routes nothing that is not scheduled, not routable or being deleted', () => {
    const i = index();
    expect(routeChange(i, 'root', workspace('waiting'))).toBeUndefined();
    expect(routeChange(i, 'root', workspace('gone', { phase: 'Ready', cluster: 'c2', deleting: true }))).toBeUndefined();
    expect(routeChange(i, 'elsewhere', workspace('orphan', { phase: 'Ready', cluster: 'c3' }))).toBeUndefined();
    expect(routeChange(i, 'root', workspace('terminating', { phase: 'Terminating', cluster: 'c4' }))).toBeUndefined();
    expect(i.size).toBe(1);
  });

  it('routes a mounted workspace to its mount', () => {
    const i = index();
    expect(routeWorkspace(i, 'root', workspace('m', { mount: true, phase: 'Initializing' }))).toBe(true);
    expect(i.resolve('root:m')).toEqual({ type: 'mount', entry: { path: 'root:m', parentCluster: 'root', workspace: 'm' } });
    expect(routeChange(i, 'root', workspace('m', { mount: true, phase: 'Ready' }))).toBeUndefined();
  });

  it('never honours a second path for a routed logical cluster', () => {
    const i = index();
    routeWorkspace(i, 'root', workspace('a', { phase: 'Ready', cluster: 'c1' }));
    const warnings: string[] = [];
    expect(routeWorkspace(i, 'root', workspace('b', { phase: 'Ready', cluster: 'c1' }), (w) => warnings.push(w))).toBe(false);
    expect(i.resolve('root:b')).toBeUndefined();
    expect(warnings).toEqual(['workspace controller: root:b claims logical cluster c1, which is root:a; not routed']);
  });
});
