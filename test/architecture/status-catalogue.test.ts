// Every Kubernetes Status the daemon answers is built by the catalogue in daemon/apimachinery/status.ts, where each
// code, reason and message shape is kube's: a Status made up elsewhere is how wrong reasons and wordings creep in.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CATALOGUE = 'daemon/apimachinery/status.ts';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test(?:kit)?\.tsx?$/.test(f))
    .map((f) => join(dir, f));
}

describe('the Status catalogue', () => {
  it('is the only place that constructs a StatusError', () => {
    const offenders = [...sources('daemon'), ...sources('src')].filter(
      (f) => f !== CATALOGUE && /\bnew StatusError\(/.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    expect(offenders.map((f) => relative('.', f))).toEqual([]);
  });
});
