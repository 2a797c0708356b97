// The interactive browser's state, apart from its rendering (interactive.tsx): a tree of workspaces, which nodes are
// expanded, the cursor, and the window of rows a terminal of a given height shows around it.
export interface BrowserNode {
  /** The workspace path (for a mount: its parent's path and its name). */
  path: string;
  label: string;
  type?: string;
  cluster?: string;
  phase?: string;
  /** A mount: shown, never entered from here (its content is another API server's). */
  mount: boolean;
  children: BrowserNode[];
}

export interface VisibleRow {
  node: BrowserNode;
  depth: number;
}

/** The rows shown: every node whose ancestors are all expanded, in tree order. */
export function visibleRows(root: BrowserNode, expanded: ReadonlySet<string>): VisibleRow[] {
  const rows: VisibleRow[] = [];
  const walk = (node: BrowserNode, depth: number) => {
    rows.push({ node, depth });
    if (expanded.has(node.path)) for (const c of node.children) walk(c, depth + 1);
  };
  walk(root, 0);
  return rows;
}

/** The paths to expand so that `path` is visible: each of its ancestors. */
export function ancestors(path: string): string[] {
  const parts = path.split(':');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(':'));
}

/** The first row of a window of `height` rows that keeps `cursor` visible, moving `top` as little as possible. */
export function scrollTop(top: number, cursor: number, height: number, total: number): number {
  const h = Math.max(1, height);
  let t = top;
  if (cursor < t) t = cursor;
  if (cursor >= t + h) t = cursor - h + 1;
  return Math.max(0, Math.min(t, Math.max(0, total - h)));
}

/** The header line for the selected node, as kcp's browser shows it (path | type | cluster). */
export function details(node: BrowserNode): string {
  const parts = [node.path];
  if (node.type) parts.push(node.type);
  if (node.cluster) parts.push(`cluster:${node.cluster}`);
  if (node.mount) parts.push('mount');
  if (node.phase && node.phase !== 'Ready') parts.push(node.phase);
  return parts.join(' | ');
}
