import { describe, expect, it } from 'vitest';
import { WorkspaceIndex, type ClusterEntry } from './index.js';
import { InconsistentRoutesError, routeTrees, type WorkspaceRow } from './routes.js';

function routesFrom(
  roots: ClusterEntry[],
  rows: WorkspaceRow[],
  subtreeRoot: (cluster: string) => ClusterEntry | undefined,
): ClusterEntry[] {
  const index = new WorkspaceIndex();
  routeTrees(index, roots, rows, subtreeRoot);
  const out: ClusterEntry[] = [];
  for (const row of [...roots.map((r) => r.name), ...rows.map((r) => r.cluster), ...rows.map((r) => r.parent)]) {
    const e = row ? index.cluster(row) : undefined;
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

const root: ClusterEntry = { name: 'root', path: 'root', phase: 'Ready', type: 'root:root' };
const ws = (parent: string, name: string, cluster: string | undefined, phase = 'Ready'): WorkspaceRow => ({
  parent,
  name,
  cluster,
  phase,
  type: 'root:universal',
});
const paths = (entries: ClusterEntry[]) => Object.fromEntries(entries.map((e) => [e.path, e.name]));

describe('routeTrees', () => {
  it('walks the Workspaces down from root, whatever order they come in', () => {
    const rows = [ws('ca', 'b', 'cb'), ws('root', 'a', 'ca'), ws('cb', 'c', 'cc', 'Initializing'), ws('root', 'unscheduled', undefined)];
    const entries = routesFrom([root], rows, () => undefined);
    expect(paths(entries)).toEqual({ root: 'root', 'root:a': 'ca', 'root:a:b': 'cb', 'root:a:b:c': 'cc' });
    expect(entries.find((e) => e.name === 'cc')).toEqual({ name: 'cc', path: 'root:a:b:c', phase: 'Initializing', type: 'root:universal' });
  });

  it('asks about clusters nobody parents (home workspaces) and skips those that route nowhere', () => {
    const home: ClusterEntry = { name: 'h1', path: 'user:alice', phase: 'Ready', type: 'root:home' };
    const asked: string[] = [];
    const entries = routesFrom(
      [root],
      [ws('h1', 'proj', 'cp'), ws('orphan', 'x', 'cx')],
      (c) => (asked.push(c), c === 'h1' ? home : undefined),
    );
    expect(asked.sort()).toEqual(['h1', 'orphan']);
    expect(paths(entries)).toEqual({ root: 'root', 'user:alice': 'h1', 'user:alice:proj': 'cp' });
  });

  it('refuses one logical cluster under two paths', () => {
    expect(() => routesFrom([root], [ws('root', 'a', 'ca'), ws('root', 'b', 'ca')], () => undefined)).toThrow(
      new InconsistentRoutesError('logical cluster ca is claimed by two workspaces, root:a and root:b'),
    );
  });

  it('refuses a workspace claiming root (or any ancestor): a cycle', () => {
    expect(() => routesFrom([root], [ws('root', 'a', 'ca'), ws('ca', 'loop', 'root')], () => undefined)).toThrow(
      'logical cluster root is claimed by two workspaces, root and root:a:loop',
    );
  });

  it('refuses two logical clusters claiming one path', () => {
    const impostor: ClusterEntry = { name: 'evil', path: 'root:a', phase: 'Ready', type: 'root:home' };
    expect(() => routesFrom([root], [ws('root', 'a', 'ca'), ws('evil', 'x', 'cx')], (c) => (c === 'evil' ? impostor : undefined))).toThrow(
      'logical clusters ca and evil both claim path root:a',
    );
  });

  it('walks deep trees without recursion', () => {
    const rows: WorkspaceRow[] = [];
    for (let i = 0; i < 3_000; i++) rows.push(ws(i === 0 ? 'root' : `c${i - 1}`, 'n', `c${i}`));
    expect(routesFrom([root], rows, () => undefined)).toHaveLength(3_001);
  });
});
