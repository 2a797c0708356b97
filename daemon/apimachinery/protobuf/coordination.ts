// coordination.k8s.io/v1 Lease (k8s.io/api/coordination/v1/generated.proto). Every spec field is a pointer in Go,
// so whatever arrives is kept, zeros included.
import { message } from './descriptor.js';
import { MicroTime, ObjectMeta } from './meta.js';

export const Lease = message('Lease', {
  1: ['metadata', ObjectMeta],
  2: [
    'spec',
    message('LeaseSpec', {
      1: ['holderIdentity', 'string', 'pointer'],
      2: ['leaseDurationSeconds', 'int32', 'pointer'],
      3: ['acquireTime', MicroTime],
      4: ['renewTime', MicroTime],
      5: ['leaseTransitions', 'int32', 'pointer'],
      6: ['strategy', 'string', 'pointer'],
      7: ['preferredHolder', 'string', 'pointer'],
    }),
  ],
});
