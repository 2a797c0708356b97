// The built-in schemas against the upstream OpenAPI document in ../shared/oracle (a test oracle, never
// shipped): same property names, types, required fields and patch/list extensions, recursively through $refs.
import { beforeEach, describe, expect, it } from 'vitest';
import { requirePrerequisite } from '../../test/support/prerequisite.js';
import type { Schema } from '../apimachinery/types.js';
import { components } from './index.js';
import { FULLY_MODELLED_KINDS, FULLY_MODELLED_REVIEW_KINDS, ORACLE_ABSENT, readOracle } from './oracle.testkit.js';

const oracle = readOracle<{ definitions: Record<string, OracleSchema> }>()?.definitions;

interface OracleSchema {
  type?: string;
  $ref?: string;
  properties?: Record<string, OracleSchema>;
  items?: OracleSchema;
  additionalProperties?: OracleSchema;
  required?: string[];
  [k: string]: unknown;
}

const EXTENSIONS = [
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
] as const;

/** The fully modelled kinds, and ObjectMeta with them. */
const FULL = [...FULLY_MODELLED_KINDS, ...FULLY_MODELLED_REVIEW_KINDS, 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'];

function deref<T extends { $ref?: string }>(s: T, defs: Record<string, T>): T {
  return s.$ref ? deref(defs[s.$ref.replace(/^#\/(definitions|components\/schemas)\//, '')]!, defs) : s;
}

function compare(name: string, ours: Schema, theirs: OracleSchema, path: string, seen: Set<string>, problems: string[]): void {
  const o = deref(ours, components);
  const t = deref(theirs, oracle!);
  const key = `${path}`;
  if (seen.has(key) || path.split('.').length > 8) return;
  seen.add(key);
  if (t.type && o.type && t.type !== o.type) problems.push(`${name}${path}: type ${o.type} ≠ ${t.type}`);
  for (const ext of EXTENSIONS) {
    if (JSON.stringify(t[ext] ?? null) !== JSON.stringify(o[ext] ?? null))
      problems.push(`${name}${path}: ${ext} ${JSON.stringify(o[ext])} ≠ ${JSON.stringify(t[ext])}`);
  }
  if (JSON.stringify([...(t.required ?? [])].sort()) !== JSON.stringify([...(o.required ?? [])].sort())) {
    problems.push(`${name}${path}: required ${JSON.stringify(o.required ?? [])} ≠ ${JSON.stringify(t.required ?? [])}`);
  }
  if (o['x-kubernetes-preserve-unknown-fields']) return;
  const tp = Object.keys(t.properties ?? {}).sort();
  const op = Object.keys(o.properties ?? {}).sort();
  if (tp.length && JSON.stringify(tp) !== JSON.stringify(op))
    problems.push(`${name}${path}: properties [${op.join(',')}] ≠ [${tp.join(',')}]`);
  for (const p of tp) if (o.properties?.[p]) compare(name, o.properties[p], t.properties![p]!, `${path}.${p}`, seen, problems);
  if (t.items && o.items) compare(name, o.items, t.items, `${path}[]`, seen, problems);
}

describe('built-in schemas vs the upstream OpenAPI oracle', () => {
  beforeEach((ctx) => requirePrerequisite(ctx, oracle !== undefined, ORACLE_ABSENT));
  for (const name of FULL) {
    it(name, () => {
      const problems: string[] = [];
      expect(components[name], `${name} is defined`).toBeDefined();
      compare(name, components[name]!, oracle![name]!, '', new Set(), problems);
      expect(problems).toEqual([]);
    });
  }

  it('every kind carries its group-version-kind', () => {
    for (const name of FULL.filter((n) => !n.includes('.meta.'))) {
      expect(components[name]!['x-kubernetes-group-version-kind'], name).toEqual(oracle![name]!['x-kubernetes-group-version-kind']);
    }
  });
});
