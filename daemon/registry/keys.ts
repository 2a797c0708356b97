// Names derived from a ResourceDef, used for storage keys and for messages.
import type { GroupResource } from '../apimachinery/status.js';
import type { ResourceDef } from './types.js';

/**
 * Storage resource key: `<group>/<plural>`, `/configmaps` for the core group; a kind stored as another (storedAs) is
 * stored under that kind's key, and a bound resource under its export's identity (storageKey).
 */
export function storageResource(def: Pick<ResourceDef, 'group' | 'plural' | 'storageKey' | 'storedAs'>): string {
  if (def.storageKey) return def.storageKey;
  const stored = def.storedAs ?? def;
  return `${stored.group}/${stored.plural}`;
}

export function groupResource(def: Pick<ResourceDef, 'group' | 'plural'>): GroupResource {
  return { group: def.group, resource: def.plural };
}

/** `ConfigMap`, or `Widget.example.dev` outside the core group, as 422 messages print kinds. */
export function qualifiedKind(def: Pick<ResourceDef, 'group' | 'kind'>): string {
  return def.group ? `${def.kind}.${def.group}` : def.kind;
}

export function apiVersionOf(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Where a group-version is served, without the leading slash: `api/v1`, `apis/<group>/<version>`. */
export function groupVersionPath(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `apis/${def.group}/${def.version}` : `api/${def.version}`;
}
