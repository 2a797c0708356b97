import { describe, expect, it } from 'vitest';
import { ancestors, details, scrollTop, visibleRows, type BrowserNode } from './browser-model.js';

const node = (path: string, children: BrowserNode[] = [], extra: Partial<BrowserNode> = {}): BrowserNode => ({
  path,
  label: path.slice(path.lastIndexOf(':') + 1),
  mount: false,
  children,
  ...extra,
});

describe('the browser model', () => {
  const tree = node('root', [node('root:a', [node('root:a:x')]), node('root:b', [], { mount: true })]);

  it('shows the children of expanded nodes only', () => {
    expect(visibleRows(tree, new Set()).map((r) => r.node.path)).toEqual(['root']);
    expect(visibleRows(tree, new Set(['root'])).map((r) => [r.node.path, r.depth])).toEqual([
      ['root', 0],
      ['root:a', 1],
      ['root:b', 1],
    ]);
    expect(visibleRows(tree, new Set(['root', 'root:a'])).map((r) => r.node.path)).toEqual(['root', 'root:a', 'root:a:x', 'root:b']);
  });

  it('expands the ancestors of the current workspace', () => {
    expect(ancestors('root:a:x')).toEqual(['root', 'root:a']);
    expect(ancestors('root')).toEqual([]);
  });

  it('scrolls as little as keeps the cursor visible', () => {
    expect(scrollTop(0, 5, 10, 300)).toBe(0);
    expect(scrollTop(0, 10, 10, 300)).toBe(1);
    expect(scrollTop(50, 299, 10, 300)).toBe(290);
    expect(scrollTop(50, 20, 10, 300)).toBe(20);
    expect(scrollTop(5, 2, 10, 8)).toBe(0);
  });

  it('details the selected workspace', () => {
    expect(details(node('root:a', [], { type: 'root:organization', cluster: 'abc' }))).toBe('root:a | root:organization | cluster:abc');
    expect(details(node('root:b', [], { mount: true, phase: 'Unavailable' }))).toBe('root:b | mount | Unavailable');
  });
});
