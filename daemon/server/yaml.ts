// The YAML parser for request bodies (application/yaml, apply-patch+yaml). It costs ~70 ms to load, so the daemon
// loads it after it starts serving (preloadYaml), and a YAML request that comes first waits for it (loadYaml).
import type * as YAMLModule from 'yaml';

let mod: typeof YAMLModule | undefined;
let loading: Promise<typeof YAMLModule> | undefined;

export function loadYaml(): Promise<typeof YAMLModule> {
  return (loading ??= import('yaml').then((m) => (mod = m)));
}

/** The loaded module; callers await loadYaml() first (api-handler does, for YAML content types). */
export function yaml(): typeof YAMLModule {
  if (!mod) throw new Error('the YAML parser is not loaded yet');
  return mod;
}

export function isYamlMediaType(type: string): boolean {
  return type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml' || type === 'application/apply-patch+yaml';
}
