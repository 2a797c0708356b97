// The generic verbs serve every kind alike: what a kind does differently is its strategy's (daemon/registry/strategy.ts,
// daemon/apis/<group>/, daemon/apiextensions/custom-resource-strategy.ts). So the registry's files and the API
// handler's dispatch name no resource and never ask whether a resource is a custom one. Read from the sources and
// from the served kinds, so it holds for every file and every kind without a list to keep up to date.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinResources } from '../../daemon/apis/index.js';
import { ALL_BATTERIES } from '../../daemon/registry/types.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files of the generic verbs and their machinery: daemon/registry/*.ts (not tests) and the API handler. */
function genericFiles(): string[] {
  const registry = join(ROOT, 'daemon/registry');
  const files = readdirSync(registry)
    .filter((f) => /\.ts$/.test(f) && !/\.test(?:kit)?\.ts$/.test(f))
    .map((f) => join(registry, f));
  return [...files, join(ROOT, 'daemon/endpoints/api-handler.ts')];
}

/** Where a resource's name is the machinery's own business, and why. */
const ALLOWED: Array<{ file: string; plural: string; why: string }> = [
  {
    file: 'daemon/registry/namespace-state.ts',
    plural: 'namespaces',
    why: "kube's NamespaceLifecycle: every namespaced object lives in a namespace",
  },
];

/** The code without its comments (which may name kinds as examples); strings keep their `//` (URLs). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** A string literal that is a resource's name, alone or as a storage key (`'namespaces'`, `'/namespaces'`, `'rbac.authorization.k8s.io/roles'`). */
function namesResource(text: string, plural: string): boolean {
  return new RegExp(`(['"\`])(?:[a-z0-9.-]*/)?${plural}\\1`).test(text);
}

const CRD_BRANCH = /\.crd\b/;

describe('the generic verbs', () => {
  const plurals = [...new Set(builtinResources(new Set(ALL_BATTERIES)).map((d) => d.plural))];
  const files = genericFiles().map((f) => ({ file: relative(ROOT, f), text: code(readFileSync(f, 'utf8')) }));

  it('catch what they look for (the checks below can fail)', () => {
    expect(plurals).toEqual(expect.arrayContaining(['namespaces', 'serviceaccounts', 'customresourcedefinitions', 'workspaces']));
    expect(namesResource(code("if (def.group === '' && def.plural === 'serviceaccounts') {"), 'serviceaccounts')).toBe(true);
    expect(namesResource(code("store.getRaw({ resource: '/namespaces' })"), 'namespaces')).toBe(true);
    expect(namesResource(code('// a comment on `namespaces`'), 'namespaces')).toBe(false);
    expect(CRD_BRANCH.test(code('if (def.crd) await loadCrdValidator();'))).toBe(true);
    expect(files.map((f) => f.file)).toEqual(
      expect.arrayContaining(['daemon/registry/write.ts', 'daemon/registry/delete.ts', 'daemon/endpoints/api-handler.ts']),
    );
  });

  it('never ask whether a resource is a custom resource', () => {
    expect(files.filter((f) => CRD_BRANCH.test(f.text)).map((f) => f.file)).toEqual([]);
  });

  it('name no resource', () => {
    const found = files.flatMap((f) =>
      plurals
        .filter((p) => namesResource(f.text, p) && !ALLOWED.some((a) => a.file === f.file && a.plural === p))
        .map((p) => `${f.file}: '${p}'`),
    );
    expect(found).toEqual([]);
  });

  it('keep no allowance nothing needs', () => {
    const stale = ALLOWED.filter((a) => !files.some((f) => f.file === a.file && namesResource(f.text, a.plural)));
    expect(stale.map((a) => `${a.file}: '${a.plural}' (${a.why})`)).toEqual([]);
  });
});
