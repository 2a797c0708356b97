// Wires ValidatingAdmissionPolicies into the shard: the plugin in the validating phase, and the status controller,
// which judges each new generation of a policy.
import type { Authorize } from '../cel/authorizer.js';
import { RevisionMismatchError } from '../../storage/store.js';
import { Controller } from '../../controllers/runtime/controller.js';
import type { ControllerManager } from '../../controllers/runtime/manager.js';
import type { Registry } from '../../registry/registry.js';
import { lazyImport } from '../../support/lazy-import.js';
import { POLICIES, type AdmissionConfigurations } from '../config/configurations.js';
import { ValidatingAdmissionPolicies } from './plugin.js';
import { reconcilePolicyStatus, statusCurrent, type PolicyStatusDeps } from './status.js';

const evaluation = lazyImport(() => import('./evaluate.js'));

interface Key {
  cluster: string;
  name: string;
}

export function policyStatusDeps(registry: Registry): PolicyStatusDeps {
  const store = registry.store;
  const key = (cluster: string, name: string) => ({ cluster, resource: POLICIES, namespace: '', name });
  return {
    get: (cluster, name) => store.get(key(cluster, name)),
    warnings: async (spec) => (await evaluation.load()).typeCheckingWarnings(spec),
    writeStatus(cluster, policy, status) {
      try {
        store.update(key(cluster, policy.metadata.name!), { ...policy, status }, Number(policy.metadata.resourceVersion));
        return true;
      } catch (err) {
        if (err instanceof RevisionMismatchError) return false;
        throw err;
      }
    },
  };
}

export function validatingAdmissionPolicies(
  manager: ControllerManager,
  registry: Registry,
  configs: AdmissionConfigurations,
  authorize: Authorize,
  deps = policyStatusDeps(registry),
): void {
  registry.admission.register(new ValidatingAdmissionPolicies(configs, registry.store, registry.catalogs, authorize));
  const controller = manager.add(
    new Controller<Key>({
      name: 'validatingadmissionpolicy-status',
      key: (k) => `${k.cluster}\u0000${k.name}`,
      reconcile: async (k) => void (await reconcilePolicyStatus(deps, k.cluster, k.name)),
    }),
  );
  manager.informers.for(POLICIES).addHandler((ev) => {
    if (ev.type !== 'DELETED' && !statusCurrent(ev.object)) controller.enqueue({ cluster: ev.cluster, name: ev.name });
  });
}
