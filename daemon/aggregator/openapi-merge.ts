// kube-aggregator's OpenAPI v2 merge (kube-openapi's aggregator package): an extension server's document is cut to
// the paths of its APIService's group/version and what they reference, then merged into the control plane's: a path
// the document already has is kept as it is, a definition (or shared parameter) of the same name and the same content
// is shared, one of the same name and other content is renamed `<name>_v2`, `_v3`, … with every reference to it.
import { isDeepStrictEqual } from 'node:util';

export interface Swagger {
  paths?: Record<string, unknown>;
  definitions?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  [key: string]: unknown;
}

const SECTIONS = [
  ['definitions', '#/definitions/'],
  ['parameters', '#/parameters/'],
] as const;

/** Calls `visit` on every `$ref` string under `node`; the ref is replaced by what it returns. */
function walkRefs(node: unknown, visit: (ref: string) => string): void {
  if (Array.isArray(node)) {
    for (const item of node) walkRefs(item, visit);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === '$ref' && typeof v === 'string') obj[k] = visit(v);
    else walkRefs(v, visit);
  }
}

/**
 * A copy of `doc` with only the paths under one of `prefixes`, and the definitions and parameters they reference,
 * directly or through each other (FilterSpecByPathsWithoutSideEffects).
 */
export function filterSpecByPaths(doc: Swagger, prefixes: readonly string[]): Swagger {
  const paths: Record<string, unknown> = {};
  for (const [p, item] of Object.entries(doc.paths ?? {})) if (prefixes.some((x) => p.startsWith(x))) paths[p] = item;
  const used = { definitions: new Set<string>(), parameters: new Set<string>() };
  const pending: unknown[] = [paths];
  while (pending.length) {
    walkRefs(pending.pop(), (ref) => {
      for (const [section, prefix] of SECTIONS) {
        if (!ref.startsWith(prefix)) continue;
        const name = ref.slice(prefix.length);
        if (used[section].has(name)) continue;
        used[section].add(name);
        const target = doc[section]?.[name];
        if (target !== undefined) pending.push(target);
      }
      return ref;
    });
  }
  const pick = (section: 'definitions' | 'parameters') =>
    Object.fromEntries(Object.entries(doc[section] ?? {}).filter(([k]) => used[section].has(k)));
  return structuredClone({ ...doc, paths, definitions: pick('definitions'), parameters: pick('parameters') });
}

/**
 * Merges `source` into `dest` (mutated; `source` is not): MergeSpecsIgnorePathConflictRenamingDefinitionsAndParameters.
 */
export function mergeSpecs(dest: Swagger, source: Swagger): void {
  const destPaths = (dest.paths ??= {});
  const newPaths = Object.keys(source.paths ?? {}).filter((p) => !(p in destPaths));
  if (newPaths.length === 0) return;
  // The source cut to exactly its new paths (as prefixes they could keep a longer path that conflicts).
  const kept = filterSpecByPaths({ ...source, paths: Object.fromEntries(newPaths.map((p) => [p, source.paths![p]])) }, ['']);
  for (const [section, prefix] of SECTIONS) {
    const into = (dest[section] ??= {});
    const from = kept[section] ?? {};
    const renames = new Map<string, string>();
    for (const [name, value] of Object.entries(from)) {
      if (!(name in into) || isDeepStrictEqual(into[name], value)) continue;
      let i = 2;
      while (`${name}_v${i}` in into || `${name}_v${i}` in from || [...renames.values()].includes(`${name}_v${i}`)) i++;
      renames.set(name, `${name}_v${i}`);
    }
    if (renames.size) {
      walkRefs(kept, (ref) => {
        const to = ref.startsWith(prefix) ? renames.get(ref.slice(prefix.length)) : undefined;
        return to ? prefix + to : ref;
      });
      for (const [from_, to] of renames) {
        from[to] = from[from_];
        delete from[from_];
      }
    }
    for (const [name, value] of Object.entries(from)) if (!(name in into)) into[name] = value;
  }
  for (const p of newPaths) destPaths[p] = kept.paths![p];
}
