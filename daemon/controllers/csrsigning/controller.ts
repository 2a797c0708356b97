// Wires the CSR signing controller: approved requests for the kube-apiserver-client signers are signed with the
// control plane's CA (the one its client certificates are verified against), so an issued certificate authenticates
// its CN as user and its Os as groups.
import type { CA } from '../../auth/pki.js';
import { loadX509, parseCSR, signCSR } from '../../apis/certificates/x509.js';
import type { Registry } from '../../registry/registry.js';
import { RevisionMismatchError } from '../../storage/store.js';
import { Controller } from '../runtime/controller.js';
import type { ControllerManager } from '../runtime/manager.js';
import { awaitsSigning, reconcileSigning, type SigningDeps } from './reconcile.js';

const CSRS = 'certificates.k8s.io/certificatesigningrequests';

interface Key {
  cluster: string;
  name: string;
}

export function signingDeps(registry: Registry, ca: CA): SigningDeps {
  const store = registry.store;
  const key = (cluster: string, name: string) => ({ cluster, resource: CSRS, namespace: '', name });
  return {
    now: () => registry.now(),
    get: (cluster, name) => store.get(key(cluster, name)),
    updateStatus: (cluster, csr) => {
      try {
        store.update(key(cluster, csr.metadata.name!), csr, Number(csr.metadata.resourceVersion));
        return true;
      } catch (err) {
        if (err instanceof RevisionMismatchError) return false;
        throw err;
      }
    },
    parse: async (request) => {
      await loadX509();
      return parseCSR(request);
    },
    sign: (csr, usages, ttlMs) => signCSR(ca, csr, usages, ttlMs, registry.now().getTime()),
  };
}

export function csrSigningController(manager: ControllerManager, registry: Registry, ca: CA): Controller<Key> {
  const deps = signingDeps(registry, ca);
  const controller = manager.add(
    new Controller<Key>({
      name: 'csrsigning',
      key: (k) => `${k.cluster}\u0000${k.name}`,
      // Signing waits on WebCrypto: a few requests may be signed at once.
      workers: 2,
      reconcile: async (k) => void (await reconcileSigning(deps, k.cluster, k.name)),
    }),
  );
  manager.informers.for(CSRS).addHandler((ev) => {
    if (ev.type !== 'DELETED' && awaitsSigning(ev.object)) controller.enqueue({ cluster: ev.cluster, name: ev.name });
  });
  return controller;
}
