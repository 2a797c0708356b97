// The architecture as the imports show it: no two folders import each other (directly or around a loop), the CLI
// never reaches into the daemon, and nothing shipped imports test support. Read from the sources, so it holds for
// every file without a list to keep up to date.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHIPPED = ['bench', 'commands', 'daemon', 'src'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

interface Edge {
  from: string;
  to: string;
  file: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !/\.test(?:kit)?\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const top of SHIPPED) {
    for (const file of sourceFiles(join(ROOT, top))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        const target = resolve(dirname(file), spec);
        out.push({ from: relative(ROOT, dirname(file)), to: relative(ROOT, dirname(target)), file: `${relative(ROOT, file)} → ${spec}` });
      }
    }
  }
  return out;
}

/** Strongly connected components of more than one folder (Tarjan). */
function folderCycles(all: Edge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const e of all) {
    if (e.from === e.to) continue;
    if (!graph.has(e.from)) graph.set(e.from, new Set());
    graph.get(e.from)!.add(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('architecture', () => {
  const all = edges();

  it('has no folder-level import cycles', () => {
    const report = folderCycles(all).map((scc) => {
      const inside = all.filter((e) => e.from !== e.to && scc.includes(e.from) && scc.includes(e.to));
      return `${scc.join(' ⇄ ')}\n${inside.map((e) => `    ${e.file}`).join('\n')}`;
    });
    expect(report, report.join('\n')).toEqual([]);
  });

  it('keeps the CLI out of the daemon', () => {
    const bad = all.filter(
      (e) => (e.from === 'commands' || e.from.startsWith('commands/')) && (e.to === 'daemon' || e.to.startsWith('daemon/')),
    );
    expect(bad.map((e) => e.file)).toEqual([]);
  });

  it('ships no test support', () => {
    const bad = all.filter(
      (e) => /(?:^|\/)test(?:\/|$)|\.testkit(?:\.js)?$/.test(e.file.split(' → ')[1]!) || e.to === 'test' || e.to.startsWith('test/'),
    );
    expect(bad.map((e) => e.file)).toEqual([]);
  });
});
