// The flags that choose what a control plane serves, shared by `kcpx start` and `kcpx run`.
import { Flags } from '@oclif/core';
import { MODES } from './batteries.js';

export const controlPlaneFlags = {
  mode: Flags.string({
    description: 'kcp: workspaces and kcp APIs; generic: one Kubernetes-style API server without workspaces.',
    options: [...MODES],
    default: 'kcp',
  }),
  batteries: Flags.string({
    description: 'API batteries to serve: all, none, a list (leases,crds) or +x/-x relative to the defaults (see below).',
  }),
};
