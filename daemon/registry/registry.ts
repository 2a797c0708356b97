// The generic API machinery of one shard: storage, the per-cluster catalogs, admission and the clock. Verbs
// live in read.ts, write.ts and watch.ts; they are free functions over this object.
import type { Store } from '../storage/store.js';
import { AdmissionChain } from './admission.js';
import type { Catalogs } from './catalog.js';
import { ClusterDefaults } from './cluster-defaults.js';

export interface RegistryOptions {
  /** Called after any write that may change a cluster's API surface (CRDs), so caches drop it. */
  onApiChange?: (cluster: string) => void;
  /** Seconds; watches without timeoutSeconds last this long × (1 + random). Default 1800, as kube. */
  minRequestTimeout?: number;
  /** The admission chain, when this registry is a view of another one's (a virtual workspace) and shares it. */
  admission?: AdmissionChain;
}

export class Registry {
  readonly admission: AdmissionChain;
  /** Objects some kinds keep in every logical cluster, made when a cluster first uses the kind. */
  readonly defaults = new ClusterDefaults();

  constructor(
    readonly store: Store,
    readonly catalogs: Catalogs,
    readonly opts: RegistryOptions = {},
  ) {
    this.admission = opts.admission ?? new AdmissionChain();
  }

  now(): Date {
    return new Date();
  }
}
