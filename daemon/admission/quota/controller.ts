// Wires quota into the shard: enforcement as a write hook (and a validating plugin for dry runs), and the
// ResourceQuota controller, recounting a namespace's quotas when one of its objects goes or a quota's limits
// change — on the next turn, so that a deletecollection of a thousand objects costs one recount, not a thousand.
import { RevisionMismatchError, type Store } from '../../storage/store.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ControllerManager } from '../../controllers/runtime/manager.js';
import type { AdmissionChain } from '../../registry/admission.js';
import { QUOTAS, QuotaEnforcement } from './enforcement.js';
import { reconcileQuotas, statusLags, type QuotaDeps } from './reconcile.js';

interface Key {
  cluster: string;
  namespace: string;
}

export function quotaDeps(store: Store): QuotaDeps {
  return {
    quotas: (cluster, namespace) => store.list({ cluster, resource: QUOTAS, namespace }).items,
    count: (cluster, namespace, resource) => store.count({ cluster, resource, namespace }),
    writeStatus(cluster, quota, status) {
      const key = { cluster, resource: QUOTAS, namespace: quota.metadata.namespace ?? '', name: quota.metadata.name! };
      try {
        store.update(key, { ...quota, status }, Number(quota.metadata.resourceVersion));
        return true;
      } catch (err) {
        if (err instanceof RevisionMismatchError) return false;
        throw err;
      }
    },
  };
}

export function resourceQuotas(
  manager: ControllerManager,
  admission: AdmissionChain,
  store: Store,
  deps = quotaDeps(store),
): QuotaEnforcement {
  const enforcement = new QuotaEnforcement(store);
  admission.register(enforcement);
  manager.addRunnable({ start: () => enforcement.scan() });
  manager.onWrite((ev) => enforcement.onWrite(ev));
  const controller = manager.add(
    new Controller<Key>({
      name: 'resourcequota',
      schedule: 'tick',
      key: (k) => `${k.cluster}\u0000${k.namespace}`,
      reconcile: (k) => void reconcileQuotas(deps, k.cluster, k.namespace),
    }),
  );
  manager.informers.for(QUOTAS).addHandler((ev) => {
    if (ev.type !== 'DELETED' && statusLags(ev.object)) controller.enqueue({ cluster: ev.cluster, namespace: ev.namespace });
  });
  // What frees quota: any object leaving a namespace that has some.
  manager.onAnyEvent((ev) => {
    if (ev.type === 'DELETED' && ev.namespace && ev.resource !== QUOTAS && enforcement.hasQuotas(ev.cluster, ev.namespace)) {
      controller.enqueue({ cluster: ev.cluster, namespace: ev.namespace });
    }
  });
  return enforcement;
}
