// What `npm pack` ships: the build and the CLI, never test data (test/fixtures, extracted from the upstream OpenAPI
// document, is test-only), test support, or the scripts that make test data.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the package', () => {
  it('ships no tests, test data or test support', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    expect(files).toContain('bin/kcpx');
    expect(files).toContain('dist/src/errors/catalogue.js');
    expect(files.filter((f) => /^test\/|^scripts\/(?!oclif-manifest\.js$)|\.test\.|\.testkit\.|fixtures/.test(f))).toEqual([]);
  });
});
