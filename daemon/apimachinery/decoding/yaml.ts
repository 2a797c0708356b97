// The YAML parser for request bodies (application/yaml, apply-patch+yaml) and mount kubeconfigs. It costs ~70 ms to
// load, so the daemon loads it after it starts serving, and a YAML request that comes first waits for it (loadYaml).
import type * as YAMLModule from 'yaml';
import { lazyImport, type LazyModule } from '../../support/lazy-import.js';

const parser: LazyModule<typeof YAMLModule> = lazyImport('the YAML parser', () => import('yaml'));

export const loadYaml: () => Promise<typeof YAMLModule> = parser.load;

/** The loaded module; callers await loadYaml() first (api-handler does, for YAML content types). */
export const yaml: () => typeof YAMLModule = parser.get;

export function isYamlMediaType(type: string): boolean {
  return type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml' || type === 'application/apply-patch+yaml';
}
