// `kcpx ws -i`: browse the workspace tree with the arrow keys and switch with Enter (ink; terminals only).
import { Box, render, Text, useApp, useInput } from 'ink';
import { useState } from 'react';
import { cliError } from '../errors/catalogue.js';
import { lastSegment, parseClusterURL } from './paths.js';
import type { Session } from './session.js';
import { WS_API, type WorkspaceObject } from './ops.js';

interface Row {
  path: string;
  depth: number;
  mount: boolean;
  phase: string;
}

/** The tree below `root` as rows in display order (mounts are leaves, as in `ws tree`). */
async function loadRows(s: Session, root: string): Promise<Row[]> {
  const rows: Row[] = [{ path: root, depth: 0, mount: false, phase: 'Ready' }];
  const walk = async (path: string, depth: number): Promise<void> => {
    const r = await s.client().call<{ items: WorkspaceObject[] }>('GET', `/clusters/${path}${WS_API}`);
    if (r.status !== 200) return;
    for (const ws of r.body.items ?? []) {
      if (ws.metadata.deletionTimestamp) continue;
      const child = ws.spec?.URL ? parseClusterURL(ws.spec.URL)?.path : undefined;
      const childPath = child ?? `${path}:${ws.metadata.name}`;
      rows.push({ path: childPath, depth, mount: Boolean(ws.spec?.mount), phase: ws.status?.phase ?? '' });
      if (!ws.spec?.mount && child) await walk(child, depth + 1);
    }
  };
  await walk(root, 1);
  return rows;
}

function Browser(props: { rows: Row[]; current: string; onChoose: (path: string | undefined) => void }) {
  const { exit } = useApp();
  const [index, setIndex] = useState(
    Math.max(
      0,
      props.rows.findIndex((r) => r.path === props.current),
    ),
  );
  useInput((input, key) => {
    if (key.upArrow || input === 'k') setIndex((i) => Math.max(0, i - 1));
    else if (key.downArrow || input === 'j') setIndex((i) => Math.min(props.rows.length - 1, i + 1));
    else if (key.return) {
      props.onChoose(props.rows[index]!.path);
      exit();
    } else if (input === 'q' || key.escape || (key.ctrl && input === 'c')) {
      props.onChoose(undefined);
      exit();
    }
  });
  return (
    <Box flexDirection="column">
      <Text bold>kcpx workspaces</Text>
      {props.rows.map((r, i) => (
        <Text key={r.path} inverse={i === index} color={r.path === props.current ? 'green' : undefined}>
          {'  '.repeat(r.depth)}
          {i === index ? '→ ' : '  '}
          {r.depth === 0 ? r.path : lastSegment(r.path)}
          {r.mount ? ' [m]' : ''}
          {r.phase && r.phase !== 'Ready' ? ` (${r.phase})` : ''}
        </Text>
      ))}
      <Text dimColor>↑/↓: navigate Enter: switch q: quit</Text>
    </Box>
  );
}

/** Shows the browser and resolves with the chosen path (undefined when the user quits). */
export async function browse(s: Session): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw cliError('interactiveNeedsTerminal');
  const loc = s.location();
  const root = loc.path.split(':')[0]!;
  const rows = await loadRows(s, root);
  let chosen: string | undefined;
  const app = render(<Browser rows={rows} current={loc.path} onChoose={(p) => (chosen = p)} />);
  await app.waitUntilExit();
  return chosen;
}
