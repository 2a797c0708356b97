// Wires the ServiceAccounts controller into the shard. Eventually consistent, as in kube: namespaces created in one
// turn of the event loop get their ServiceAccounts together on the next, in one transaction, off the path of the
// request that created them. The namespace informer's initial list finds the namespaces a crash or an older version
// left without one (checked by a cheap key lookup before anything is queued).
import { KeyExistsError } from '../../storage/store.js';
import { namespaceState } from '../../registry/namespace-state.js';
import type { Registry } from '../../registry/registry.js';
import { systemCreate } from '../../registry/system-create.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerManager } from '../runtime/manager.js';
import { DEFAULT_SERVICE_ACCOUNT, ensureDefaultServiceAccount, type ServiceAccountsDeps } from './reconcile.js';

const NAMESPACES = '/namespaces';
const SERVICE_ACCOUNTS = '/serviceaccounts';

interface Key {
  cluster: string;
  namespace: string;
}

export function serviceAccountsDeps(registry: Registry): ServiceAccountsDeps {
  const store = registry.store;
  return {
    namespaceActive: (cluster, namespace) => namespaceState(store, cluster, namespace) === 'active',
    hasServiceAccount: (cluster, namespace, name) => store.getRaw({ cluster, resource: SERVICE_ACCOUNTS, namespace, name }) !== undefined,
    createServiceAccount: (cluster, namespace, name) => {
      try {
        systemCreate(
          registry,
          cluster,
          SERVICE_ACCOUNTS,
          { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } },
          registry.now(),
        );
      } catch (err) {
        if (!(err instanceof KeyExistsError)) throw err;
      }
    },
  };
}

export function serviceAccountsController(
  manager: ControllerManager,
  registry: Registry,
  deps: ServiceAccountsDeps = serviceAccountsDeps(registry),
): Controller<Key> {
  const controller = manager.add(
    new Controller<Key>({
      name: 'serviceaccount',
      key: (k) => `${k.cluster}\u0000${k.namespace}`,
      batch: (pass) => registry.store.transaction(pass),
      reconcile: (k) => void ensureDefaultServiceAccount(deps, k.cluster, k.namespace),
    }),
  );
  manager.informers.for(NAMESPACES).addHandler((ev) => {
    if (ev.type === 'DELETED' || ev.object.metadata.deletionTimestamp) return;
    if (ev.type === 'ADDED' || (ev.type === 'SYNC' && !deps.hasServiceAccount(ev.cluster, ev.name, DEFAULT_SERVICE_ACCOUNT))) {
      controller.enqueue({ cluster: ev.cluster, namespace: ev.name });
    }
  });
  // Deletions only: the namespace list above finds the namespaces without one, so no ServiceAccount is read at start.
  manager.informers.for(SERVICE_ACCOUNTS).addHandler(
    (ev) => {
      if (ev.type === 'DELETED' && ev.name === DEFAULT_SERVICE_ACCOUNT)
        controller.enqueue({ cluster: ev.cluster, namespace: ev.namespace });
    },
    { list: false },
  );
  return controller;
}
