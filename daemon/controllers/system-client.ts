// How controllers change objects: through the registry's verbs, as a named system user, so that finalizers,
// propagation policies and admission apply to them as to any client (kube's controllers use the API too). The verbs
// load on a controller's first write, off the cold start (registry/lazy-verbs.ts).
import type { DeleteOptions } from '../registry/delete.js';
import type { Registry } from '../registry/registry.js';
import type { ResourceDef, UserInfo } from '../registry/types.js';
import { verbs } from '../registry/lazy-verbs.js';

export interface SystemClient {
  /** Deletes an object; false when it was already gone. */
  delete(cluster: string, def: ResourceDef, namespace: string, name: string, opts: DeleteOptions): Promise<boolean>;
}

export function systemClient(registry: Registry, username: string): SystemClient {
  const user: UserInfo = { username, groups: ['system:masters'] };
  return {
    async delete(cluster, def, namespace, name, opts) {
      const { deleteNamed } = await verbs.load();
      try {
        await deleteNamed(
          registry,
          { cluster, def, namespace, query: new URLSearchParams(), ctx: { cluster, user, now: registry.now(), dryRun: false } },
          name,
          opts,
          false,
        );
        return true;
      } catch (err) {
        if ((err as { code?: number }).code === 404) return false;
        throw err;
      }
    },
  };
}
