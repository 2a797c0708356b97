// `kubectl ws -i`, `kubectl ws tree -i`: browse the workspace tree and switch with Enter (ink; terminals only), as
// kcp's browser does: the tree from the current workspace's root, the current workspace expanded and selected,
// ←/→/Space collapse and expand (▼/▶), a window that scrolls with the cursor, a header with the selected workspace's
// details, mounts shown but not entered, on the terminal's alternate screen so nothing stays in the scrollback.
import { Box, render, Text, useApp, useInput, useStdout } from 'ink';
import { useRef, useState } from 'react';
import { cliError } from '../errors/catalogue.js';
import { parseClusterURL } from './paths.js';
import type { Session } from './session.js';
import { WS_API, type WorkspaceObject } from './ops.js';
import { ancestors, details, scrollTop, visibleRows, type BrowserNode } from './browser-model.js';

const typeText = (t: { name: string; path?: string } | undefined) => (t ? (t.path ? `${t.path}:${t.name}` : t.name) : undefined);

/** The tree below `root`, each level's lists in parallel (mounts are leaves, as in `ws tree`). */
async function loadTree(s: Session, root: string): Promise<BrowserNode> {
  const load = async (node: BrowserNode): Promise<BrowserNode> => {
    const r = await s.client().call<{ items: WorkspaceObject[] }>('GET', `/clusters/${node.path}${WS_API}`);
    if (r.status !== 200) return node;
    const items = (r.body.items ?? []).filter((ws) => !ws.metadata.deletionTimestamp);
    node.children = await Promise.all(
      items.map((ws) => {
        const url = ws.spec?.URL ? parseClusterURL(ws.spec.URL)?.path : undefined;
        const child: BrowserNode = {
          path: ws.spec?.mount || !url ? `${node.path}:${ws.metadata.name}` : url,
          label: ws.metadata.name,
          mount: Boolean(ws.spec?.mount),
          children: [],
          ...(typeText(ws.spec?.type) ? { type: typeText(ws.spec?.type)! } : {}),
          ...(ws.spec?.cluster ? { cluster: ws.spec.cluster } : {}),
          ...(ws.status?.phase ? { phase: ws.status.phase } : {}),
        };
        return child.mount || !url ? Promise.resolve(child) : load(child);
      }),
    );
    return node;
  };
  return load({ path: root, label: root, mount: false, children: [], ...(root === 'root' ? { type: 'root' } : {}) });
}

/** Lines around the tree: title, details, blank, then below it the prompt and the keys. */
const CHROME_LINES = 6;

function Browser(props: { root: BrowserNode; current: string; color: boolean; onChoose: (path: string | undefined) => void }) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [expanded, setExpanded] = useState(() => new Set([props.root.path, ...ancestors(props.current)]));
  const rows = visibleRows(props.root, expanded);
  const [cursor, setCursor] = useState(() =>
    Math.max(
      0,
      rows.findIndex((r) => r.node.path === props.current),
    ),
  );
  // The window's first row moves only as far as keeps the cursor in view (derived while rendering, kept for the next).
  const top = useRef(0);
  const height = Math.max(3, (stdout.rows || 24) - CHROME_LINES);
  const at = Math.min(cursor, rows.length - 1);
  const first = scrollTop(top.current, at, height, rows.length);
  top.current = first;
  const selected = rows[at]!.node;
  // What the key handler acts on: read through a ref, as ink may still hold the handler of an earlier render when keys
  // come faster than renders.
  const live = useRef({ at, rows, selected, expanded });
  live.current = { at, rows, selected, expanded };
  const toggle = (open?: boolean) => {
    const { selected: node, expanded: now } = live.current;
    if (!node.children.length) return;
    const next = new Set(now);
    if (open ?? !next.has(node.path)) next.add(node.path);
    else next.delete(node.path);
    live.current.expanded = next;
    live.current.rows = visibleRows(props.root, next);
    setExpanded(next);
  };
  const move = (by: number) => {
    const { at: from, rows: all } = live.current;
    const to = Math.max(0, Math.min(all.length - 1, from + by));
    live.current.at = to;
    live.current.selected = all[to]!.node;
    setCursor(to);
  };
  useInput((input, key) => {
    if (key.upArrow || input === 'k') move(-1);
    else if (key.downArrow || input === 'j') move(1);
    else if (key.rightArrow || input === 'l') toggle(true);
    else if (key.leftArrow || input === 'h' || key.backspace) toggle(false);
    else if (input === ' ') toggle();
    else if (key.return) {
      if (live.current.selected.mount) return;
      props.onChoose(live.current.selected.path);
      exit();
    } else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) {
      props.onChoose(undefined);
      exit();
    }
  });
  const shown = rows.slice(first, first + height);
  return (
    <Box flexDirection="column">
      <Text bold={props.color}>kcp Workspaces</Text>
      <Text>{details(selected)}</Text>
      <Text> </Text>
      {first > 0 ? <Text dimColor={props.color}> ...</Text> : null}
      {shown.map(({ node, depth }, i) => {
        const isCursor = first + i === at;
        const icon = node.children.length ? (expanded.has(node.path) ? '▼ ' : '▶ ') : '  ';
        return (
          <Text
            key={node.path}
            {...(props.color && isCursor ? { inverse: true } : {})}
            {...(props.color && node.path === props.current ? { color: 'green' } : {})}
          >
            {'  '.repeat(depth)}
            {isCursor ? '→ ' : '  '}
            {icon}
            {node.label}
            {node.mount ? ' [m]' : ''}
            {node.phase && node.phase !== 'Ready' ? ` (${node.phase})` : ''}
          </Text>
        );
      })}
      {first + height < rows.length ? <Text dimColor={props.color}> ...</Text> : null}
      <Text> </Text>
      <Text>{selected.mount ? 'A mounted workspace: enter it with kubectl ws use' : 'Press Enter to switch to this workspace'}</Text>
      <Text dimColor={props.color}>↑/↓: navigate →/←/Space: expand/collapse q: quit</Text>
    </Box>
  );
}

/** Shows the browser and resolves with the chosen path (undefined when the user quits). */
export async function browse(s: Session): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw cliError('interactiveNeedsTerminal');
  const loc = s.location();
  const tree = await loadTree(s, loc.path.split(':')[0]!);
  let chosen: string | undefined;
  // The alternate screen: the browser leaves nothing in the scrollback, only what the command prints after it.
  process.stdout.write('\x1b[?1049h');
  try {
    const color = !process.env['NO_COLOR'];
    const app = render(<Browser root={tree} current={loc.path} color={color} onChoose={(p) => (chosen = p)} />);
    await app.waitUntilExit();
    app.clear();
  } finally {
    process.stdout.write('\x1b[?1049l');
  }
  return chosen;
}
