// Lists exports nobody imports: `npx tsx scripts/unused-exports.ts [folder…]` (default: every source folder). For
// each export of a file in the given folders it prints whether the export is imported nowhere ("unused"), only by
// tests and test kits ("tests only"), or used only inside its own file ("local": the `export` can go). Reads the
// import statements, nothing else: a namespace or dynamic import of a file counts as using all of its exports, and a
// name re-exported by another file counts as used by that file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['bench', 'commands', 'daemon', 'src', 'test', 'scripts', 'bin'];
const isTest = (f: string) => /\.test\.tsx?$|\.testkit\.tsx?$|^test\//.test(f);

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(p);
    return /\.(tsx?|js)$/.test(e.name) || dir === 'bin' ? [p] : [];
  });
}

const all = FOLDERS.flatMap(files);
const text = new Map(all.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')]));

function resolveSpec(from: string, spec: string): string | undefined {
  const base = join(dirname(from), spec);
  for (const cand of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, join(base, 'index.ts')])
    if (text.has(cand)) return cand;
  return undefined;
}

/** Exported names of each file. */
const exportsOf = new Map<string, Set<string>>();
for (const [f, src] of text) {
  const names = new Set<string>();
  for (const m of src.matchAll(
    /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\*?|class|const|let|var|interface|type|enum)\s+([A-Za-z_$][\w$]*)/gm,
  ))
    names.add(m[1]!);
  for (const m of src.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      if (name) names.add(name);
    }
  }
  if (/^export\s+default\s/m.test(src)) names.add('default');
  exportsOf.set(f, names);
}

/** file → name → files importing it. */
const users = new Map<string, Map<string, Set<string>>>();
const use = (target: string, name: string, by: string) => {
  if (!users.has(target)) users.set(target, new Map());
  const m = users.get(target)!;
  if (!m.has(name)) m.set(name, new Set());
  m.get(name)!.add(by);
};
for (const [f, src] of text) {
  for (const m of src.matchAll(/(?:import|export)\s+(type\s+)?([^;'"]*?)\s*from\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolveSpec(f, m[3]!);
    if (!target) continue;
    const clause = m[2]!.trim();
    if (/^\*/.test(clause)) {
      for (const n of exportsOf.get(target) ?? []) use(target, n, f);
      continue;
    }
    const braces = /\{([^}]*)\}/.exec(clause);
    const def = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/,/g, '')
      .trim();
    if (def && def !== 'type') use(target, 'default', f);
    for (const part of braces?.[1]?.split(',') ?? []) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name) use(target, name, f);
    }
  }
  for (const m of src.matchAll(/import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
    const target = resolveSpec(f, m[1]!);
    if (target) for (const n of exportsOf.get(target) ?? []) use(target, n, f);
  }
  // oclif loads commands by their default export; the bin scripts and package.json name the entry points.
  if (/^commands\//.test(f)) use(f, 'default', 'oclif');
}

const scope = process.argv.slice(2);
const inScope = (f: string) => !isTest(f) && (scope.length === 0 || scope.some((s) => f === s || f.startsWith(`${s.replace(/\/$/, '')}/`)));
for (const [f, names] of [...exportsOf].filter(([f]) => inScope(f)).sort()) {
  for (const name of names) {
    const by = [...(users.get(f)?.get(name) ?? [])].filter((u) => u !== f);
    if (by.some((u) => !isTest(u))) continue;
    const local = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\b`, 'g');
    const ownUses = (text.get(f)!.match(local) ?? []).length - 1;
    const verdict = by.length ? `tests only (${by.map((u) => relative('.', u)).join(', ')})` : ownUses > 0 ? 'local' : 'unused';
    console.log(`${f}: ${name}: ${verdict}`);
  }
}
