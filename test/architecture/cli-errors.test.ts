// The CLI reports every failure through its error catalogue (src/errors/catalogue.ts), so each one has a class and
// so an exit status: no ad-hoc errors or exit statuses in the CLI's sources. Read from the sources, like imports.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CATALOGUE = 'src/errors/catalogue.ts';
const AD_HOC = [
  { what: 'an error built outside the catalogue', re: /\bnew\s+\w*Error\s*\(|\bextends\s+\w*Error\b/ },
  { what: 'a literal exit status', re: /\b(?:this|process)\.exit\(\s*\d|process\.exitCode\s*=\s*\d/ },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test(?:kit)?\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('CLI errors', () => {
  it('all come from the catalogue, with its exit statuses', () => {
    const found: string[] = [];
    for (const file of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'commands'))]) {
      const name = relative(ROOT, file);
      if (name === CATALOGUE) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const { what, re } of AD_HOC) if (re.test(line)) found.push(`${name}:${i + 1}: ${what}: ${line.trim()}`);
        });
    }
    expect(found, found.join('\n')).toEqual([]);
  });
});
