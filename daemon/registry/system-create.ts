// Objects the server itself creates (controllers, bootstrap): server-owned metadata and type defaults as the API
// would set them, without admission or managedFields (kube's controllers write through the API and get
// managedFields; kcpx's write in-process, where nothing asks for them).
import type { KObject } from '../apimachinery/types.js';
import { prepareMetaForCreate } from './meta.js';
import type { Registry } from './registry.js';
import type { ResourceDef } from './types.js';

const SYSTEM_USER = { username: 'system:kcpx', groups: ['system:masters'] };

function builtinDef(registry: Registry, resource: string): ResourceDef {
  const d = registry.catalogs.builtins.find((x) => `${x.group}/${x.plural}` === resource);
  if (!d) throw new Error(`resource ${resource} is not served`);
  return d;
}

/**
 * Stores a new built-in object (storage resource key, e.g. `/serviceaccounts`); throws KeyExistsError. `status`, when
 * given, is what the controller owning it would write at once (a create through the API starts without one).
 */
export function systemCreate(
  registry: Registry,
  cluster: string,
  resource: string,
  obj: KObject,
  now: Date,
  status?: Record<string, unknown>,
): KObject {
  const def = builtinDef(registry, resource);
  prepareMetaForCreate(obj, def.strategy.tracksGeneration, cluster, now);
  def.strategy.prepareForCreate(obj, { cluster, now, dryRun: false, user: SYSTEM_USER });
  if (status) obj['status'] = status;
  const ns = def.namespaced ? (obj.metadata.namespace ?? '') : '';
  return registry.store.create({ cluster, resource, namespace: ns, name: obj.metadata.name! }, obj);
}
