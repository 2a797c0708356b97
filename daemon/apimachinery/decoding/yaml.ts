// The YAML parser for request bodies (application/yaml, apply-patch+yaml) and mount kubeconfigs. It costs ~70 ms to
// load, so the daemon loads it after it starts serving; code that parses YAML gets it from loadYaml() (a request
// with a YAML body that comes first waits for it).
import type * as YAMLModule from 'yaml';
import { lazyImport } from '../../support/lazy-import.js';

export type YamlParser = typeof YAMLModule;

const parser = lazyImport<YamlParser>(() => import('yaml'));

export const loadYaml = (): Promise<YamlParser> => parser.load();

export function isYamlMediaType(type: string): boolean {
  return type === 'application/yaml' || type === 'application/x-yaml' || type === 'text/yaml' || type === 'application/apply-patch+yaml';
}
