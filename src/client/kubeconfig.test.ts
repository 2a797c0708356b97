import { describe, expect, it } from 'vitest';
import { commitWorkspace, CURRENT, PREVIOUS, swapWorkspaces, type Kubeconfig } from './kubeconfig.js';

const base = (): Kubeconfig => ({
  clusters: [{ name: 'test', cluster: { server: 'https://test/clusters/root:foo' } }],
  contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
  users: [{ name: 'test', user: { token: 't' } }],
  'current-context': 'test',
});

describe('kubeconfig edits (kcp create_test.go expectations)', () => {
  it('moves to a new workspace and keeps the old context as previous', () => {
    const cfg = base();
    commitWorkspace(cfg, 'https://test/clusters/root:foo:bar');
    expect(cfg['current-context']).toBe(CURRENT);
    expect(cfg.contexts).toEqual([
      { name: 'test', context: { cluster: 'test', user: 'test' } },
      { name: CURRENT, context: { cluster: CURRENT, user: 'test' } },
      { name: PREVIOUS, context: { cluster: 'test', user: 'test' } },
    ]);
    expect(cfg.clusters.find((c) => c.name === CURRENT)?.cluster.server).toBe('https://test/clusters/root:foo:bar');
    expect(cfg.clusters.find((c) => c.name === 'test')?.cluster.server).toBe('https://test/clusters/root:foo');
  });

  it('swaps current and previous with ws -', () => {
    const cfg = base();
    commitWorkspace(cfg, 'https://test/clusters/root:a');
    commitWorkspace(cfg, 'https://test/clusters/root:b');
    swapWorkspaces(cfg);
    const server = (name: string) =>
      cfg.clusters.find((c) => c.name === cfg.contexts.find((x) => x.name === name)!.context.cluster)!.cluster.server;
    expect(server(CURRENT)).toBe('https://test/clusters/root:a');
    expect(server(PREVIOUS)).toBe('https://test/clusters/root:b');
  });
});
