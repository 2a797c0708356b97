// A generic control plane (`--mode generic`) is the root logical cluster alone, with no workspace to create it: its
// system namespaces are made here at start, as kube-apiserver's system namespaces controller makes them.
import { DEFAULT_NAMESPACES, ROOT } from '../apis/core-kcp/names.js';
import type { Registry } from '../registry/registry.js';
import { systemCreate } from '../registry/system-create.js';

const NAMESPACES = '/namespaces';

/** Creates the namespaces kube always has, where missing (a restart finds them, or finds them deleted by a user). */
export function bootstrapGeneric(registry: Registry): void {
  const now = registry.now();
  registry.store.transaction(() => {
    for (const name of DEFAULT_NAMESPACES) {
      if (registry.store.get({ cluster: ROOT, resource: NAMESPACES, namespace: '', name })) continue;
      systemCreate(registry, ROOT, NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, now);
    }
  });
}
